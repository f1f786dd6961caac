import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import { createHash } from 'node:crypto';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { StoreConflictError, StoreUnavailableError, type Store } from '../types.js';
import { parse, rowMappers, type Row } from '../rows.js';
import { ALL_TABLES } from '../sql/tables.js';
import { CONFIG_CHANNEL, ConfigCache, type ConfigListenerState } from './config-cache.js';
import { sqlState, type PostgresContext, type Sql } from './connection.js';
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
import { attempts } from './attempts.js';
import { quotas } from './quotas.js';

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
  /**
   * How long one query may run, lock waits included, before PostgreSQL cancels it (`statement_timeout`; default
   * 5000 ms). The client gives up on an answer one second later (`query_timeout`: a silent network partition, a
   * frozen server) and drops the connection. Either way the call fails with StoreUnavailableError and the request
   * answers InternalErrorException within seconds instead of hanging. Migrations run without either limit.
   */
  queryTimeoutMs?: number;
  /** Told when the pool/client cache's listener connection comes up or goes down (config-cache.ts). */
  onConfigListener?: (state: ConfigListenerState) => void;
  /** How long a cached pool or client may be served without a notification (default 5 s; tests shorten it). */
  configMaxAgeMs?: number;
}

const CACHED_PLAN_CHANGED = '0A000';

export const DEFAULT_QUERY_TIMEOUT_MS = 5000;
/** How much longer than `statement_timeout` the client waits for an answer before it drops the connection. */
const CLIENT_TIMEOUT_MARGIN_MS = 1000;

/** pg's own client-side timeout (`query_timeout`): the query may still be running on the connection. */
function isClientTimeout(e: unknown): boolean {
  return e instanceof Error && e.message === 'Query read timeout';
}

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
  const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const pool = new pg.Pool({
    ...connection,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    types,
    statement_timeout: queryTimeoutMs,
    query_timeout: queryTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
  });
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
        // After a client-side timeout the connection is still busy with the query: a ROLLBACK would queue behind it.
        // Destroying the connection rolls the transaction back on the server.
        if (isClientTimeout(e)) broken = e as Error;
        else {
          await client.query('ROLLBACK').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
        }
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
    // On a connection of its own, without the query timeouts: a migration may rightly take longer than a request.
    await migrate(new pg.Client({ ...connection, types }), schema);
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

  const ctx: PostgresContext = {
    sql,
    tx,
    configCache,
    rows: rowMappers({
      bool: (v) => v as boolean,
      attributes: (v) => v as Record<string, string>,
      poolConfig: (r) => parse(r.config),
      clientConfig: (r) => parse(r.config),
    }),
  };
  const store: Store = {
    kind: 'postgres',
    ...assembleRepositories(ctx, { poolsAndClients, users, sessions, codes, tokens, signingKeys, totp, devices, groups, domains, resourceServers, identityProviders, authorizationCodes, outbox, kv, attempts, quotas, branding, authEvents }),
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
async function migrate(client: pg.Client, schema: string | undefined): Promise<void> {
  // An error on the connection while idle between two queries: the next query fails and says so.
  const onError = () => {};
  client.on('error', onError);
  let connected = false;
  try {
    await client.connect();
    connected = true;
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
    if (connected) await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    if (connected) await client.end().catch(() => {});
    client.removeListener('error', onError);
  }
}
