/**
 * Bounded deletes of rows whose time is over (the sweeper's statements; placeholders: see ./placeholders.ts).
 * Each deletes at most `limit` rows, picked by a subquery over an index on the time column. `lock` is what the
 * dialect adds to that subquery: PostgreSQL passes `FOR UPDATE SKIP LOCKED`, so that processes sweeping at once take
 * different rows and none waits on a row a request holds; SQLite (one writer at a time) passes nothing.
 */
export const EXPIRY = {
  /** Arguments: before, limit. */
  sessions: (lock: string) => boundedDelete('challenge_sessions', 'id_hash', 'expires_at <= $1 LIMIT $2', lock),
  /** Arguments: before, limit. */
  codes: (lock: string) => boundedDelete('codes', '(pool_id, username_key, purpose)', 'expires_at <= $1 LIMIT $2', lock),
  /** Families whose refresh token expired or that were revoked at or before the cutoff. Arguments: before, before, limit. */
  tokenFamilies: (lock: string) => boundedDelete('token_families', 'origin_jti', 'refresh_expires_at <= $1 OR revoked_at <= $2 LIMIT $3', lock),
  /** Arguments: before, limit. */
  outbox: (lock: string) => boundedDelete('outbox', 'id', 'created_at <= $1 LIMIT $2', lock),
  /** Arguments: before, limit. */
  kv: (lock: string) => boundedDelete('kv', '(namespace, key)', 'expires_at <= $1 LIMIT $2', lock),
  /** Arguments: before, limit. */
  oauthCodes: (lock: string) => boundedDelete('oauth_codes', 'code_hash', 'expires_at <= $1 LIMIT $2', lock),
  /** Attempt counts last used at or before `before` and not locked at `now`. Arguments: before, now, limit. */
  attempts: (lock: string) => boundedDelete('attempts', '(pool_id, username_key, kind)', 'last_at <= $1 AND locked_until <= $2 LIMIT $3', lock),
} as const;

/** The index EXPIRY.attempts ranges over (migration 6 of both dialects). */
export const ATTEMPTS_EXPIRY_INDEX = 'CREATE INDEX attempts_by_last_attempt ON attempts (last_at);';

/**
 * The rows to delete are picked once, in a materialized CTE: with `key IN (SELECT … LIMIT n)` PostgreSQL may run the
 * subquery again for each candidate row (a nested-loop semi-join) and delete more than n rows (seen in the contract
 * test). `key` is the primary key, a column or a row value.
 */
function boundedDelete(table: string, key: string, where: string, lock: string): string {
  const columns = key.replace(/^\(|\)$/g, '');
  return `WITH doomed AS MATERIALIZED (SELECT ${columns} FROM ${table} WHERE ${where} ${lock})
    DELETE FROM ${table} WHERE ${key} IN (SELECT ${columns} FROM doomed)`;
}

/** The indexes the statements above range over (migration 4 of both dialects: the same DDL; attempts: migration 6). */
export const EXPIRY_INDEXES = `
CREATE INDEX codes_by_expiry ON codes (expires_at);
CREATE INDEX token_families_by_refresh_expiry ON token_families (refresh_expires_at);
CREATE INDEX token_families_by_revocation ON token_families (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX outbox_by_time ON outbox (created_at);
CREATE INDEX kv_by_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;
`;
