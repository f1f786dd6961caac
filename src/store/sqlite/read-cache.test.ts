import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { openSqliteStore } from './sqlite-store.js';
import { RequestEpoch } from '../../platform/request-epoch.js';
import type { PoolRecord } from '../types.js';

const pool = (config: Record<string, unknown>): PoolRecord => ({ id: 'us-east-1_cache', name: 'p', createdAt: 1, updatedAt: 1, config });
const require = createRequire(import.meta.url);
const turn = () => new Promise((r) => setImmediate(r));

/** Another process commits a new MfaConfiguration for the test pool. */
function external(file: string, mfa: string): void {
  const script = `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const db = new D(${JSON.stringify(file)});
    db.pragma('busy_timeout = 5000'); db.prepare('UPDATE pools SET config = ? WHERE id = ?').run('{"MfaConfiguration":"${mfa}"}', 'us-east-1_cache'); db.close();`;
  execFileSync(process.execPath, ['-e', script]);
}

function withFile(fn: (file: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-read-cache-'));
    try {
      await fn(join(dir, 'db.sqlite'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('a cached pool is frozen and shared, and this store sees its own update at once', withFile(async (file) => {
  const s = openSqliteStore({ file });
  await s.pools.create(pool({ MfaConfiguration: 'OFF' }));
  const a = await s.pools.get('us-east-1_cache');
  assert.equal(a, await s.pools.get('us-east-1_cache'), 'second read answered from the cache');
  assert.ok(Object.isFrozen(a));
  await s.pools.update({ ...a!, config: { MfaConfiguration: 'ON' } });
  assert.equal((await s.pools.get('us-east-1_cache'))!.config.MfaConfiguration, 'ON');
  // A store opened without a request epoch (no server): every cached read revalidates.
  external(file, 'OPTIONAL');
  assert.equal((await s.pools.get('us-east-1_cache'))!.config.MfaConfiguration, 'OPTIONAL');
  await s.close();
}));

test('another store of this process on the same file sees a change at once, in the same turn', withFile(async (file) => {
  const epoch = new RequestEpoch();
  const a = openSqliteStore({ file, requestEpoch: epoch });
  const b = openSqliteStore({ file, requestEpoch: epoch });
  await a.pools.create(pool({ MfaConfiguration: 'OFF' }));
  assert.equal((await b.pools.get('us-east-1_cache'))!.config.MfaConfiguration, 'OFF');
  await turn();
  // One request for all that follows: b's data_version reading is reused, so only the per-file commit counter can
  // tell b that a committed. b reads while a's batch is still open, then again right after a's commit.
  epoch.startRequest();
  const update = a.pools.update({ ...(await a.pools.get('us-east-1_cache'))!, config: { MfaConfiguration: 'ON' } });
  assert.equal((await b.pools.get('us-east-1_cache'))!.config.MfaConfiguration, 'OFF');
  await update;
  assert.equal((await b.pools.get('us-east-1_cache'))!.config.MfaConfiguration, 'ON');
  await a.clients.create({ poolId: 'us-east-1_cache', clientId: 'c1', clientName: 'n', createdAt: 1, updatedAt: 1, config: {} });
  assert.equal((await b.clients.find('c1'))!.clientName, 'n');
  await a.clients.delete('us-east-1_cache', 'c1');
  assert.equal(await b.clients.find('c1'), undefined);
  await a.close();
  await b.close();
}));

test('a change committed by another process is seen by the next request', withFile(async (file) => {
  const epoch = new RequestEpoch();
  const s = openSqliteStore({ file, requestEpoch: epoch });
  await s.pools.create(pool({ MfaConfiguration: 'OFF' }));
  const mfa = async () => (await s.pools.get('us-east-1_cache'))!.config.MfaConfiguration;
  epoch.startRequest();
  const seen = await mfa();
  external(file, seen === 'ON' ? 'OPTIONAL' : 'ON');
  assert.equal(await mfa(), seen, 'within one request: one reading, one view');
  epoch.startRequest();
  assert.equal(await mfa(), seen === 'ON' ? 'OPTIONAL' : 'ON', 'the next request sees the commit made before it arrived');
  await s.close();
}));

test('a failed store call drops what was cached during its batch', withFile(async (file) => {
  const s = openSqliteStore({ file });
  await s.pools.create(pool({ MfaConfiguration: 'OFF' }));
  const first = await s.pools.get('us-east-1_cache');
  await assert.rejects(s.pools.create(pool({})));
  const again = await s.pools.get('us-east-1_cache');
  assert.notEqual(again, first, 're-read from the database after the failure');
  assert.deepEqual(again, first);
  await s.close();
}));
