import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadServerConfig } from './config.js';

/** The function map of docs/triggers.md, in its three spellings, and what it refuses. */
test('COGNATE_FUNCTIONS pairs: module (with an export name), url, lambda with and without an endpoint; ARNs as names', () => {
  const config = loadServerConfig([], {
    COGNATE_FUNCTIONS:
      'arn:aws:lambda:us-east-1:1:function:a=module:./a.mjs, b=module:/abs/b.cjs#other, c=url:http://127.0.0.1:1/c, d=lambda:, e=lambda:http://127.0.0.1:3001',
    COGNATE_FUNCTION_TIMEOUT_MS: '250',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
  });
  assert.deepEqual(config.functions, {
    'arn:aws:lambda:us-east-1:1:function:a': { module: resolve('./a.mjs') },
    b: { module: '/abs/b.cjs', handler: 'other' },
    c: { url: 'http://127.0.0.1:1/c' },
    d: { lambda: true },
    e: { lambda: 'http://127.0.0.1:3001' },
  });
  assert.equal(config.functionTimeoutMs, 250);
  assert.equal(config.lambdaEndpoint, 'http://127.0.0.1:4566');
  assert.deepEqual(loadServerConfig([], { AWS_ENDPOINT_URL: 'http://x:1', AWS_ENDPOINT_URL_LAMBDA: 'http://y:2' }).lambdaEndpoint, 'http://y:2');
});

test('a config file: module paths relative to the file; the environment and flags override its entries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-fn-config-'));
  try {
    const file = join(dir, 'cognate.json');
    writeFileSync(file, JSON.stringify({ functions: { f: { module: 'handlers/f.mjs' }, g: { lambda: true, function: 'G' }, h: { url: 'http://a/h' } } }));
    const config = loadServerConfig(['--config', file, '--functions', '{"h":{"url":"http://flag/h"}}'], { COGNATE_FUNCTIONS: 'g=url:http://env/g' });
    assert.deepEqual(config.functions, { f: { module: join(dir, 'handlers/f.mjs') }, g: { url: 'http://env/g' }, h: { url: 'http://flag/h' } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unusable function map or timeout is a configuration error, not a failure at the first trigger', () => {
  assert.throws(() => loadServerConfig([], { COGNATE_FUNCTIONS: 'f=ftp:x' }), ConfigError);
  assert.throws(() => loadServerConfig([], { COGNATE_FUNCTIONS: 'no-kind' }), ConfigError);
  assert.throws(() => loadServerConfig([], { COGNATE_FUNCTIONS: '{"f":{"url":"file:///etc/passwd"}}' }), ConfigError);
  assert.throws(() => loadServerConfig([], { COGNATE_FUNCTIONS: '{not json' }), ConfigError);
  assert.throws(() => loadServerConfig([], { COGNATE_FUNCTION_TIMEOUT_MS: '0' }), ConfigError);
});

/** The custom senders' keys (docs/triggers.md, Custom sender triggers): KMSKeyID → 32-byte AES key, base64. */
test('COGNATE_SENDER_KEYS pairs and --sender-keys JSON: the key material by KMSKeyID; a key that is not 32 bytes is refused', () => {
  const a = Buffer.alloc(32, 1).toString('base64');
  const b = Buffer.alloc(32, 2).toString('base64');
  const config = loadServerConfig(['--sender-keys', JSON.stringify({ '*': b })], { COGNATE_SENDER_KEYS: `arn:aws:kms:us-east-1:1:key/k1=${a}` });
  assert.deepEqual(Object.keys(config.senderKeys).sort(), ['*', 'arn:aws:kms:us-east-1:1:key/k1']);
  assert.deepEqual(config.senderKeys['arn:aws:kms:us-east-1:1:key/k1'], Buffer.alloc(32, 1));
  assert.deepEqual(config.senderKeys['*'], Buffer.alloc(32, 2));
  assert.throws(() => loadServerConfig([], { COGNATE_SENDER_KEYS: `k=${Buffer.alloc(16).toString('base64')}` }), ConfigError);
  assert.throws(() => loadServerConfig([], { COGNATE_SENDER_KEYS: 'no-key' }), ConfigError);
});
