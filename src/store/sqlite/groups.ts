import type Database from 'better-sqlite3';
import { StoreConflictError, type GroupRepository, type UserRecord } from '../types.js';
import { toGroup } from '../group-rows.js';
import type { Row } from '../rows.js';

/** What the SQLite adapter lends its repositories: cached statements over one connection. */
export interface SqliteQueries {
  db: Database.Database;
  one(sql: string, ...p: unknown[]): Row | undefined;
  all(sql: string, ...p: unknown[]): Row[];
  run(sql: string, ...p: unknown[]): number;
  isUniqueViolation(e: unknown): boolean;
  toUser(r: Row): UserRecord;
}

/** Groups and memberships (CreateGroup … ListUsersInGroup). Memberships are keyed by (pool, group key, username key). */
export function sqliteGroups(q: SqliteQueries): GroupRepository {
  const { one, all, run } = q;
  const deleteGroupTx = q.db.transaction((poolId: string, groupKey: string): boolean => {
    const n = run('DELETE FROM groups WHERE pool_id = ? AND group_key = ?', poolId, groupKey);
    run('DELETE FROM group_members WHERE pool_id = ? AND group_key = ?', poolId, groupKey);
    return n === 1;
  });
  return {
    async create(g) {
      try {
        run(
          `INSERT INTO groups (pool_id, group_key, group_name, description, role_arn, precedence, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          g.poolId, g.groupKey, g.groupName, g.description ?? null, g.roleArn ?? null, g.precedence ?? null, g.createdAt, g.updatedAt,
        );
      } catch (e) {
        if (q.isUniqueViolation(e)) throw new StoreConflictError('group');
        throw e;
      }
    },
    async get(poolId, groupKey) {
      const r = one('SELECT * FROM groups WHERE pool_id = ? AND group_key = ?', poolId, groupKey);
      return r && toGroup(r);
    },
    async update(g) {
      return (
        run(
          'UPDATE groups SET description = ?, role_arn = ?, precedence = ?, updated_at = ? WHERE pool_id = ? AND group_key = ?',
          g.description ?? null, g.roleArn ?? null, g.precedence ?? null, g.updatedAt, g.poolId, g.groupKey,
        ) === 1
      );
    },
    async delete(poolId, groupKey) {
      return deleteGroupTx.immediate(poolId, groupKey);
    },
    async list(poolId, limit, after) {
      return all('SELECT * FROM groups WHERE pool_id = ? AND group_key > ? ORDER BY group_key LIMIT ?', poolId, after ?? '', limit).map(toGroup);
    },
    async count(poolId) {
      return one('SELECT COUNT(*) AS n FROM groups WHERE pool_id = ?', poolId)!.n as number;
    },
    async addMember(poolId, groupKey, usernameKey, now) {
      return (
        run(
          'INSERT INTO group_members (pool_id, group_key, username_key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
          poolId, groupKey, usernameKey, now,
        ) === 1
      );
    },
    async removeMember(poolId, groupKey, usernameKey) {
      return run('DELETE FROM group_members WHERE pool_id = ? AND group_key = ? AND username_key = ?', poolId, groupKey, usernameKey) === 1;
    },
    async listForUser(poolId, usernameKey, limit, after) {
      return all(
        `SELECT g.* FROM group_members m JOIN groups g ON g.pool_id = m.pool_id AND g.group_key = m.group_key
         WHERE m.pool_id = ? AND m.username_key = ? AND m.group_key > ? ORDER BY m.group_key LIMIT ?`,
        poolId, usernameKey, after ?? '', limit,
      ).map(toGroup);
    },
    async countForUser(poolId, usernameKey) {
      return one('SELECT COUNT(*) AS n FROM group_members WHERE pool_id = ? AND username_key = ?', poolId, usernameKey)!.n as number;
    },
    async listMembers(poolId, groupKey, limit, after) {
      return all(
        `SELECT u.* FROM group_members m JOIN users u ON u.pool_id = m.pool_id AND u.username_key = m.username_key
         WHERE m.pool_id = ? AND m.group_key = ? AND m.username_key > ? ORDER BY m.username_key LIMIT ?`,
        poolId, groupKey, after ?? '', limit,
      ).map(q.toUser);
    },
  };
}
