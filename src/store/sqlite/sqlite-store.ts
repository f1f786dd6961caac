import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { FRESH_SCHEMA, FRESH_SCHEMA_MIGRATIONS } from './fresh-schema.js';
import { withGroupCommit } from './group-commit.js';
import type { Store } from '../types.js';
import { ALL_TABLES } from '../sql/tables.js';
import { sqliteContext } from './connection.js';
import { assembleRepositories } from '../assemble.js';
import { poolsAndClients } from './pools.js';
import { users } from './users.js';
import { sessions } from './sessions.js';
import { codes } from './codes.js';
import { tokens } from './tokens.js';
import { signingKeys } from './signing-keys.js';
import { totp } from './totp.js';
import { devices } from './devices.js';
import { groups } from './groups.js';
import { authEvents } from './auth-events.js';
import { domains } from './domains.js';
import { resourceServers } from './resource-servers.js';
import { identityProviders } from './identity-providers.js';
import { outbox } from './outbox.js';
import { kv } from './kv.js';
import { authorizationCodes } from './oauth-codes.js';
import { branding } from './branding.js';
import { quotas } from './quotas.js';
import type { RequestEpoch } from '../../platform/request-epoch.js';
import { attempts } from './attempts.js';

// better-sqlite3 is CommonJS: required as such, it skips the ESM loader's CommonJS facade (export detection over its
// sources), and given its addon's file it skips the `bindings` package's search for it (together ~4 ms of a cold
// start, docs/performance.md). Where the addon is elsewhere (another build layout), better-sqlite3 searches as usual.
const require = createRequire(import.meta.url);
const SqliteDatabase = require('better-sqlite3') as typeof Database;
const ADDON = addonFile();

function addonFile(): string | undefined {
  try {
    return require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
  } catch {
    return undefined;
  }
}

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  file: string;
  /** 'normal': WAL + synchronous=NORMAL (survives process crashes; a power loss may drop the last commits). 'full': fsync per commit. */
  durability?: 'normal' | 'full';
  /** How long a statement waits for another connection's write lock before it fails (default 5000 ms). */
  busyTimeoutMs?: number;
  /** The server's request counter: the pool/client cache checks for other processes' commits once per request. */
  requestEpoch?: RequestEpoch;
}

/**
 * Opens the SQLite store: one connection, the schema migrated, and the repositories (one module each, written over
 * the connection's context) assembled and wrapped in group commit.
 */
export function openSqliteStore(options: SqliteOptions): Store {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const busyTimeoutMs = Math.trunc(options.busyTimeoutMs ?? 5000);
  const db = new SqliteDatabase(options.file, { timeout: busyTimeoutMs, ...(ADDON ? { nativeBinding: ADDON } : {}) });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  switchToWal(db, busyTimeoutMs);
  db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  // Measured with the bench (docs/performance.md): a 32 MB page cache instead of the default 2 MB keeps the hot
  // pages of big pools in the process (+10 % on writes at 1,000,000 users, ~+25 MB RSS at most), and checkpointing
  // every 10,000 WAL pages (~40 MB) instead of 1,000 writes a page changed many times once, with one fsync of the
  // database file per checkpoint instead of ten (+20 % on SetUserMFAPreference, p99 −40 %). Durability is the WAL's
  // and does not depend on either.
  db.pragma('cache_size = -32000');
  db.pragma('wal_autocheckpoint = 10000');
  migrate(db);

  const ctx = sqliteContext(db, options.file, options.requestEpoch);
  const store: Store = {
    kind: 'sqlite',
    ...assembleRepositories(ctx, { poolsAndClients, users, sessions, codes, tokens, signingKeys, totp, devices, groups, domains, resourceServers, identityProviders, authorizationCodes, outbox, kv, attempts, quotas, branding, authEvents }),
    async reset() {
      ctx.coherence.clearAll();
      db.transaction(() => {
        for (const table of ALL_TABLES) db.exec(`DELETE FROM ${table}`);
      }).immediate();
    },
    async close() {
      db.close();
    },
  };
  return withGroupCommit(db, store, options.file, ctx.coherence);
}

/**
 * `PRAGMA journal_mode = WAL` needs the file to itself for a moment, and SQLite answers SQLITE_BUSY at once instead of
 * calling the busy handler when another connection is opening the same new file (seen with 16 processes starting
 * together on a fresh data folder: about one in a thousand failed). So it is retried here, for as long as the busy
 * timeout allows, with a short blocking pause: this runs once, at start-up, before the server answers anything.
 */
function switchToWal(db: Database.Database, busyTimeoutMs: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 5) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || waited >= busyTimeoutMs) throw e;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

function migrate(db: Database.Database): void {
  // BEGIN IMMEDIATE takes the write lock before reading what is applied: processes opening a new file at once
  // (serve --workers N) queue up behind the busy timeout instead of applying the same migration twice.
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map((r) => r.id));
    // A new database gets the final schema at once (./fresh-schema.ts, the same as the replay: its test proves it),
    // and every migration is recorded as applied, as a replay records them.
    const fresh = applied.size === 0 && FRESH_SCHEMA_MIGRATIONS === SQLITE_MIGRATIONS.map((m) => m.id).join(',');
    if (fresh) db.exec(FRESH_SCHEMA);
    const record = db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, datetime('now'))");
    for (const m of SQLITE_MIGRATIONS) {
      if (applied.has(m.id)) continue;
      if (!fresh) db.exec(m.sql);
      record.run(m.id, m.name);
    }
  }).immediate();
}
