import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestServer, type TestServer } from '../helpers/server.js';
import type { Logger } from '../../src/platform/log.js';
import { rawRequest } from './helpers.js';

/**
 * Attacks: a request for the path `//` crashed the handler into an empty 500 (a URL parse error), and a client
 * that disconnects in the middle of its body was logged at error level — one line per aborted request, so anyone
 * could flood the error log, and real errors drown in it.
 */
describe('malformed requests and aborted clients', () => {
  let s: TestServer;
  const lines: Array<{ level: string; msg: string }> = [];
  const log: Logger = {
    debug: (msg) => lines.push({ level: 'debug', msg }),
    info: (msg) => lines.push({ level: 'info', msg }),
    warn: (msg) => lines.push({ level: 'warn', msg }),
    error: (msg) => lines.push({ level: 'error', msg }),
  };
  before(async () => {
    s = await startTestServer({ log });
  });
  after(async () => s.stop());

  for (const path of ['//', '//x', '///_cognate/outbox', '//evil.example/path']) {
    it(`malformed path: ${path} answers a Cognito-shaped 4xx, not an empty 500`, async () => {
      for (const method of ['GET', 'POST']) {
        const r = await rawRequest(s.url, { method, path, target: 'GetUser', body: method === 'POST' ? '{"AccessToken":"a.b.c"}' : '' });
        assert.ok(r.status >= 400 && r.status < 500, `${method} ${path}: ${r.status} ${r.text}`);
        assert.equal(typeof r.json?.__type, 'string', `${method} ${path}: ${r.text}`);
        assert.equal(typeof r.json?.message, 'string');
      }
    });
  }

  it('log flooding: 20 clients that abort mid-body leave no error-level log line', async () => {
    const url = new URL(s.url);
    lines.length = 0;
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const sock = connect(Number(url.port), url.hostname, () => {
          sock.write(
            'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-amz-json-1.1\r\n' +
              'x-amz-target: AWSCognitoIdentityProviderService.GetUser\r\ncontent-length: 1000\r\n\r\n{"AccessT',
          );
          setTimeout(() => {
            sock.destroy();
            resolve();
          }, 5);
        });
        sock.on('error', () => resolve());
      });
    }
    // Give the server the time to notice the resets.
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(lines.filter((l) => l.level === 'error'), []);
    assert.ok(lines.some((l) => l.level === 'debug'), 'the aborts are still visible at debug level');
  });
});
