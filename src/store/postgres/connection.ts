import type { QueryResult } from 'pg';
import { StoreConflictError } from '../types.js';
import type { Row, RowMappers } from '../rows.js';
import type { ConfigCache } from './config-cache.js';

/** A query on the pool or on one transaction's connection: repositories are plain functions over either. */
export type Sql = (text: string, params?: unknown[]) => Promise<QueryResult<Row>>;

/**
 * What every PostgreSQL repository module (users.ts, sessions.ts, …) is written over: the pool's query function
 * (named statements, errors mapped to the store's), one-transaction runs, the row mappers and the pool/client cache.
 */
export interface PostgresContext {
  readonly sql: Sql;
  /** One transaction on one connection; deadlocks and serialization failures are retried (nothing was committed). */
  tx<T>(fn: (q: Sql) => Promise<T>): Promise<T>;
  readonly rows: RowMappers;
  readonly configCache: ConfigCache;
}

export const UNIQUE_VIOLATION = '23505';

export function sqlState(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Runs an insert, turning a key conflict into StoreConflictError(what). */
export async function insert<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (sqlState(e) === UNIQUE_VIOLATION) throw new StoreConflictError(what);
    throw e;
  }
}

/** The first row of a result, mapped; undefined for none. */
export async function first<T>(result: Promise<QueryResult<Row>>, map: (r: Row) => T): Promise<T | undefined> {
  const r = (await result).rows[0];
  return r && map(r);
}

/** The number of rows a write changed. */
export async function changed(result: Promise<QueryResult<Row>>): Promise<number> {
  return (await result).rowCount ?? 0;
}

/**
 * get / list / count / delete of something a pool owns under a key (groups, identity providers, resource servers):
 * `get` by (pool, key), `list` in key order after a cursor key, `count` per pool, and `delete` of the row together
 * with the rows that hang off it (`dependents`: a statement over the same (pool, key)), in one transaction.
 */
export function poolOwned<T>(
  { sql, tx }: Pick<PostgresContext, 'sql' | 'tx'>,
  text: { get: string; list: string; count: string; delete: string },
  map: (r: Row) => T,
  dependents?: string,
) {
  return {
    async get(poolId: string, key: string): Promise<T | undefined> {
      return first(sql(text.get, [poolId, key]), map);
    },
    async list(poolId: string, limit: number, after?: string): Promise<T[]> {
      return (await sql(text.list, [poolId, after ?? '', limit])).rows.map(map);
    },
    async count(poolId: string): Promise<number> {
      return (await sql(text.count, [poolId])).rows[0]!.n as number;
    },
    async delete(poolId: string, key: string): Promise<boolean> {
      if (!dependents) return (await changed(sql(text.delete, [poolId, key]))) === 1;
      return tx(async (q) => {
        const n = await changed(q(text.delete, [poolId, key]));
        await q(dependents, [poolId, key]);
        return n === 1;
      });
    },
  };
}
