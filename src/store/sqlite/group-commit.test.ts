import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from './sqlite-store.js';
import { StoreConflictError, type UserRecord } from '../types.js';
import { runStoreContract } from '../../../test/store/contract.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-group-commit-'));
const file = join(dir, 'cognate.db');

// The adapter batches the writes of one event-loop turn into one transaction (group-commit.ts); the contract runs
// with durability normal in test/store/sqlite.test.ts and with full here.
runStoreContract(
  'sqlite, durability full (group commit)',
  async () => openSqliteStore({ file, durability: 'full' }),
  async () => rmSync(dir, { recursive: true, force: true }),
);

const user = (name: string): UserRecord => ({
  poolId: 'us-east-1_gc', username: name, usernameKey: name, sub: `sub-${name}`, status: 'CONFIRMED', enabled: true,
  createdAt: 0, updatedAt: 0, version: 1, attributes: {}, data: {},
});

test('group commit: a failing call undoes only its own work, and every call settles after the commit is on disk', async () => {
  const gcDir = mkdtempSync(join(tmpdir(), 'cognate-group-commit-2-'));
  const gcFile = join(gcDir, 'cognate.db');
  const store = openSqliteStore({ file: gcFile });
  try {
    await store.users.create(user('taken'), [{ kind: 'sub', valueKey: 'sub-taken' }]);
    const results = await Promise.allSettled([
      store.users.create(user('a'), [{ kind: 'sub', valueKey: 'sub-a' }]),
      store.users.create(user('taken'), [{ kind: 'sub', valueKey: 'sub-other' }]),
      store.users.create(user('b'), [{ kind: 'sub', valueKey: 'sub-b' }]),
      store.users.get('us-east-1_gc', 'a'),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    assert.ok((results[1] as PromiseRejectedResult).reason instanceof StoreConflictError);
    // Settled means committed: another connection (another process) sees exactly the successful writes.
    const other = new Database(gcFile, { readonly: true });
    const names = (other.prepare("SELECT username FROM users WHERE pool_id = 'us-east-1_gc' ORDER BY username").all() as Array<{ username: string }>).map((r) => r.username);
    other.close();
    assert.deepEqual(names, ['a', 'b', 'taken']);
    assert.equal(await store.users.count('us-east-1_gc'), 3);
  } finally {
    await store.close();
    rmSync(gcDir, { recursive: true, force: true });
  }
});
