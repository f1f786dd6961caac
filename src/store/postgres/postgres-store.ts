import pg from 'pg';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { createHash } from 'node:crypto';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import {
  StoreConflictError,
  StoreUnavailableError,
  type AliasEntry,
  type Store,
  type UserListQuery,
} from '../types.js';
import { familyState, parse, rowMappers, type Row } from '../rows.js';
import { CONFIG_CHANNEL, ConfigCache, type ConfigListenerState } from './config-cache.js';
import { postgresGroups } from './groups.js';

export interface PostgresOptions {
  /**
   * postgres:// or postgresql:// URL (libpq-style parameters such as sslmode pass through to `pg`). cognate's own
   * parameters, removed before connecting: `schema` (tables live in this schema, created if missing; default: the
   * server's search_path) and `pool_max` (connections per process, default 10).
   */
  url: string;
  /** Overrides `pool_max`. */
  max?: number;
  /** How long a request waits for a connection before StoreUnavailableError (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Told when the pool/client cache's listener connection comes up or goes down (config-cache.ts). */
  onConfigListener?: (state: ConfigListenerState) => void;
  /** How long a cached pool or client may be served without a notification (default 5 s; tests shorten it). */
  configMaxAgeMs?: number;
}

/** A query on the pool or on one transaction's connection: repositories are plain functions over either. */
type Sql = (text: string, params?: unknown[]) => Promise<QueryResult<Row>>;

const json = (v: unknown) => JSON.stringify(v);

const UNIQUE_VIOLATION = '23505';
const CACHED_PLAN_CHANGED = '0A000';

/** A statement name per SQL text (the adapter's texts are a fixed, small set, filters included). */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `cognate_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return name;
}
/** Transient conflicts between transactions: the database rolled ours back, so running it again is safe. */
const RETRYABLE = new Set(['40001', '40P01']);

function sqlState(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Whether an error means "the database cannot be reached or cannot serve now" rather than "this query is wrong":
 * socket errors, pg's own connection errors, and SQLSTATE classes 08 (connection exception), 53 (insufficient
 * resources), 57 (operator intervention: shutdown, restart, cancel) and 58 (system error).
 * https://www.postgresql.org/docs/15/errcodes-appendix.html
 */
export function isUnavailable(e: unknown): boolean {
  const state = sqlState(e);
  if (state) return /^(08|53|57|58)/.test(state);
  if (typeof e !== 'object' || e === null) return false;
  const { code, syscall, message } = e as { code?: unknown; syscall?: unknown; message?: unknown };
  if (typeof syscall === 'string' || (typeof code === 'string' && /^E[A-Z]+$/.test(code))) return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|encountered a connection error|not queryable|Query read timeout|the database system is (starting up|shutting down)/i.test(
      message,
    )
  );
}

function toStoreError(e: unknown): unknown {
  if (e instanceof StoreConflictError || e instanceof StoreUnavailableError) return e;
  return isUnavailable(e) ? new StoreUnavailableError(e) : e;
}

/** Runs an insert, turning a key conflict into StoreConflictError(what). */
async function insert<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (sqlState(e) === UNIQUE_VIOLATION) throw new StoreConflictError(what);
    throw e;
  }
}

const INT8_OID = 20;
/** BIGINT columns hold epoch milliseconds and counts, all far below 2^53: read them as numbers, not strings. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Splits cognate's own parameters off the URL; the rest goes to `pg` unchanged. */
export function parsePostgresUrl(url: string): { connectionString: string; schema?: string; max?: number } {
  const u = new URL(url);
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error(`not a postgres:// URL: ${u.protocol}`);
  const schema = u.searchParams.get('schema') ?? undefined;
  const maxParam = u.searchParams.get('pool_max');
  u.searchParams.delete('schema');
  u.searchParams.delete('pool_max');
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a plain schema name: ${schema}`);
  const max = maxParam === null ? undefined : Number(maxParam);
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) throw new Error(`pool_max must be a positive integer: ${maxParam}`);
  return { connectionString: u.toString(), schema, max };
}

/** A 64-bit advisory-lock key per schema: processes migrating the same schema wait for each other, nobody else. */
function migrationLockKey(schema: string | undefined): string {
  return createHash('sha256').update(`cognate:migrations:${schema ?? ''}`).digest().readBigInt64BE(0).toString();
}

/**
 * Opens the PostgreSQL store: a connection pool, migrations applied under an advisory lock. Connection failures
 * surface as StoreUnavailableError (callers answer InternalErrorException); broken connections are dropped from
 * the pool and new ones are made on demand, so the store recovers by itself once the database is back.
 */
export async function openPostgresStore(options: PostgresOptions): Promise<Store> {
  const { connectionString, schema, max } = parsePostgresUrl(options.url);
  const connection = {
    connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    keepAlive: true,
    application_name: 'cognate',
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const poolSize = options.max ?? max ?? 10;
  const pool = new pg.Pool({ ...connection, max: poolSize, idleTimeoutMillis: 30_000, types });
  // An idle connection that the server closes (restart, failover, idle timeout) emits 'error' on the pool; the
  // pool has already discarded it. Without a listener Node would treat it as an uncaught error and exit.
  pool.on('error', () => {});

  const sql: Sql = async (text, params) => {
    // Named statements: PostgreSQL parses and plans each once per connection instead of on every call (measured:
    // SetUserMFAPreference ~3,300 -> ~4,900 req/s against a durable local cluster, where the server's parse/plan work
    // competes with cognate for the same cores). Transactions (tx) keep unnamed statements.
    const name = statementName(text);
    for (let attempt = 1; ; attempt++) {
      try {
        return await pool.query<Row>({ name, text, values: params });
      } catch (e) {
        // A migration run by another process changed a table under this connection's prepared statement ("cached
        // plan must not change result type"). pg-pool has discarded that connection, as after any failed query; a
        // fresh one prepares the statement again. At most every pooled connection can be stale once.
        if (sqlState(e) === CACHED_PLAN_CHANGED && attempt <= poolSize) continue;
        throw toStoreError(e);
      }
    }
  };

  /** One transaction on one connection; deadlocks and serialization failures are retried (nothing was committed). */
  async function tx<T>(fn: (q: Sql) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw toStoreError(e);
      }
      let broken: Error | undefined;
      // A checked-out connection that dies between two queries emits 'error' on the client (the pool listens only
      // to idle ones); unheard, Node treats it as uncaught and the process exits. Mark it broken instead.
      const onError = (e: Error) => {
        broken ??= e;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn((text, params) => client.query<Row>(text, params));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        if (isUnavailable(e)) broken ??= e as Error;
        if (attempt < 3 && RETRYABLE.has(sqlState(e) ?? '')) continue;
        throw toStoreError(e);
      } finally {
        // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than hand it out again.
        client.removeListener('error', onError);
        client.release(broken);
      }
    }
  }

  try {
    await migrate(pool, schema);
  } catch (e) {
    await pool.end().catch(() => {});
    throw toStoreError(e);
  }
  // Pools and clients are read by every request and changed by almost none: cached, kept coherent by LISTEN/NOTIFY.
  const configCache = new ConfigCache(
    () => new pg.Client(connection),
    (payload) => sql('SELECT pg_notify($1, $2)', [CONFIG_CHANNEL, payload]),
    options.onConfigListener,
    options.configMaxAgeMs,
  );
  await configCache.start();

  const { toPool, toClient, toUser, toSession, toCode, toFamily, toKey, toDevice, toMessage } = rowMappers({
    bool: (v) => v as boolean,
    attributes: (v) => v as Record<string, string>,
    poolConfig: (r) => parse(r.config),
    clientConfig: (r) => parse(r.config),
  });

  const first = async <T>(result: Promise<QueryResult<Row>>, map: (r: Row) => T): Promise<T | undefined> => {
    const r = (await result).rows[0];
    return r && map(r);
  };
  const changed = async (result: Promise<QueryResult<Row>>): Promise<number> => (await result).rowCount ?? 0;

  const insertAliases = async (q: Sql, poolId: string, usernameKey: string, aliases: AliasEntry[]) => {
    for (const a of aliases) {
      await insert(`alias:${a.kind}`, () =>
        q('INSERT INTO user_aliases (pool_id, kind, value_key, username_key) VALUES ($1, $2, $3, $4)', [poolId, a.kind, a.valueKey, usernameKey]),
      );
    }
  };

  const POOL_TABLES = ['clients', 'users', 'user_aliases', 'challenge_sessions', 'codes', 'token_families', 'signing_keys', 'totp_marks', 'devices', 'groups', 'group_members'];
  const ALL_TABLES = ['pools', ...POOL_TABLES, 'outbox', 'kv'];

  const store: Store = {
    kind: 'postgres',
    pools: {
      async create(p) {
        await configCache.write(() =>
          insert('pool', () =>
            sql('INSERT INTO pools (id, name, created_at, updated_at, config) VALUES ($1, $2, $3, $4, $5)', [p.id, p.name, p.createdAt, p.updatedAt, json(p.config)]),
          ),
        );
      },
      async get(id) {
        return configCache.get(`pool\0${id}`, () => first(sql('SELECT * FROM pools WHERE id = $1', [id]), toPool));
      },
      async update(p) {
        return configCache.write(
          async () => (await changed(sql('UPDATE pools SET name = $1, updated_at = $2, config = $3 WHERE id = $4', [p.name, p.updatedAt, json(p.config), p.id]))) === 1,
        );
      },
      async delete(id) {
        return configCache.write(() =>
          tx(async (q) => {
            const n = await changed(q('DELETE FROM pools WHERE id = $1', [id]));
            for (const table of POOL_TABLES) await q(`DELETE FROM ${table} WHERE pool_id = $1`, [id]);
            return n === 1;
          }),
        );
      },
      async list(limit, after) {
        return (await sql('SELECT * FROM pools WHERE id > $1 ORDER BY id LIMIT $2', [after ?? '', limit])).rows.map(toPool);
      },
    },
    clients: {
      async create(c) {
        await configCache.write(() =>
          insert('client', () =>
            sql(
              'INSERT INTO clients (client_id, pool_id, client_name, client_secret, created_at, updated_at, config) VALUES ($1, $2, $3, $4, $5, $6, $7)',
              [c.clientId, c.poolId, c.clientName, c.clientSecret ?? null, c.createdAt, c.updatedAt, json(c.config)],
            ),
          ),
        );
      },
      async get(poolId, clientId) {
        return configCache.get(`client\0${poolId}\0${clientId}`, () =>
          first(sql('SELECT * FROM clients WHERE client_id = $1 AND pool_id = $2', [clientId, poolId]), toClient),
        );
      },
      async find(clientId) {
        return configCache.get(`client-by-id\0${clientId}`, () => first(sql('SELECT * FROM clients WHERE client_id = $1', [clientId]), toClient));
      },
      async update(c) {
        const n = await configCache.write(async () =>
          changed(
            sql('UPDATE clients SET client_name = $1, client_secret = $2, updated_at = $3, config = $4 WHERE client_id = $5 AND pool_id = $6', [
              c.clientName, c.clientSecret ?? null, c.updatedAt, json(c.config), c.clientId, c.poolId,
            ]),
          ),
        );
        return n === 1;
      },
      async delete(poolId, clientId) {
        return configCache.write(async () => (await changed(sql('DELETE FROM clients WHERE client_id = $1 AND pool_id = $2', [clientId, poolId]))) === 1);
      },
      async list(poolId, limit, after) {
        return (await sql('SELECT * FROM clients WHERE pool_id = $1 AND client_id > $2 ORDER BY client_id LIMIT $3', [poolId, after ?? '', limit])).rows.map(toClient);
      },
    },
    users: {
      async create(u, aliases) {
        await tx(async (q) => {
          await insert('username', () =>
            q(
              `INSERT INTO users (pool_id, username_key, username, sub, status, enabled, created_at, updated_at, version, attributes, data)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
              [u.poolId, u.usernameKey, u.username, u.sub, u.status, u.enabled, u.createdAt, u.updatedAt, u.version, json(u.attributes), json(u.data)],
            ),
          );
          await insertAliases(q, u.poolId, u.usernameKey, aliases);
        });
      },
      async get(poolId, usernameKey) {
        return first(sql('SELECT * FROM users WHERE pool_id = $1 AND username_key = $2', [poolId, usernameKey]), toUser);
      },
      async getForAccessToken(poolId, usernameKey, originJti) {
        const r = (
          await sql(
            `SELECT (SELECT revoked_at IS NULL AND pool_id = $1 FROM token_families WHERE origin_jti = $3) AS family_live, u.*
             FROM (SELECT 1) AS one LEFT JOIN users u ON u.pool_id = $1 AND u.username_key = $2`,
            [poolId, usernameKey, originJti ?? null],
          )
        ).rows[0]!;
        return { user: r.username_key === null ? undefined : toUser(r), family: familyState(r.family_live) };
      },
      async findByAlias(poolId, kind, valueKey) {
        return first(
          sql(
            `SELECT u.* FROM user_aliases a JOIN users u ON u.pool_id = a.pool_id AND u.username_key = a.username_key
             WHERE a.pool_id = $1 AND a.kind = $2 AND a.value_key = $3`,
            [poolId, kind, valueKey],
          ),
          toUser,
        );
      },
      async update(u, aliases) {
        // The version guard: a concurrent update holding the row lock commits first, then this one re-reads the row,
        // finds the version moved on and changes nothing.
        const updateRow = (q: Sql) =>
          q(
            `UPDATE users SET username = $1, sub = $2, status = $3, enabled = $4, updated_at = $5, version = version + 1, attributes = $6, data = $7
             WHERE pool_id = $8 AND username_key = $9 AND version = $10`,
            [u.username, u.sub, u.status, u.enabled, u.updatedAt, json(u.attributes), json(u.data), u.poolId, u.usernameKey, u.version],
          );
        // One statement is atomic on its own: without an alias change no BEGIN/COMMIT (two round trips fewer).
        if (!aliases) return (await changed(updateRow(sql))) === 1;
        return tx(async (q) => {
          const n = await changed(updateRow(q));
          if (n !== 1) return false;
          if (aliases) {
            await q('DELETE FROM user_aliases WHERE pool_id = $1 AND username_key = $2', [u.poolId, u.usernameKey]);
            await insertAliases(q, u.poolId, u.usernameKey, aliases);
          }
          return true;
        });
      },
      async delete(poolId, usernameKey, now) {
        return tx(async (q) => {
          const key = [poolId, usernameKey];
          const n = await changed(q('DELETE FROM users WHERE pool_id = $1 AND username_key = $2', key));
          for (const table of ['user_aliases', 'codes', 'totp_marks', 'devices', 'group_members']) {
            await q(`DELETE FROM ${table} WHERE pool_id = $1 AND username_key = $2`, key);
          }
          await q('UPDATE token_families SET revoked_at = $3 WHERE pool_id = $1 AND username_key = $2 AND revoked_at IS NULL', [...key, now]);
          return n === 1;
        });
      },
      async list(poolId, query: UserListQuery) {
        const params: unknown[] = [poolId, query.after ?? '', query.limit];
        let cond = '';
        if (query.filter) {
          const { attribute, prefix, value } = query.filter;
          const column = attribute === 'username' || attribute === 'status' || attribute === 'sub' ? attribute : undefined;
          // The attribute name is a bound parameter, never spliced into the SQL. A missing attribute is NULL and never
          // matches. starts_with takes % and _ literally, as a prefix filter must.
          const target = column ?? `(attributes ->> $${params.push(attribute)})`;
          cond = prefix ? `AND starts_with(${target}, $${params.push(value)})` : `AND ${target} = $${params.push(value)}`;
        }
        const rows = (await sql(`SELECT * FROM users WHERE pool_id = $1 AND username_key > $2 ${cond} ORDER BY username_key LIMIT $3`, params)).rows;
        return rows.map(toUser);
      },
      async count(poolId) {
        return (await sql('SELECT count(*)::int AS n FROM users WHERE pool_id = $1', [poolId])).rows[0]!.n as number;
      },
    },
    sessions: {
      async create(s) {
        await insert('session', () =>
          sql(
            `INSERT INTO challenge_sessions (id_hash, pool_id, client_id, username_key, challenge, data, created_at, expires_at, used_at, failures)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 0)`,
            [s.idHash, s.poolId, s.clientId, s.usernameKey, s.challenge, json(s.data), s.createdAt, s.expiresAt],
          ),
        );
      },
      async get(idHash) {
        return first(sql('SELECT * FROM challenge_sessions WHERE id_hash = $1', [idHash]), toSession);
      },
      async consume(idHash, now) {
        // Single use across processes: the row lock serialises concurrent updates, the second re-checks used_at and
        // matches nothing. The affected-row count decides.
        const n = await changed(sql('UPDATE challenge_sessions SET used_at = $2 WHERE id_hash = $1 AND used_at IS NULL AND expires_at > $2', [idHash, now]));
        return n === 1;
      },
      async recordFailure(idHash) {
        const r = (await sql('UPDATE challenge_sessions SET failures = failures + 1 WHERE id_hash = $1 RETURNING failures', [idHash])).rows[0];
        return (r?.failures as number | undefined) ?? 0;
      },
      async deleteExpired(now) {
        return changed(sql('DELETE FROM challenge_sessions WHERE expires_at <= $1', [now]));
      },
    },
    codes: {
      async put(c) {
        await sql(
          `INSERT INTO codes (pool_id, username_key, purpose, code_hash, created_at, expires_at, used_at, failures)
           VALUES ($1, $2, $3, $4, $5, $6, NULL, 0)
           ON CONFLICT (pool_id, username_key, purpose) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at,
             expires_at = excluded.expires_at, used_at = NULL, failures = 0`,
          [c.poolId, c.usernameKey, c.purpose, c.codeHash, c.createdAt, c.expiresAt],
        );
      },
      async get(poolId, usernameKey, purpose) {
        return first(sql('SELECT * FROM codes WHERE pool_id = $1 AND username_key = $2 AND purpose = $3', [poolId, usernameKey, purpose]), toCode);
      },
      async consume(poolId, usernameKey, purpose, codeHash, now) {
        const n = await changed(
          sql(
            `UPDATE codes SET used_at = $5 WHERE pool_id = $1 AND username_key = $2 AND purpose = $3 AND code_hash = $4 AND used_at IS NULL AND expires_at > $5`,
            [poolId, usernameKey, purpose, codeHash, now],
          ),
        );
        return n === 1;
      },
      async recordFailure(poolId, usernameKey, purpose) {
        const r = (
          await sql('UPDATE codes SET failures = failures + 1 WHERE pool_id = $1 AND username_key = $2 AND purpose = $3 RETURNING failures', [
            poolId, usernameKey, purpose,
          ])
        ).rows[0];
        return (r?.failures as number | undefined) ?? 0;
      },
      async delete(poolId, usernameKey, purpose) {
        await sql('DELETE FROM codes WHERE pool_id = $1 AND username_key = $2 AND purpose = $3', [poolId, usernameKey, purpose]);
      },
    },
    tokens: {
      async createFamily(f) {
        await insert('token family', () =>
          sql(
            `INSERT INTO token_families (origin_jti, pool_id, client_id, username_key, sub, device_key, auth_time, refresh_hash, created_at, refresh_expires_at, revoked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)`,
            [f.originJti, f.poolId, f.clientId, f.usernameKey, f.sub, f.deviceKey ?? null, f.authTime, f.refreshHash, f.createdAt, f.refreshExpiresAt],
          ),
        );
      },
      async getFamily(originJti) {
        return first(sql('SELECT * FROM token_families WHERE origin_jti = $1', [originJti]), toFamily);
      },
      async findByRefreshHash(refreshHash) {
        return first(sql('SELECT * FROM token_families WHERE refresh_hash = $1', [refreshHash]), toFamily);
      },
      async revokeFamily(originJti, now) {
        return (await changed(sql('UPDATE token_families SET revoked_at = $2 WHERE origin_jti = $1 AND revoked_at IS NULL', [originJti, now]))) === 1;
      },
      async revokeUser(poolId, usernameKey, now) {
        return changed(sql('UPDATE token_families SET revoked_at = $3 WHERE pool_id = $1 AND username_key = $2 AND revoked_at IS NULL', [poolId, usernameKey, now]));
      },
      async revokeDevice(poolId, deviceKey, now) {
        return changed(sql('UPDATE token_families SET revoked_at = $3 WHERE pool_id = $1 AND device_key = $2 AND revoked_at IS NULL', [poolId, deviceKey, now]));
      },
    },
    signingKeys: {
      async putIfAbsent(k) {
        // Two statements on purpose: ON CONFLICT DO NOTHING waits for a concurrent inserter to commit, and the SELECT,
        // a new statement under READ COMMITTED, then sees the key that won.
        await sql(
          `INSERT INTO signing_keys (pool_id, use, kid, private_key_sealed, public_jwk, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (pool_id, use) DO NOTHING`,
          [k.poolId, k.use, k.kid, k.privateKeySealed, json(k.publicJwk), k.createdAt],
        );
        return (await first(sql('SELECT * FROM signing_keys WHERE pool_id = $1 AND use = $2', [k.poolId, k.use]), toKey))!;
      },
      async get(poolId, use) {
        return first(sql('SELECT * FROM signing_keys WHERE pool_id = $1 AND use = $2', [poolId, use]), toKey);
      },
      async list(poolId) {
        return (await sql('SELECT * FROM signing_keys WHERE pool_id = $1 ORDER BY use', [poolId])).rows.map(toKey);
      },
    },
    totp: {
      async claimStep(poolId, usernameKey, step) {
        // Insert or move the mark forward in one statement; a concurrent claim of the same step waits on the row and
        // then fails the WHERE. The affected-row count decides.
        const n = await changed(
          sql(
            `INSERT INTO totp_marks (pool_id, username_key, last_step) VALUES ($1, $2, $3)
             ON CONFLICT (pool_id, username_key) DO UPDATE SET last_step = excluded.last_step WHERE totp_marks.last_step < excluded.last_step`,
            [poolId, usernameKey, step],
          ),
        );
        return n === 1;
      },
    },
    devices: {
      async create(d) {
        await insert('device', () =>
          sql(
            `INSERT INTO devices (device_key, pool_id, username_key, group_key, verifier, salt, name, remembered, confirmed, attributes, created_at, updated_at, last_authenticated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
            [
              d.deviceKey, d.poolId, d.usernameKey, d.groupKey, d.verifier ?? null, d.salt ?? null, d.name ?? null, d.remembered, d.confirmed,
              json(d.attributes), d.createdAt, d.updatedAt, d.lastAuthenticatedAt ?? null,
            ],
          ),
        );
      },
      async get(poolId, deviceKey) {
        return first(sql('SELECT * FROM devices WHERE device_key = $1 AND pool_id = $2', [deviceKey, poolId]), toDevice);
      },
      async update(d) {
        const n = await changed(
          sql(
            `UPDATE devices SET group_key = $1, verifier = $2, salt = $3, name = $4, remembered = $5, confirmed = $6, attributes = $7, updated_at = $8,
               last_authenticated_at = $9
             WHERE device_key = $10 AND pool_id = $11`,
            [
              d.groupKey, d.verifier ?? null, d.salt ?? null, d.name ?? null, d.remembered, d.confirmed, json(d.attributes), d.updatedAt,
              d.lastAuthenticatedAt ?? null, d.deviceKey, d.poolId,
            ],
          ),
        );
        return n === 1;
      },
      async delete(poolId, deviceKey) {
        return (await changed(sql('DELETE FROM devices WHERE device_key = $1 AND pool_id = $2', [deviceKey, poolId]))) === 1;
      },
      async listForUser(poolId, usernameKey, limit, after) {
        return (
          await sql('SELECT * FROM devices WHERE pool_id = $1 AND username_key = $2 AND device_key > $3 ORDER BY device_key LIMIT $4', [
            poolId, usernameKey, after ?? '', limit,
          ])
        ).rows.map(toDevice);
      },
    },
    groups: postgresGroups({ sql, tx, isUniqueViolation: (e) => sqlState(e) === UNIQUE_VIOLATION, toUser }),
    outbox: {
      async add(m) {
        const r = await sql(
          `INSERT INTO outbox (pool_id, username, channel, destination, subject, body, code, purpose, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [m.poolId, m.username, m.channel, m.destination, m.subject ?? null, m.body, m.code ?? null, m.purpose, m.createdAt],
        );
        return r.rows[0]!.id as number;
      },
      async list(q) {
        const where: string[] = [];
        const params: unknown[] = [];
        if (q.poolId) where.push(`pool_id = $${params.push(q.poolId)}`);
        if (q.username) where.push(`username = $${params.push(q.username)}`);
        if (q.channel) where.push(`channel = $${params.push(q.channel)}`);
        const text = `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.push(q.limit)}`;
        return (await sql(text, params)).rows.map(toMessage);
      },
    },
    kv: {
      async put(namespace, key, value, expiresAt) {
        await sql(
          `INSERT INTO kv (namespace, key, value, expires_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
          [namespace, key, json(value), expiresAt ?? null],
        );
      },
      async get(namespace, key, now) {
        const r = (await sql('SELECT value FROM kv WHERE namespace = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3)', [namespace, key, now])).rows[0];
        return r && parse<Record<string, unknown>>(r.value);
      },
      async take(namespace, key, now) {
        // DELETE … RETURNING: of concurrent takers, only the one whose delete removed the row gets the value.
        const r = (
          await sql('DELETE FROM kv WHERE namespace = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3) RETURNING value', [namespace, key, now])
        ).rows[0];
        return r && parse<Record<string, unknown>>(r.value);
      },
      async delete(namespace, key) {
        return (await changed(sql('DELETE FROM kv WHERE namespace = $1 AND key = $2', [namespace, key]))) === 1;
      },
      async list(namespace, keyPrefix, limit) {
        const rows = (
          await sql('SELECT key, value FROM kv WHERE namespace = $1 AND key >= $2 AND starts_with(key, $2) ORDER BY key LIMIT $3', [namespace, keyPrefix, limit])
        ).rows;
        return rows.map((r) => ({ key: r.key as string, value: parse<Record<string, unknown>>(r.value) }));
      },
    },
    async reset() {
      // DELETE rather than TRUNCATE: test suites reset often on small tables, where DELETE is much faster, and it
      // takes row locks instead of ACCESS EXCLUSIVE ones, so other processes' requests are not stalled behind it.
      await configCache.write(() =>
        tx(async (q) => {
          for (const table of ALL_TABLES) await q(`DELETE FROM ${table}`);
        }),
      );
    },
    async close() {
      await configCache.close();
      await pool.end();
    },
  };
  return store;
}

/** Applies the pending migrations in one transaction, holding an advisory lock so concurrent starters queue up. */
async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (e: Error) => {
    broken ??= e;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey(schema)]);
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(`SET LOCAL search_path TO "${schema}"`);
    }
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const applied = new Set((await client.query<QueryResultRow>('SELECT id FROM schema_migrations')).rows.map((r) => r.id as number));
    for (const m of POSTGRES_MIGRATIONS) {
      if (applied.has(m.id)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw e;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
