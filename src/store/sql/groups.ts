/** Groups and memberships: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const GROUPS = {
  insert: `INSERT INTO groups (pool_id, group_key, group_name, description, role_arn, precedence, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  get: 'SELECT * FROM groups WHERE pool_id = $1 AND group_key = $2',
  update: 'UPDATE groups SET description = $1, role_arn = $2, precedence = $3, updated_at = $4 WHERE pool_id = $5 AND group_key = $6',
  delete: 'DELETE FROM groups WHERE pool_id = $1 AND group_key = $2',
  deleteMembers: 'DELETE FROM group_members WHERE pool_id = $1 AND group_key = $2',
  list: 'SELECT * FROM groups WHERE pool_id = $1 AND group_key > $2 ORDER BY group_key LIMIT $3',
  count: 'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM groups WHERE pool_id = $1',
  addMember: 'INSERT INTO group_members (pool_id, group_key, username_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
  removeMember: 'DELETE FROM group_members WHERE pool_id = $1 AND group_key = $2 AND username_key = $3',
  listForUser: `SELECT g.* FROM group_members m JOIN groups g ON g.pool_id = m.pool_id AND g.group_key = m.group_key
                WHERE m.pool_id = $1 AND m.username_key = $2 AND m.group_key > $3 ORDER BY m.group_key LIMIT $4`,
  countForUser: 'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM group_members WHERE pool_id = $1 AND username_key = $2',
  listMembers: `SELECT u.* FROM group_members m JOIN users u ON u.pool_id = m.pool_id AND u.username_key = m.username_key
                WHERE m.pool_id = $1 AND m.group_key = $2 AND m.username_key > $3 ORDER BY m.username_key LIMIT $4`,
} as const;
