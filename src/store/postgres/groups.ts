import type { QueryResult } from 'pg';
import { StoreConflictError, type GroupRepository, type UserRecord } from '../types.js';
import { toGroup } from '../group-rows.js';
import type { Row } from '../rows.js';

type Sql = (text: string, params?: unknown[]) => Promise<QueryResult<Row>>;

/** What the PostgreSQL adapter lends its repositories: queries on the pool, one transaction, the user row mapper. */
export interface PostgresQueries {
  sql: Sql;
  tx<T>(fn: (q: Sql) => Promise<T>): Promise<T>;
  isUniqueViolation(e: unknown): boolean;
  toUser(r: Row): UserRecord;
}

/** Groups and memberships (CreateGroup … ListUsersInGroup). Memberships are keyed by (pool, group key, username key). */
export function postgresGroups(p: PostgresQueries): GroupRepository {
  const { sql } = p;
  const rowCount = async (r: Promise<QueryResult<Row>>) => (await r).rowCount ?? 0;
  return {
    async create(g) {
      try {
        await sql(
          `INSERT INTO groups (pool_id, group_key, group_name, description, role_arn, precedence, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [g.poolId, g.groupKey, g.groupName, g.description ?? null, g.roleArn ?? null, g.precedence ?? null, g.createdAt, g.updatedAt],
        );
      } catch (e) {
        if (p.isUniqueViolation(e)) throw new StoreConflictError('group');
        throw e;
      }
    },
    async get(poolId, groupKey) {
      const r = (await sql('SELECT * FROM groups WHERE pool_id = $1 AND group_key = $2', [poolId, groupKey])).rows[0];
      return r && toGroup(r);
    },
    async update(g) {
      const n = await rowCount(
        sql('UPDATE groups SET description = $1, role_arn = $2, precedence = $3, updated_at = $4 WHERE pool_id = $5 AND group_key = $6', [
          g.description ?? null, g.roleArn ?? null, g.precedence ?? null, g.updatedAt, g.poolId, g.groupKey,
        ]),
      );
      return n === 1;
    },
    async delete(poolId, groupKey) {
      return p.tx(async (q) => {
        const n = await rowCount(q('DELETE FROM groups WHERE pool_id = $1 AND group_key = $2', [poolId, groupKey]));
        await q('DELETE FROM group_members WHERE pool_id = $1 AND group_key = $2', [poolId, groupKey]);
        return n === 1;
      });
    },
    async list(poolId, limit, after) {
      return (await sql('SELECT * FROM groups WHERE pool_id = $1 AND group_key > $2 ORDER BY group_key LIMIT $3', [poolId, after ?? '', limit])).rows.map(toGroup);
    },
    async count(poolId) {
      return Number((await sql('SELECT COUNT(*) AS n FROM groups WHERE pool_id = $1', [poolId])).rows[0]!.n);
    },
    async addMember(poolId, groupKey, usernameKey, now) {
      const n = await rowCount(
        sql('INSERT INTO group_members (pool_id, group_key, username_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          poolId, groupKey, usernameKey, now,
        ]),
      );
      return n === 1;
    },
    async removeMember(poolId, groupKey, usernameKey) {
      return (await rowCount(sql('DELETE FROM group_members WHERE pool_id = $1 AND group_key = $2 AND username_key = $3', [poolId, groupKey, usernameKey]))) === 1;
    },
    async listForUser(poolId, usernameKey, limit, after) {
      const r = await sql(
        `SELECT g.* FROM group_members m JOIN groups g ON g.pool_id = m.pool_id AND g.group_key = m.group_key
         WHERE m.pool_id = $1 AND m.username_key = $2 AND m.group_key > $3 ORDER BY m.group_key LIMIT $4`,
        [poolId, usernameKey, after ?? '', limit],
      );
      return r.rows.map(toGroup);
    },
    async countForUser(poolId, usernameKey) {
      return Number((await sql('SELECT COUNT(*) AS n FROM group_members WHERE pool_id = $1 AND username_key = $2', [poolId, usernameKey])).rows[0]!.n);
    },
    async listMembers(poolId, groupKey, limit, after) {
      const r = await sql(
        `SELECT u.* FROM group_members m JOIN users u ON u.pool_id = m.pool_id AND u.username_key = m.username_key
         WHERE m.pool_id = $1 AND m.group_key = $2 AND m.username_key > $3 ORDER BY m.username_key LIMIT $4`,
        [poolId, groupKey, after ?? '', limit],
      );
      return r.rows.map(p.toUser);
    },
  };
}
