import type { AttemptRepository } from '../types.js';
import { ATTEMPTS } from '../sql/attempts.js';
import { EXPIRY } from '../sql/expiry.js';
import { changed, type PostgresContext } from './connection.js';

/**
 * Attempt reservations on PostgreSQL (types.ts AttemptRepository): the same guarded upsert as the SQLite adapter's
 * (sqlite/attempts.ts). INSERT … ON CONFLICT DO UPDATE takes the row lock, so concurrent reservations from any number
 * of processes queue on the row and each sees the count the previous one left; the WHERE refuses one while a lock
 * runs, and the affected-row count decides.
 */
export const POSTGRES_ATTEMPTS_TABLE = `
CREATE TABLE attempts (
  pool_id TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  count INTEGER NOT NULL,
  last_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  PRIMARY KEY (pool_id, username_key, kind)
);
`;

// $4 now, $5 free, $6 lockMs, $7 maxLockMs, $8 forgetAfterMs
const NEW_COUNT = 'CASE WHEN attempts.last_at <= $4::bigint - $8::bigint THEN 1 ELSE attempts.count + 1 END';
const lockAfter = (count: string) =>
  `CASE WHEN ${count} >= $5::int THEN $4::bigint + LEAST($6::bigint << LEAST(${count} - $5::int, 40), $7::bigint) ELSE 0 END`;

const RESERVE = `INSERT INTO attempts (pool_id, username_key, kind, count, last_at, locked_until)
  VALUES ($1, $2, $3, 1, $4::bigint, ${lockAfter('1')})
  ON CONFLICT (pool_id, username_key, kind) DO UPDATE SET
    count = ${NEW_COUNT}, locked_until = ${lockAfter(NEW_COUNT)}, last_at = $4::bigint
  WHERE attempts.locked_until <= $4::bigint`;

// A data-modifying CTE runs to completion whether or not the query reads it; the SELECT sees the rows as they were
// before the statement, which is why `read` must be another kind than the one released.
const RELEASE_AND_READ = `WITH released AS (DELETE FROM attempts WHERE pool_id = $1 AND username_key = $2 AND kind = $3)
  SELECT locked_until FROM attempts WHERE pool_id = $1 AND username_key = $2 AND kind = $4`;

const DELETE_IDLE = EXPIRY.attempts('FOR UPDATE SKIP LOCKED');

export function attempts({ sql }: PostgresContext): AttemptRepository {
  return {
    async reserve(poolId, usernameKey, kind, now, p) {
      const r = await sql(RESERVE, [poolId, usernameKey, kind, now, p.free, p.lockMs, p.maxLockMs, p.forgetAfterMs]);
      return r.rowCount === 1;
    },
    async get(poolId, usernameKey, kind) {
      const r = (await sql(ATTEMPTS.get, [poolId, usernameKey, kind])).rows[0];
      return r && { count: Number(r.count), lockedUntil: Number(r.locked_until) };
    },
    async release(poolId, usernameKey, kind) {
      await sql(ATTEMPTS.release, [poolId, usernameKey, kind]);
    },
    async releaseAndRead(poolId, usernameKey, kind, read) {
      if (kind === read) throw new Error('releaseAndRead: the kind read must differ from the one released');
      const r = (await sql(RELEASE_AND_READ, [poolId, usernameKey, kind, read])).rows[0];
      return r ? Number(r.locked_until) : 0;
    },
    async deleteIdle(before, now, limit) {
      return changed(sql(DELETE_IDLE, [before, now, limit]));
    },
  };
}
