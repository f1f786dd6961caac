import type { SigningKeyRepository } from '../types.js';
import { json } from '../rows.js';
import { SIGNING_KEYS } from '../sql/signing-keys.js';
import type { SqliteContext } from './connection.js';

export function signingKeys({ rows, one, all, run }: SqliteContext): SigningKeyRepository {
  return {
    async putIfAbsent(k) {
      run(SIGNING_KEYS.insertIfAbsent, k.poolId, k.use, k.kid, k.privateKeySealed, json(k.publicJwk), k.createdAt);
      return rows.toKey(one(SIGNING_KEYS.get, k.poolId, k.use)!);
    },
    async get(poolId, use) {
      const r = one(SIGNING_KEYS.get, poolId, use);
      return r && rows.toKey(r);
    },
    async list(poolId) {
      return all(SIGNING_KEYS.list, poolId).map(rows.toKey);
    },
  };
}
