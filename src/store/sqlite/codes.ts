import type { CodeRepository } from '../types.js';
import { CODES } from '../sql/codes.js';
import { EXPIRY } from '../sql/expiry.js';
import type { SqliteContext } from './connection.js';

const DELETE_EXPIRED = EXPIRY.codes('');

export function codes({ rows, one, run }: SqliteContext): CodeRepository {
  return {
    async put(c) {
      run(CODES.put, c.poolId, c.usernameKey, c.purpose, c.codeHash, c.createdAt, c.expiresAt);
    },
    async get(poolId, usernameKey, purpose) {
      const r = one(CODES.get, poolId, usernameKey, purpose);
      return r && rows.toCode(r);
    },
    async consume(poolId, usernameKey, purpose, codeHash, now) {
      return run(CODES.consume, now, poolId, usernameKey, purpose, codeHash, now) === 1;
    },
    async recordFailure(poolId, usernameKey, purpose) {
      return (one(CODES.recordFailure, poolId, usernameKey, purpose)?.failures as number | undefined) ?? 0;
    },
    async delete(poolId, usernameKey, purpose) {
      run(CODES.delete, poolId, usernameKey, purpose);
    },
    async deleteExpired(before, limit) {
      return run(DELETE_EXPIRED, before, limit);
    },
  };
}
