/**
 * Attempt reservations: the statements both dialects run as written (placeholders: see ./placeholders.ts). The
 * reserving upsert is in each dialect's module (sqlite/attempts.ts, postgres/attempts.ts): its lock arithmetic needs
 * MIN on SQLite and LEAST (with casts) on PostgreSQL.
 */
export const ATTEMPTS = {
  get: 'SELECT count, locked_until FROM attempts WHERE pool_id = $1 AND username_key = $2 AND kind = $3',
  release: 'DELETE FROM attempts WHERE pool_id = $1 AND username_key = $2 AND kind = $3',
  lockedUntil: 'SELECT locked_until FROM attempts WHERE pool_id = $1 AND username_key = $2 AND kind = $3',
} as const;

