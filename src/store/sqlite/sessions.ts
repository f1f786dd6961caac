import type { ChallengeSessionRepository } from '../types.js';
import { json, sessionWithUser } from '../rows.js';
import { SESSIONS } from '../sql/sessions.js';
import { EXPIRY } from '../sql/expiry.js';
import type { SqliteContext } from './connection.js';

const DELETE_EXPIRED = EXPIRY.sessions('');

export function sessions({ rows, one, run, insert }: SqliteContext): ChallengeSessionRepository {
  return {
    async create(s) {
      insert('session', SESSIONS.insert, s.idHash, s.poolId, s.clientId, s.usernameKey, s.challenge, json(s.data), s.createdAt, s.expiresAt);
    },
    async get(idHash) {
      const r = one(SESSIONS.get, idHash);
      return r && rows.toSession(r);
    },
    async getWithUser(idHash) {
      const r = one(SESSIONS.getWithUser, idHash);
      return r && sessionWithUser(rows, r);
    },
    async consume(idHash, now) {
      return run(SESSIONS.consume, now, idHash, now) === 1;
    },
    async recordFailure(idHash) {
      return (one(SESSIONS.recordFailure, idHash)?.failures as number | undefined) ?? 0;
    },
    async deleteExpired(before, limit) {
      return run(DELETE_EXPIRED, before, limit);
    },
  };
}
