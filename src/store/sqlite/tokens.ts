import type { TokenRepository } from '../types.js';
import { json } from '../rows.js';
import { TOKENS } from '../sql/tokens.js';
import { EXPIRY } from '../sql/expiry.js';
import type { SqliteContext } from './connection.js';

const DELETE_ENDED = EXPIRY.tokenFamilies('');

export function tokens({ rows, one, run, insert }: SqliteContext): TokenRepository {
  return {
    async createFamily(f) {
      insert(
        'token family', TOKENS.insert,
        f.originJti, f.poolId, f.clientId, f.usernameKey, f.sub, f.deviceKey ?? null, f.authTime, f.refreshHash, f.createdAt, f.refreshExpiresAt, f.scopes ? json(f.scopes) : null,
      );
    },
    async getFamily(originJti) {
      const r = one(TOKENS.getFamily, originJti);
      return r && rows.toFamily(r);
    },
    async findByRefreshHash(refreshHash) {
      const r = one(TOKENS.findByRefreshHash, refreshHash);
      return r && rows.toFamily(r);
    },
    async revokeFamily(originJti, now) {
      return run(TOKENS.revokeFamily, now, originJti) === 1;
    },
    async rotateRefresh(originJti, fromHash, toHash) {
      return run(TOKENS.rotateRefresh, toHash, originJti, fromHash) === 1;
    },
    async revokeUser(poolId, usernameKey, now) {
      return run(TOKENS.revokeUser, now, poolId, usernameKey);
    },
    async revokeDevice(poolId, deviceKey, now) {
      return run(TOKENS.revokeDevice, now, poolId, deviceKey);
    },
    async deleteEnded(before, limit) {
      return run(DELETE_ENDED, before, before, limit);
    },
  };
}
