import type { TokenFamilyRecord, TokenRepository } from '../types.js';
import { json } from '../rows.js';
import { TOKENS } from '../sql/tokens.js';
import { EXPIRY } from '../sql/expiry.js';
import { GROUPS } from '../sql/groups.js';
import { toGroup } from '../group-rows.js';
import type { SqliteContext } from './connection.js';

const DELETE_ENDED = EXPIRY.tokenFamilies('');

export function tokens({ rows, one, all, run, insert }: SqliteContext): TokenRepository {
  const createFamily = (f: TokenFamilyRecord) =>
    insert(
      'token family', TOKENS.insert,
      f.originJti, f.poolId, f.clientId, f.usernameKey, f.sub, f.deviceKey ?? null, f.authTime, f.refreshHash, f.createdAt, f.refreshExpiresAt, f.scopes ? json(f.scopes) : null,
    );
  return {
    async createFamily(f) {
      createFamily(f);
    },
    async createFamilyListingGroups(f, groupsLimit) {
      // Two statements: on SQLite a statement is a function call, not a round trip.
      createFamily(f);
      return all(GROUPS.listForUser, f.poolId, f.usernameKey, '', groupsLimit).map(toGroup);
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
