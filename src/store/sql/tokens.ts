/** Token families: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const TOKENS = {
  insert: `INSERT INTO token_families (origin_jti, pool_id, client_id, username_key, sub, device_key, auth_time, refresh_hash, created_at, refresh_expires_at, revoked_at, scopes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11)`,
  getFamily: 'SELECT * FROM token_families WHERE origin_jti = $1',
  findByRefreshHash: 'SELECT * FROM token_families WHERE refresh_hash = $1',
  /** Each revocation keeps the first revocation time. */
  revokeFamily: 'UPDATE token_families SET revoked_at = $1 WHERE origin_jti = $2 AND revoked_at IS NULL',
  rotateRefresh: 'UPDATE token_families SET refresh_hash = $1 WHERE origin_jti = $2 AND refresh_hash = $3 AND revoked_at IS NULL',
  revokeUser: 'UPDATE token_families SET revoked_at = $1 WHERE pool_id = $2 AND username_key = $3 AND revoked_at IS NULL',
  revokeDevice: 'UPDATE token_families SET revoked_at = $1 WHERE pool_id = $2 AND device_key = $3 AND revoked_at IS NULL',
} as const;
