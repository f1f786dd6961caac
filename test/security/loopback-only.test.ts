import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopbackAddress, loadServerConfig } from '../../src/config/config.js';
import { startServer } from '../../src/cli/serve.js';
import { silentLogger } from '../../src/platform/log.js';

/**
 * Attack: without access keys anyone who reaches the port administers, so cognate must listen on loopback only —
 * but the check was a string prefix: `--host 127.evil.invalid` (a DNS name an attacker controls, resolving to a
 * public address) passed it. Names are resolved and the address actually bound is checked.
 */
describe('keyless mode listens on loopback only', () => {
  it('exposure: --host 127.evil.invalid, a name that only looks like loopback, is refused before listening', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cognate-loopback-'));
    try {
      const config = loadServerConfig(['--host', '127.evil.invalid', '--port', '0', '--data', dataDir], {});
      await assert.rejects(startServer(config, { log: silentLogger }), /refusing to listen on 127\.evil\.invalid without access keys/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exposure: only loopback addresses count (127.0.0.0/8, ::1, IPv4-mapped 127.x), not names or other addresses', () => {
    for (const a of ['127.0.0.1', '127.9.8.7', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) assert.equal(isLoopbackAddress(a), true, a);
    for (const a of ['127.evil.invalid', 'localhost', '0.0.0.0', '::', '10.0.0.1', '::ffff:10.0.0.1', '1::1', '::11', '128.0.0.1']) assert.equal(isLoopbackAddress(a), false, a);
  });

  it('localhost and 127.0.0.1 still start without access keys', async () => {
    for (const host of ['localhost', '127.0.0.1']) {
      const dataDir = mkdtempSync(join(tmpdir(), 'cognate-loopback-'));
      try {
        const running = await startServer(loadServerConfig(['--host', host, '--port', '0', '--data', dataDir], {}), { log: silentLogger });
        await running.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  });
});
