import type { SigningKeyRepository } from '../types.js';
import { json } from '../rows.js';
import { SIGNING_KEYS } from '../sql/signing-keys.js';
import { first, type PostgresContext } from './connection.js';

export function signingKeys({ sql, rows }: PostgresContext): SigningKeyRepository {
  return {
    async putIfAbsent(k) {
      // Two statements on purpose: ON CONFLICT DO NOTHING waits for a concurrent inserter to commit, and the SELECT,
      // a new statement under READ COMMITTED, then sees the key that won.
      await sql(SIGNING_KEYS.insertIfAbsent, [k.poolId, k.use, k.kid, k.privateKeySealed, json(k.publicJwk), k.createdAt]);
      return (await first(sql(SIGNING_KEYS.get, [k.poolId, k.use]), rows.toKey))!;
    },
    async get(poolId, use) {
      return first(sql(SIGNING_KEYS.get, [poolId, use]), rows.toKey);
    },
    async list(poolId) {
      return (await sql(SIGNING_KEYS.list, [poolId])).rows.map(rows.toKey);
    },
  };
}
