import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { runStoreContract } from './contract.js';
import type { ThreadJob, ThreadResult } from './sqlite-threads.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-store-'));
const file = join(dir, 'cognate.db');

// Every call opens another connection to the same file, as a second process would.
runStoreContract(
  'sqlite',
  async () => openSqliteStore({ file }),
  async () => rmSync(dir, { recursive: true, force: true }),
);

describe('sqlite store: several connections writing in parallel (as `serve --workers N` does)', () => {
  it('keeps single use and optimistic concurrency across connections, and nobody sees SQLITE_BUSY', async () => {
    const THREADS = 6;
    const ROUNDS = 40;
    const poolId = 'us-east-1_threads';
    const setup = openSqliteStore({ file });
    await setup.reset();
    await setup.users.create(
      { poolId, username: 'alice', usernameKey: 'alice', sub: 'sub-a', status: 'CONFIRMED', enabled: true, createdAt: 0, updatedAt: 0, version: 1, attributes: { n: '0' }, data: {} },
      [{ kind: 'email', valueKey: 'n0@example.com' }],
    );
    for (let r = 0; r < ROUNDS; r++) {
      await setup.sessions.create({ idHash: `s${r}`, poolId, clientId: 'c', usernameKey: 'alice', challenge: 'X', data: {}, createdAt: 0, expiresAt: 1e15, failures: 0 });
      await setup.codes.put({ poolId, usernameKey: 'alice', purpose: `p${r}`, codeHash: 'h', createdAt: 0, expiresAt: 1e15, failures: 0 });
      await setup.kv.put('race', `k${r}`, { r });
    }
    const barrier = new SharedArrayBuffer(4);
    const results = await Promise.all(
      Array.from({ length: THREADS }, () => {
        const job: ThreadJob = { file, barrier, threads: THREADS, rounds: ROUNDS, poolId };
        const worker = new Worker(new URL('./sqlite-threads.js', import.meta.url), { workerData: job });
        return new Promise<ThreadResult>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        }).finally(() => worker.terminate());
      }),
    );
    assert.deepEqual(results.flatMap((r) => r.errors), []);
    for (let r = 0; r < ROUNDS; r++) {
      for (const what of ['session', 'code', 'totp', 'kv'] as const) {
        assert.equal(results.filter((t) => t.wins[r]![what]).length, 1, `round ${r}: exactly one ${what} winner`);
      }
    }
    const updates = results.reduce((n, t) => n + t.updates, 0);
    assert.equal(updates, THREADS * ROUNDS);
    const alice = (await setup.users.get(poolId, 'alice'))!;
    assert.equal(alice.attributes.n, String(THREADS * ROUNDS), 'no update was lost');
    assert.equal(alice.version, 1 + THREADS * ROUNDS);
    assert.equal((await setup.users.findByAlias(poolId, 'email', `n${THREADS * ROUNDS}@example.com`))!.usernameKey, 'alice');
    await setup.close();
  });
});

describe('sqlite store: start-up', () => {
  it('lets several processes open a new database file at once: migrations apply once, nobody fails', async () => {
    // The window is narrow: several fresh files, each opened by many threads released together.
    for (let attempt = 0; attempt < 4; attempt++) {
      const fresh = join(dir, `fresh-${attempt}.db`);
      const THREADS = 16;
      const barrier = new SharedArrayBuffer(4);
      const outcomes = await Promise.all(
        Array.from({ length: THREADS }, () => {
          const worker = new Worker(new URL('./sqlite-open-thread.js', import.meta.url), { workerData: { file: fresh, barrier, threads: THREADS } });
          return new Promise<string>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
          }).finally(() => worker.terminate());
        }),
      );
      assert.deepEqual(outcomes, Array(THREADS).fill('ok'));
      const db = new Database(fresh, { readonly: true });
      try {
        assert.deepEqual(db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all(), SQLITE_MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
      } finally {
        db.close();
      }
    }
  });
});
