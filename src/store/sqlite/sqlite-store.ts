import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { withGroupCommit } from './group-commit.js';
import { CoherenceCheck, ReadCache } from './read-cache.js';
import { sqliteGroups } from './groups.js';
import {
  StoreConflictError,
  type AliasEntry,
  type ClientRecord,
  type PoolRecord,
  type Store,
  type UserListQuery,
  type UserRecord,
} from '../types.js';
import { deepFreeze, familyState, parse, rowMappers, type Row } from '../rows.js';

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  file: string;
  /** 'normal': WAL + synchronous=NORMAL (survives process crashes; a power loss may drop the last commits). 'full': fsync per commit. */
  durability?: 'normal' | 'full';
}

const json = (v: unknown) => JSON.stringify(v);

/**
 * Pool and client configs parsed once per row and text. Every token-authorized request reads its pool (a ~4 KB
 * config) and client; parsing them each time was ~5 % of SetUserMFAPreference's CPU. The memo is keyed by the row
 * (a short key) and checked against the text just read (string equality: a length check and a memcmp), so an update
 * made anywhere, by this process or another, is seen at once. The objects are shared, hence frozen: the domain builds
 * a new config for every change and never mutates one in place.
 */
const CONFIG_MEMO_MAX = 1024;
const configMemo = new Map<string, { text: string; config: Record<string, unknown> }>();
function parseConfig(row: string, v: unknown): Record<string, unknown> {
  const text = v as string;
  const hit = configMemo.get(row);
  if (hit && hit.text === text) return hit.config;
  const config = deepFreeze(JSON.parse(text) as Record<string, unknown>);
  if (!hit && configMemo.size >= CONFIG_MEMO_MAX) configMemo.delete(configMemo.keys().next().value!);
  configMemo.set(row, { text, config });
  return config;
}

function isUniqueViolation(e: unknown): boolean {
  // Only key conflicts: a NOT NULL or CHECK failure is a bug, not a conflict the domain may answer.
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function openSqliteStore(options: SqliteOptions): Store {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Measured with the bench (docs/performance.md): a 32 MB page cache instead of the default 2 MB keeps the hot
  // pages of big pools in the process (+10 % on writes at 1,000,000 users, ~+25 MB RSS at most), and checkpointing
  // every 10,000 WAL pages (~40 MB) instead of 1,000 writes a page changed many times once, with one fsync of the
  // database file per checkpoint instead of ten (+20 % on SetUserMFAPreference, p99 −40 %). Durability is the WAL's
  // and does not depend on either.
  db.pragma('cache_size = -32000');
  db.pragma('wal_autocheckpoint = 10000');
  migrate(db);

  const cache = new Map<string, Statement>();
  const st = (sql: string): Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const one = (sql: string, ...p: unknown[]) => st(sql).get(...p) as Row | undefined;
  // Every token-authorized request makes this read. In raw mode better-sqlite3 returns the row as an array, named
  // below in one object literal, instead of building a keyed object from the column names per row (~1 µs, measured).
  const accessTokenRead = db
    .prepare(
      `SELECT (SELECT revoked_at IS NULL AND pool_id = ? FROM token_families WHERE origin_jti = ?) AS family_live,
         u.pool_id, u.username_key, u.username, u.sub, u.status, u.enabled, u.created_at, u.updated_at, u.version, u.attributes, u.data
       FROM (SELECT 1) LEFT JOIN users u ON u.pool_id = ? AND u.username_key = ?`,
    )
    .raw();
  const all = (sql: string, ...p: unknown[]) => st(sql).all(...p) as Row[];
  const run = (sql: string, ...p: unknown[]) => st(sql).run(...p).changes;

  const { toPool, toClient, toUser, toSession, toCode, toFamily, toKey, toDevice, toMessage } = rowMappers({
    bool: (v) => v === 1,
    attributes: (v) => parse(v),
    poolConfig: (r) => parseConfig(`${options.file}\0pool\0${r.id as string}`, r.config),
    clientConfig: (r) => parseConfig(`${options.file}\0client\0${r.pool_id as string}\0${r.client_id as string}`, r.config),
  });

  const coherence = new CoherenceCheck(db, options.file);
  const poolCache = new ReadCache<PoolRecord>(coherence);
  const clientCache = new ReadCache<ClientRecord>(coherence); // by client id: client ids are unique across pools

  /** Runs an insert, turning a key conflict into StoreConflictError(what). */
  const insert = (what: string, fn: () => unknown): void => {
    try {
      fn();
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreConflictError(what);
      throw e;
    }
  };

  const insertAliases = (poolId: string, usernameKey: string, aliases: AliasEntry[]) => {
    for (const a of aliases) {
      try {
        run('INSERT INTO user_aliases (pool_id, kind, value_key, username_key) VALUES (?, ?, ?, ?)', poolId, a.kind, a.valueKey, usernameKey);
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreConflictError(`alias:${a.kind}`);
        throw e;
      }
    }
  };

  const createUserTx = db.transaction((u: UserRecord, aliases: AliasEntry[]) => {
    try {
      run(
        `INSERT INTO users (pool_id, username_key, username, sub, status, enabled, created_at, updated_at, version, attributes, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        u.poolId, u.usernameKey, u.username, u.sub, u.status, u.enabled ? 1 : 0, u.createdAt, u.updatedAt, u.version, json(u.attributes), json(u.data),
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreConflictError('username');
      throw e;
    }
    insertAliases(u.poolId, u.usernameKey, aliases);
  });

  const updateUserRow = (u: UserRecord): boolean =>
    run(
      `UPDATE users SET username = ?, sub = ?, status = ?, enabled = ?, updated_at = ?, version = version + 1, attributes = ?, data = ?
       WHERE pool_id = ? AND username_key = ? AND version = ?`,
      u.username, u.sub, u.status, u.enabled ? 1 : 0, u.updatedAt, json(u.attributes), json(u.data), u.poolId, u.usernameKey, u.version,
    ) === 1;
  const updateUserTx = db.transaction((u: UserRecord, aliases?: AliasEntry[]): boolean => {
    if (!updateUserRow(u)) return false;
    if (aliases) {
      run('DELETE FROM user_aliases WHERE pool_id = ? AND username_key = ?', u.poolId, u.usernameKey);
      insertAliases(u.poolId, u.usernameKey, aliases);
    }
    return true;
  });

  const deleteUserTx = db.transaction((poolId: string, usernameKey: string, now: number): boolean => {
    const n = run('DELETE FROM users WHERE pool_id = ? AND username_key = ?', poolId, usernameKey);
    run('DELETE FROM user_aliases WHERE pool_id = ? AND username_key = ?', poolId, usernameKey);
    run('DELETE FROM codes WHERE pool_id = ? AND username_key = ?', poolId, usernameKey);
    run('DELETE FROM totp_marks WHERE pool_id = ? AND username_key = ?', poolId, usernameKey);
    run('DELETE FROM devices WHERE pool_id = ? AND username_key = ?', poolId, usernameKey);
    run('DELETE FROM group_members WHERE pool_id = ? AND username_key = ?', poolId, usernameKey);
    run('UPDATE token_families SET revoked_at = COALESCE(revoked_at, ?) WHERE pool_id = ? AND username_key = ?', now, poolId, usernameKey);
    return n === 1;
  });

  const deletePoolTx = db.transaction((id: string): boolean => {
    const n = run('DELETE FROM pools WHERE id = ?', id);
    for (const table of ['clients', 'users', 'user_aliases', 'challenge_sessions', 'codes', 'token_families', 'signing_keys', 'totp_marks', 'devices', 'groups', 'group_members']) {
      run(`DELETE FROM ${table} WHERE pool_id = ?`, id);
    }
    return n === 1;
  });

  const findClient = (clientId: string) =>
    clientCache.get(clientId, () => {
      const r = one('SELECT * FROM clients WHERE client_id = ?', clientId);
      return r && toClient(r);
    });

  const store: Store = {
    kind: 'sqlite',
    pools: {
      async create(p) {
        try {
          run('INSERT INTO pools (id, name, created_at, updated_at, config) VALUES (?, ?, ?, ?, ?)', p.id, p.name, p.createdAt, p.updatedAt, json(p.config));
        } catch (e) {
          if (isUniqueViolation(e)) throw new StoreConflictError('pool');
          throw e;
        }
      },
      async get(id) {
        return poolCache.get(id, () => {
          const r = one('SELECT * FROM pools WHERE id = ?', id);
          return r && toPool(r);
        });
      },
      async update(p) {
        poolCache.drop(p.id);
        return run('UPDATE pools SET name = ?, updated_at = ?, config = ? WHERE id = ?', p.name, p.updatedAt, json(p.config), p.id) === 1;
      },
      async delete(id) {
        poolCache.drop(id);
        clientCache.clear();
        return deletePoolTx.immediate(id);
      },
      async list(limit, after) {
        return all('SELECT * FROM pools WHERE id > ? ORDER BY id LIMIT ?', after ?? '', limit).map(toPool);
      },
    },
    clients: {
      async create(c) {
        try {
          run(
            'INSERT INTO clients (client_id, pool_id, client_name, client_secret, created_at, updated_at, config) VALUES (?, ?, ?, ?, ?, ?, ?)',
            c.clientId, c.poolId, c.clientName, c.clientSecret ?? null, c.createdAt, c.updatedAt, json(c.config),
          );
        } catch (e) {
          if (isUniqueViolation(e)) throw new StoreConflictError('client');
          throw e;
        }
      },
      async get(poolId, clientId) {
        const c = findClient(clientId);
        return c && c.poolId === poolId ? c : undefined;
      },
      async find(clientId) {
        return findClient(clientId);
      },
      async update(c) {
        clientCache.drop(c.clientId);
        return (
          run(
            'UPDATE clients SET client_name = ?, client_secret = ?, updated_at = ?, config = ? WHERE client_id = ? AND pool_id = ?',
            c.clientName, c.clientSecret ?? null, c.updatedAt, json(c.config), c.clientId, c.poolId,
          ) === 1
        );
      },
      async delete(poolId, clientId) {
        clientCache.drop(clientId);
        return run('DELETE FROM clients WHERE client_id = ? AND pool_id = ?', clientId, poolId) === 1;
      },
      async list(poolId, limit, after) {
        return all('SELECT * FROM clients WHERE pool_id = ? AND client_id > ? ORDER BY client_id LIMIT ?', poolId, after ?? '', limit).map(toClient);
      },
    },
    users: {
      async create(u, aliases) {
        createUserTx.immediate(u, aliases);
      },
      async get(poolId, usernameKey) {
        const r = one('SELECT * FROM users WHERE pool_id = ? AND username_key = ?', poolId, usernameKey);
        return r && toUser(r);
      },
      async getForAccessToken(poolId, usernameKey, originJti) {
        const a = accessTokenRead.get(poolId, originJti ?? null, poolId, usernameKey) as unknown[];
        const user = a[2] === null ? undefined : toUser({
          pool_id: a[1], username_key: a[2], username: a[3], sub: a[4], status: a[5], enabled: a[6], created_at: a[7],
          updated_at: a[8], version: a[9], attributes: a[10], data: a[11],
        });
        return { user, family: familyState(a[0]) };
      },
      async findByAlias(poolId, kind, valueKey) {
        const r = one(
          `SELECT u.* FROM user_aliases a JOIN users u ON u.pool_id = a.pool_id AND u.username_key = a.username_key
           WHERE a.pool_id = ? AND a.kind = ? AND a.value_key = ?`,
          poolId, kind, valueKey,
        );
        return r && toUser(r);
      },
      async update(u, aliases) {
        // One statement is atomic on its own: no savepoint unless the alias set is replaced with it.
        return aliases ? updateUserTx.immediate(u, aliases) : updateUserRow(u);
      },
      async delete(poolId, usernameKey, now) {
        return deleteUserTx.immediate(poolId, usernameKey, now);
      },
      async list(poolId, q: UserListQuery) {
        const after = q.after ?? '';
        if (!q.filter) {
          return all('SELECT * FROM users WHERE pool_id = ? AND username_key > ? ORDER BY username_key LIMIT ?', poolId, after, q.limit).map(toUser);
        }
        const { attribute, prefix, value } = q.filter;
        const column = attribute === 'username' ? 'username' : attribute === 'status' ? 'status' : attribute === 'sub' ? 'sub' : null;
        // The attribute name is bound, never spliced into the JSON path; a missing attribute yields NULL and never matches.
        const target = column ?? `json_extract(attributes, '$."' || ? || '"')`;
        const targetParams = column ? [] : [attribute];
        // substr/length rather than LIKE: % and _ in the value are literal characters, and the comparison is exact.
        const cond = prefix ? `substr(${target}, 1, length(?)) = ?` : `${target} = ?`;
        const condParams = prefix ? [...targetParams, value, value] : [...targetParams, value];
        return all(
          `SELECT * FROM users WHERE pool_id = ? AND username_key > ? AND ${cond} ORDER BY username_key LIMIT ?`,
          poolId, after, ...condParams, q.limit,
        ).map(toUser);
      },
      async count(poolId) {
        return (one('SELECT COUNT(*) AS n FROM users WHERE pool_id = ?', poolId)!.n as number) ?? 0;
      },
    },
    sessions: {
      async create(s) {
        insert('session', () => run(
          `INSERT INTO challenge_sessions (id_hash, pool_id, client_id, username_key, challenge, data, created_at, expires_at, used_at, failures)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0)`,
          s.idHash, s.poolId, s.clientId, s.usernameKey, s.challenge, json(s.data), s.createdAt, s.expiresAt,
        ));
      },
      async get(idHash) {
        const r = one('SELECT * FROM challenge_sessions WHERE id_hash = ?', idHash);
        return r && toSession(r);
      },
      async consume(idHash, now) {
        return run('UPDATE challenge_sessions SET used_at = ? WHERE id_hash = ? AND used_at IS NULL AND expires_at > ?', now, idHash, now) === 1;
      },
      async recordFailure(idHash) {
        const r = one('UPDATE challenge_sessions SET failures = failures + 1 WHERE id_hash = ? RETURNING failures', idHash);
        return (r?.failures as number) ?? 0;
      },
      async deleteExpired(now) {
        return run('DELETE FROM challenge_sessions WHERE expires_at <= ?', now);
      },
    },
    codes: {
      async put(c) {
        run(
          `INSERT INTO codes (pool_id, username_key, purpose, code_hash, created_at, expires_at, used_at, failures)
           VALUES (?, ?, ?, ?, ?, ?, NULL, 0)
           ON CONFLICT (pool_id, username_key, purpose) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at,
             expires_at = excluded.expires_at, used_at = NULL, failures = 0`,
          c.poolId, c.usernameKey, c.purpose, c.codeHash, c.createdAt, c.expiresAt,
        );
      },
      async get(poolId, usernameKey, purpose) {
        const r = one('SELECT * FROM codes WHERE pool_id = ? AND username_key = ? AND purpose = ?', poolId, usernameKey, purpose);
        return r && toCode(r);
      },
      async consume(poolId, usernameKey, purpose, codeHash, now) {
        return (
          run(
            `UPDATE codes SET used_at = ? WHERE pool_id = ? AND username_key = ? AND purpose = ? AND code_hash = ? AND used_at IS NULL AND expires_at > ?`,
            now, poolId, usernameKey, purpose, codeHash, now,
          ) === 1
        );
      },
      async recordFailure(poolId, usernameKey, purpose) {
        const r = one(
          'UPDATE codes SET failures = failures + 1 WHERE pool_id = ? AND username_key = ? AND purpose = ? RETURNING failures',
          poolId, usernameKey, purpose,
        );
        return (r?.failures as number) ?? 0;
      },
      async delete(poolId, usernameKey, purpose) {
        run('DELETE FROM codes WHERE pool_id = ? AND username_key = ? AND purpose = ?', poolId, usernameKey, purpose);
      },
    },
    tokens: {
      async createFamily(f) {
        insert('token family', () => run(
          `INSERT INTO token_families (origin_jti, pool_id, client_id, username_key, sub, device_key, auth_time, refresh_hash, created_at, refresh_expires_at, revoked_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
          f.originJti, f.poolId, f.clientId, f.usernameKey, f.sub, f.deviceKey ?? null, f.authTime, f.refreshHash, f.createdAt, f.refreshExpiresAt,
        ));
      },
      async getFamily(originJti) {
        const r = one('SELECT * FROM token_families WHERE origin_jti = ?', originJti);
        return r && toFamily(r);
      },
      async findByRefreshHash(refreshHash) {
        const r = one('SELECT * FROM token_families WHERE refresh_hash = ?', refreshHash);
        return r && toFamily(r);
      },
      async revokeFamily(originJti, now) {
        return run('UPDATE token_families SET revoked_at = ? WHERE origin_jti = ? AND revoked_at IS NULL', now, originJti) === 1;
      },
      async revokeUser(poolId, usernameKey, now) {
        return run('UPDATE token_families SET revoked_at = ? WHERE pool_id = ? AND username_key = ? AND revoked_at IS NULL', now, poolId, usernameKey);
      },
      async revokeDevice(poolId, deviceKey, now) {
        return run('UPDATE token_families SET revoked_at = ? WHERE pool_id = ? AND device_key = ? AND revoked_at IS NULL', now, poolId, deviceKey);
      },
    },
    signingKeys: {
      async putIfAbsent(k) {
        run(
          `INSERT INTO signing_keys (pool_id, use, kid, private_key_sealed, public_jwk, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (pool_id, use) DO NOTHING`,
          k.poolId, k.use, k.kid, k.privateKeySealed, json(k.publicJwk), k.createdAt,
        );
        return toKey(one('SELECT * FROM signing_keys WHERE pool_id = ? AND use = ?', k.poolId, k.use)!);
      },
      async get(poolId, use) {
        const r = one('SELECT * FROM signing_keys WHERE pool_id = ? AND use = ?', poolId, use);
        return r && toKey(r);
      },
      async list(poolId) {
        return all('SELECT * FROM signing_keys WHERE pool_id = ? ORDER BY use', poolId).map(toKey);
      },
    },
    totp: {
      async claimStep(poolId, usernameKey, step) {
        return (
          run(
            `INSERT INTO totp_marks (pool_id, username_key, last_step) VALUES (?, ?, ?)
             ON CONFLICT (pool_id, username_key) DO UPDATE SET last_step = excluded.last_step WHERE totp_marks.last_step < excluded.last_step`,
            poolId, usernameKey, step,
          ) === 1
        );
      },
    },
    devices: {
      async create(d) {
        try {
          run(
            `INSERT INTO devices (device_key, pool_id, username_key, group_key, verifier, salt, name, remembered, confirmed, attributes, created_at, updated_at, last_authenticated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            d.deviceKey, d.poolId, d.usernameKey, d.groupKey, d.verifier ?? null, d.salt ?? null, d.name ?? null, d.remembered ? 1 : 0,
            d.confirmed ? 1 : 0, json(d.attributes), d.createdAt, d.updatedAt, d.lastAuthenticatedAt ?? null,
          );
        } catch (e) {
          if (isUniqueViolation(e)) throw new StoreConflictError('device');
          throw e;
        }
      },
      async get(poolId, deviceKey) {
        const r = one('SELECT * FROM devices WHERE device_key = ? AND pool_id = ?', deviceKey, poolId);
        return r && toDevice(r);
      },
      async update(d) {
        return (
          run(
            `UPDATE devices SET group_key = ?, verifier = ?, salt = ?, name = ?, remembered = ?, confirmed = ?, attributes = ?, updated_at = ?, last_authenticated_at = ?
             WHERE device_key = ? AND pool_id = ?`,
            d.groupKey, d.verifier ?? null, d.salt ?? null, d.name ?? null, d.remembered ? 1 : 0, d.confirmed ? 1 : 0, json(d.attributes), d.updatedAt,
            d.lastAuthenticatedAt ?? null, d.deviceKey, d.poolId,
          ) === 1
        );
      },
      async delete(poolId, deviceKey) {
        return run('DELETE FROM devices WHERE device_key = ? AND pool_id = ?', deviceKey, poolId) === 1;
      },
      async listForUser(poolId, usernameKey, limit, after) {
        return all(
          'SELECT * FROM devices WHERE pool_id = ? AND username_key = ? AND device_key > ? ORDER BY device_key LIMIT ?',
          poolId, usernameKey, after ?? '', limit,
        ).map(toDevice);
      },
    },
    groups: sqliteGroups({ db, one, all, run, isUniqueViolation, toUser }),
    outbox: {
      async add(m) {
        const r = one(
          `INSERT INTO outbox (pool_id, username, channel, destination, subject, body, code, purpose, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          m.poolId, m.username, m.channel, m.destination, m.subject ?? null, m.body, m.code ?? null, m.purpose, m.createdAt,
        );
        return r!.id as number;
      },
      async list(q) {
        const where: string[] = [];
        const params: unknown[] = [];
        if (q.poolId) (where.push('pool_id = ?'), params.push(q.poolId));
        if (q.username) (where.push('username = ?'), params.push(q.username));
        if (q.channel) (where.push('channel = ?'), params.push(q.channel));
        const sql = `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
        return all(sql, ...params, q.limit).map(toMessage);
      },
    },
    kv: {
      async put(namespace, key, value, expiresAt) {
        run(
          `INSERT INTO kv (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
          namespace, key, json(value), expiresAt ?? null,
        );
      },
      async get(namespace, key, now) {
        const r = one('SELECT value FROM kv WHERE namespace = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)', namespace, key, now);
        return r && parse(r.value);
      },
      async take(namespace, key, now) {
        const r = one('DELETE FROM kv WHERE namespace = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?) RETURNING value', namespace, key, now);
        return r && parse(r.value);
      },
      async delete(namespace, key) {
        return run('DELETE FROM kv WHERE namespace = ? AND key = ?', namespace, key) === 1;
      },
      async list(namespace, keyPrefix, limit) {
        return all('SELECT key, value FROM kv WHERE namespace = ? AND substr(key, 1, length(?)) = ? ORDER BY key LIMIT ?', namespace, keyPrefix, keyPrefix, limit).map(
          (r) => ({ key: r.key as string, value: parse<Record<string, unknown>>(r.value) }),
        );
      },
    },
    async reset() {
      coherence.clearAll();
      db.transaction(() => {
        for (const t of ['pools', 'clients', 'users', 'user_aliases', 'challenge_sessions', 'codes', 'token_families', 'signing_keys', 'totp_marks', 'devices', 'groups', 'group_members', 'outbox', 'kv']) {
          db.exec(`DELETE FROM ${t}`);
        }
      }).immediate();
    },
    async close() {
      db.close();
    },
  };
  return withGroupCommit(db, store, options.file, coherence);
}

function migrate(db: Database.Database): void {
  // BEGIN IMMEDIATE takes the write lock before reading what is applied: processes opening a new file at once
  // (serve --workers N) queue up behind the busy timeout instead of applying the same migration twice.
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map((r) => r.id));
    for (const m of SQLITE_MIGRATIONS) {
      if (applied.has(m.id)) continue;
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, datetime('now'))").run(m.id, m.name);
    }
  }).immediate();
}
