import type { TokenRepository } from '../types.js';
import { json } from '../rows.js';
import { TOKENS } from '../sql/tokens.js';
import { EXPIRY } from '../sql/expiry.js';
import { GROUPS } from '../sql/groups.js';
import { toGroup } from '../group-rows.js';
import { changed, first, insert, type PostgresContext } from './connection.js';

const DELETE_ENDED = EXPIRY.tokenFamilies('FOR UPDATE SKIP LOCKED');

/**
 * The family's insert as a data-modifying CTE, and the user's groups (GROUPS.listForUser, its placeholders moved up
 * by 11): one round trip for what every sign-in writes and reads. A key conflict in the CTE fails the statement.
 */
const INSERT_LISTING_GROUPS = `WITH created AS (${TOKENS.insert}) ${GROUPS.listForUser.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + 11}`)}`;

export function tokens({ sql, rows }: PostgresContext): TokenRepository {
  return {
    async createFamily(f) {
      await insert('token family', () =>
        sql(TOKENS.insert, [f.originJti, f.poolId, f.clientId, f.usernameKey, f.sub, f.deviceKey ?? null, f.authTime, f.refreshHash, f.createdAt, f.refreshExpiresAt, f.scopes ? json(f.scopes) : null]),
      );
    },
    async createFamilyListingGroups(f, groupsLimit) {
      const r = await insert('token family', () =>
        sql(INSERT_LISTING_GROUPS, [
          ...[f.originJti, f.poolId, f.clientId, f.usernameKey, f.sub, f.deviceKey ?? null, f.authTime, f.refreshHash, f.createdAt, f.refreshExpiresAt, f.scopes ? json(f.scopes) : null],
          ...[f.poolId, f.usernameKey, '', groupsLimit],
        ]),
      );
      return r.rows.map(toGroup);
    },
    async getFamily(originJti) {
      return first(sql(TOKENS.getFamily, [originJti]), rows.toFamily);
    },
    async findByRefreshHash(refreshHash) {
      return first(sql(TOKENS.findByRefreshHash, [refreshHash]), rows.toFamily);
    },
    async revokeFamily(originJti, now) {
      return (await changed(sql(TOKENS.revokeFamily, [now, originJti]))) === 1;
    },
    async rotateRefresh(originJti, fromHash, toHash) {
      return (await changed(sql(TOKENS.rotateRefresh, [toHash, originJti, fromHash]))) === 1;
    },
    async revokeUser(poolId, usernameKey, now) {
      return changed(sql(TOKENS.revokeUser, [now, poolId, usernameKey]));
    },
    async revokeDevice(poolId, deviceKey, now) {
      return changed(sql(TOKENS.revokeDevice, [now, poolId, deviceKey]));
    },
    async deleteEnded(before, limit) {
      return changed(sql(DELETE_ENDED, [before, before, limit]));
    },
  };
}
