/** The users table's columns, in table order (for statements that name them, e.g. SESSIONS.getWithUser). */
export const USER_COLUMNS = ['pool_id', 'username_key', 'username', 'sub', 'status', 'enabled', 'created_at', 'updated_at', 'version', 'attributes', 'data'] as const;

/** Users and their aliases: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const USERS = {
  insert: `INSERT INTO users (pool_id, username_key, username, sub, status, enabled, created_at, updated_at, version, attributes, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
  get: 'SELECT * FROM users WHERE pool_id = $1 AND username_key = $2',
  /**
   * The access-token check of every token-authorized request: the family's state and the user in one read. The
   * columns are named in a fixed order: the SQLite adapter reads the row as an array (raw mode).
   * Arguments: poolId, originJti, poolId, usernameKey.
   */
  getForAccessToken: `SELECT (SELECT revoked_at IS NULL AND pool_id = $1 FROM token_families WHERE origin_jti = $2) AS family_live,
         u.pool_id, u.username_key, u.username, u.sub, u.status, u.enabled, u.created_at, u.updated_at, u.version, u.attributes, u.data
       FROM (SELECT 1) AS one LEFT JOIN users u ON u.pool_id = $3 AND u.username_key = $4`,
  findByAlias: `SELECT u.* FROM user_aliases a JOIN users u ON u.pool_id = a.pool_id AND u.username_key = a.username_key
           WHERE a.pool_id = $1 AND a.kind = $2 AND a.value_key = $3`,
  /** The version guard: the row changes only if nobody updated it since it was read. */
  update: `UPDATE users SET username = $1, sub = $2, status = $3, enabled = $4, updated_at = $5, version = version + 1, attributes = $6, data = $7
           WHERE pool_id = $8 AND username_key = $9 AND version = $10`,
  delete: 'DELETE FROM users WHERE pool_id = $1 AND username_key = $2',
  /** What goes with a deleted user (its token families are revoked, not deleted: TOKENS.revokeUser). */
  deleteOwned: ['user_aliases', 'codes', 'totp_marks', 'devices', 'group_members', 'attempts', 'provider_links', 'auth_events'].map((table) => `DELETE FROM ${table} WHERE pool_id = $1 AND username_key = $2`),
  count: 'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM users WHERE pool_id = $1',
  /** Without a filter; the filtered forms differ between the dialects (JSON access, prefix match). */
  list: 'SELECT * FROM users WHERE pool_id = $1 AND username_key > $2 ORDER BY username_key LIMIT $3',
  insertAlias: 'INSERT INTO user_aliases (pool_id, kind, value_key, username_key) VALUES ($1, $2, $3, $4)',
  deleteAliases: 'DELETE FROM user_aliases WHERE pool_id = $1 AND username_key = $2',
} as const;
