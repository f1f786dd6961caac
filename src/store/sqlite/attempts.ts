import type { AttemptRepository } from '../types.js';
import { ATTEMPTS } from '../sql/attempts.js';
import { EXPIRY } from '../sql/expiry.js';
import type { SqliteContext } from './connection.js';

/**
 * Attempt reservations on SQLite (types.ts AttemptRepository). One upsert counts the attempt and sets the lock in the
 * same statement; its WHERE refuses it while a lock runs, so the affected-row count decides, on any number of
 * connections to the file (SQLite serialises writers). The lock that starts at the `free`-th attempt is
 * `lockMs << (count - free)`, at most `maxLockMs` (the shift is capped so it cannot overflow).
 */
export const SQLITE_ATTEMPTS_TABLE = `
CREATE TABLE attempts (
  pool_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  PRIMARY KEY (pool_id, username_key, kind)
) WITHOUT ROWID;
`;

const NEW_COUNT = 'CASE WHEN attempts.last_at <= @now - @forget THEN 1 ELSE attempts.count + 1 END';
const lockAfter = (count: string) => `CASE WHEN ${count} >= @free THEN @now + MIN(@lock << MIN(${count} - @free, 40), @maxLock) ELSE 0 END`;

// Named parameters: each appears several times (sql/placeholders.ts allows a $n only once).
const RESERVE = `INSERT INTO attempts (pool_id, username_key, kind, count, last_at, locked_until)
  VALUES (@poolId, @usernameKey, @kind, 1, @now, ${lockAfter('1')})
  ON CONFLICT (pool_id, username_key, kind) DO UPDATE SET
    count = ${NEW_COUNT}, locked_until = ${lockAfter(NEW_COUNT)}, last_at = @now
  WHERE attempts.locked_until <= @now`;

const DELETE_IDLE = EXPIRY.attempts('');

export function attempts({ db, one, run }: SqliteContext): AttemptRepository {
  const reserve = db.prepare(RESERVE);
  return {
    async reserve(poolId, usernameKey, kind, now, p) {
      return (
        reserve.run({ poolId, usernameKey, kind, now, free: p.free, lock: p.lockMs, maxLock: p.maxLockMs, forget: p.forgetAfterMs }).changes === 1
      );
    },
    async get(poolId, usernameKey, kind) {
      const r = one(ATTEMPTS.get, poolId, usernameKey, kind);
      return r && { count: r.count as number, lockedUntil: r.locked_until as number };
    },
    async release(poolId, usernameKey, kind) {
      run(ATTEMPTS.release, poolId, usernameKey, kind);
    },
    async releaseAndRead(poolId, usernameKey, kind, read) {
      if (kind === read) throw new Error('releaseAndRead: the kind read must differ from the one released');
      // Two statements: on SQLite a statement is a function call, not a round trip.
      run(ATTEMPTS.release, poolId, usernameKey, kind);
      return (one(ATTEMPTS.lockedUntil, poolId, usernameKey, read)?.locked_until as number | undefined) ?? 0;
    },
    async deleteIdle(before, now, limit) {
      return run(DELETE_IDLE, before, now, limit);
    },
  };
}
