import type { GroupRepository } from '../types.js';
import { toGroup } from '../group-rows.js';
import { GROUPS } from '../sql/groups.js';
import { changed, insert, poolOwned, type PostgresContext } from './connection.js';

/** Groups and memberships (CreateGroup … ListUsersInGroup). Memberships are keyed by (pool, group key, username key). */
export function groups(ctx: PostgresContext): GroupRepository {
  const { sql, rows } = ctx;
  return {
    ...poolOwned(ctx, GROUPS, toGroup, GROUPS.deleteMembers),
    async create(g) {
      await insert('group', () =>
        sql(GROUPS.insert, [g.poolId, g.groupKey, g.groupName, g.description ?? null, g.roleArn ?? null, g.precedence ?? null, g.createdAt, g.updatedAt]),
      );
    },
    async update(g) {
      return (await changed(sql(GROUPS.update, [g.description ?? null, g.roleArn ?? null, g.precedence ?? null, g.updatedAt, g.poolId, g.groupKey]))) === 1;
    },
    async addMember(poolId, groupKey, usernameKey, now) {
      return (await changed(sql(GROUPS.addMember, [poolId, groupKey, usernameKey, now]))) === 1;
    },
    async removeMember(poolId, groupKey, usernameKey) {
      return (await changed(sql(GROUPS.removeMember, [poolId, groupKey, usernameKey]))) === 1;
    },
    async listForUser(poolId, usernameKey, limit, after) {
      return (await sql(GROUPS.listForUser, [poolId, usernameKey, after ?? '', limit])).rows.map(toGroup);
    },
    async countForUser(poolId, usernameKey) {
      return (await sql(GROUPS.countForUser, [poolId, usernameKey])).rows[0]!.n as number;
    },
    async listMembers(poolId, groupKey, limit, after) {
      return (await sql(GROUPS.listMembers, [poolId, groupKey, after ?? '', limit])).rows.map(rows.toUser);
    },
  };
}
