import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { StoreConflictError } from '../types.js';
import { deepFreeze, parse, rowMappers, type Row, type RowMappers } from '../rows.js';
import { toQuestionMarks } from '../sql/placeholders.js';
import { CoherenceCheck } from './read-cache.js';
import type { RequestEpoch } from '../../platform/request-epoch.js';

/**
 * What every SQLite repository module (users.ts, sessions.ts, …) is written over: one connection, its statements
 * prepared once per text, and the row mappers. Methods run synchronously inside the async signature: group commit
 * (group-commit.ts) relies on a call having done all its work when it returns.
 */
export interface SqliteContext {
  readonly db: Database.Database;
  readonly file: string;
  readonly coherence: CoherenceCheck;
  readonly rows: RowMappers;
  /** The prepared statement of a text ($n placeholders, see sql/placeholders.ts), prepared on first use. */
  statement(text: string): Statement;
  one(text: string, ...params: unknown[]): Row | undefined;
  all(text: string, ...params: unknown[]): Row[];
  /** Runs a write; returns the number of rows changed. */
  run(text: string, ...params: unknown[]): number;
  /** Runs an insert; a key conflict becomes StoreConflictError(what). */
  insert(what: string, text: string, ...params: unknown[]): void;
}

/**
 * get / list / count / delete of something a pool owns under a key (groups, identity providers, resource servers):
 * `get` by (pool, key), `list` in key order after a cursor key, `count` per pool, and `delete` of the row together
 * with the rows that hang off it (`dependents`: a statement over the same (pool, key)), in one transaction.
 */
export function poolOwned<T>(
  { db, one, all, run }: Pick<SqliteContext, 'db' | 'one' | 'all' | 'run'>,
  sql: { get: string; list: string; count: string; delete: string },
  map: (r: Row) => T,
  dependents?: string,
) {
  const deleteTx = db.transaction((poolId: string, key: string): boolean => {
    const n = run(sql.delete, poolId, key);
    if (dependents) run(dependents, poolId, key);
    return n === 1;
  });
  return {
    async get(poolId: string, key: string): Promise<T | undefined> {
      const r = one(sql.get, poolId, key);
      return r && map(r);
    },
    async list(poolId: string, limit: number, after?: string): Promise<T[]> {
      return all(sql.list, poolId, after ?? '', limit).map(map);
    },
    async count(poolId: string): Promise<number> {
      return one(sql.count, poolId)!.n as number;
    },
    async delete(poolId: string, key: string): Promise<boolean> {
      return deleteTx.immediate(poolId, key);
    },
  };
}

export function isUniqueViolation(e: unknown): boolean {
  // Only key conflicts: a NOT NULL or CHECK failure is a bug, not a conflict the domain may answer.
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

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

export function sqliteContext(db: Database.Database, file: string, requestEpoch?: RequestEpoch): SqliteContext {
  const cache = new Map<string, Statement>();
  const statement = (text: string): Statement => {
    let s = cache.get(text);
    if (!s) {
      s = db.prepare(toQuestionMarks(text));
      cache.set(text, s);
    }
    return s;
  };
  const run = (text: string, ...params: unknown[]) => statement(text).run(...params).changes;
  return {
    db,
    file,
    coherence: new CoherenceCheck(db, file, requestEpoch),
    rows: rowMappers({
      bool: (v) => v === 1,
      attributes: (v) => parse(v),
      poolConfig: (r) => parseConfig(`${file}\0pool\0${r.id as string}`, r.config),
      clientConfig: (r) => parseConfig(`${file}\0client\0${r.pool_id as string}\0${r.client_id as string}`, r.config),
    }),
    statement,
    one: (text, ...params) => statement(text).get(...params) as Row | undefined,
    all: (text, ...params) => statement(text).all(...params) as Row[],
    run,
    insert(what, text, ...params) {
      try {
        run(text, ...params);
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreConflictError(what);
        throw e;
      }
    },
  };
}
