import type { CodeRepository } from '../types.js';
import { CODES } from '../sql/codes.js';
import { EXPIRY } from '../sql/expiry.js';
import { changed, first, type PostgresContext } from './connection.js';

const DELETE_EXPIRED = EXPIRY.codes('FOR UPDATE SKIP LOCKED');

export function codes({ sql, rows }: PostgresContext): CodeRepository {
  return {
    async put(c) {
      await sql(CODES.put, [c.poolId, c.usernameKey, c.purpose, c.codeHash, c.createdAt, c.expiresAt]);
    },
    async get(poolId, usernameKey, purpose) {
      return first(sql(CODES.get, [poolId, usernameKey, purpose]), rows.toCode);
    },
    async consume(poolId, usernameKey, purpose, codeHash, now) {
      return (await changed(sql(CODES.consume, [now, poolId, usernameKey, purpose, codeHash, now]))) === 1;
    },
    async recordFailure(poolId, usernameKey, purpose) {
      return ((await sql(CODES.recordFailure, [poolId, usernameKey, purpose])).rows[0]?.failures as number | undefined) ?? 0;
    },
    async delete(poolId, usernameKey, purpose) {
      await sql(CODES.delete, [poolId, usernameKey, purpose]);
    },
    async deleteExpired(before, limit) {
      return changed(sql(DELETE_EXPIRED, [before, limit]));
    },
  };
}
