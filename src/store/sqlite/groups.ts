import type { GroupRepository } from '../types.js';
import { toGroup } from '../group-rows.js';
import { GROUPS } from '../sql/groups.js';
import { poolOwned, type SqliteContext } from './connection.js';

/** Groups and memberships (CreateGroup … ListUsersInGroup). Memberships are keyed by (pool, group key, username key). */
export function groups(ctx: SqliteContext): GroupRepository {
  const { rows, one, all, run, insert } = ctx;
  return {
    ...poolOwned(ctx, GROUPS, toGroup, GROUPS.deleteMembers),
    async create(g) {
      insert('group', GROUPS.insert, g.poolId, g.groupKey, g.groupName, g.description ?? null, g.roleArn ?? null, g.precedence ?? null, g.createdAt, g.updatedAt);
    },
    async update(g) {
      return run(GROUPS.update, g.description ?? null, g.roleArn ?? null, g.precedence ?? null, g.updatedAt, g.poolId, g.groupKey) === 1;
    },
    async addMember(poolId, groupKey, usernameKey, now) {
      return run(GROUPS.addMember, poolId, groupKey, usernameKey, now) === 1;
    },
    async removeMember(poolId, groupKey, usernameKey) {
      return run(GROUPS.removeMember, poolId, groupKey, usernameKey) === 1;
    },
    async listForUser(poolId, usernameKey, limit, after) {
      return all(GROUPS.listForUser, poolId, usernameKey, after ?? '', limit).map(toGroup);
    },
    async countForUser(poolId, usernameKey) {
      return one(GROUPS.countForUser, poolId, usernameKey)!.n as number;
    },
    async listMembers(poolId, groupKey, limit, after) {
      return all(GROUPS.listMembers, poolId, groupKey, after ?? '', limit).map(rows.toUser);
    },
  };
}
