/** OAuth authorization codes: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const OAUTH_CODES = {
  insert: `INSERT INTO oauth_codes (code_hash, pool_id, client_id, redirect_uri, username_key, sub, scopes, code_challenge,
             code_challenge_method, nonce, auth_time, device_key, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
  /** DELETE … RETURNING: of concurrent token requests with one code, only the one whose delete removed the row gets it. */
  take: 'DELETE FROM oauth_codes WHERE code_hash = $1 AND expires_at > $2 RETURNING *',
} as const;
