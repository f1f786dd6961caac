import type { ChallengeSessionRepository } from '../types.js';
import { json, sessionWithUser } from '../rows.js';
import { SESSIONS } from '../sql/sessions.js';
import { EXPIRY } from '../sql/expiry.js';
import { changed, first, insert, type PostgresContext } from './connection.js';

const DELETE_EXPIRED = EXPIRY.sessions('FOR UPDATE SKIP LOCKED');

export function sessions({ sql, rows }: PostgresContext): ChallengeSessionRepository {
  return {
    async create(s) {
      await insert('session', () => sql(SESSIONS.insert, [s.idHash, s.poolId, s.clientId, s.usernameKey, s.challenge, json(s.data), s.createdAt, s.expiresAt]));
    },
    async get(idHash) {
      return first(sql(SESSIONS.get, [idHash]), rows.toSession);
    },
    async getWithUser(idHash) {
      return first(sql(SESSIONS.getWithUser, [idHash]), (r) => sessionWithUser(rows, r));
    },
    async consume(idHash, now) {
      // Single use across processes: the row lock serialises concurrent updates, the second re-checks used_at and
      // matches nothing. The affected-row count decides.
      return (await changed(sql(SESSIONS.consume, [now, idHash, now]))) === 1;
    },
    async recordFailure(idHash) {
      return ((await sql(SESSIONS.recordFailure, [idHash])).rows[0]?.failures as number | undefined) ?? 0;
    },
    async deleteExpired(before, limit) {
      return changed(sql(DELETE_EXPIRED, [before, limit]));
    },
  };
}
