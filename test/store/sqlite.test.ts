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
        // Ids are reserved per change and appended as each lands, so the list is not in id order.
        const byId = [...SQLITE_MIGRATIONS].sort((a, b) => a.id - b.id);
        assert.deepEqual(db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all(), byId.map((m) => ({ id: m.id, name: m.name })));
      } finally {
        db.close();
      }
    }
  });
});

describe('sqlite store: upgrading a database of schema 1', () => {
  it('moves users, sessions, devices and kv to rowid tables with every row and key intact', async () => {
    const old = join(dir, 'schema-1.db');
    const db = new Database(old);
    db.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    db.exec(SQLITE_MIGRATIONS[0]!.sql);
    db.prepare("INSERT INTO schema_migrations VALUES (1, ?, datetime('now'))").run(SQLITE_MIGRATIONS[0]!.name);
    const big = JSON.stringify({ password: { verifier: 'ab'.repeat(400) } }); // ~1.4 KB: an overflowing row in schema 1
    db.prepare("INSERT INTO users VALUES ('us-east-1_old', 'alice', 'Alice', 'sub-a', 'CONFIRMED', 1, 1, 2, 7, '{\"email\":\"a@example.com\"}', ?)").run(big);
    db.prepare("INSERT INTO user_aliases VALUES ('us-east-1_old', 'email', 'a@example.com', 'alice')").run();
    db.prepare("INSERT INTO challenge_sessions VALUES ('h1', 'us-east-1_old', 'c1', 'alice', 'SMS_MFA', '{}', 1, 9e15, NULL, 2)").run();
    db.prepare("INSERT INTO devices VALUES ('us-east-1_dev1', 'us-east-1_old', 'alice', 'g', 'v', 's', 'n', 1, 1, '{}', 1, 2, NULL)").run();
    db.prepare("INSERT INTO kv VALUES ('ns', 'k', '{\"x\":1}', NULL)").run();
    db.close();

    const store = openSqliteStore({ file: old });
    try {
      const user = await store.users.get('us-east-1_old', 'alice');
      assert.equal(user?.version, 7);
      assert.deepEqual(user?.data, JSON.parse(big));
      assert.equal((await store.users.findByAlias('us-east-1_old', 'email', 'a@example.com'))?.username, 'Alice');
      assert.equal((await store.sessions.get('h1'))?.failures, 2);
      assert.equal((await store.devices.get('us-east-1_old', 'us-east-1_dev1'))?.remembered, true);
      assert.deepEqual(await store.kv.get('ns', 'k', 0), { x: 1 });
      // The unique keys survived the move.
      await assert.rejects(
        store.users.create({ ...user!, sub: 'sub-b' }, []),
        (e: unknown) => e instanceof Error && e.name === 'StoreConflictError',
      );
      await assert.rejects(store.sessions.create({ idHash: 'h1', poolId: 'p', clientId: 'c', usernameKey: 'u', challenge: 'X', data: {}, createdAt: 0, expiresAt: 1, failures: 0 }));
    } finally {
      await store.close();
    }
    const check = new Database(old, { readonly: true });
    try {
      const withoutRowid = check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%' ORDER BY name").pluck().all();
      assert.deepEqual(withoutRowid, ['attempts', 'codes', 'signing_keys', 'totp_marks', 'user_aliases'], 'only tables of small rows stay WITHOUT ROWID');
    } finally {
      check.close();
    }
  });
});
