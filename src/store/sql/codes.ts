/** One-time codes: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const CODES = {
  /** Replaces the live code of the same (user, purpose): new hash and expiry, unused, failures reset. */
  put: `INSERT INTO codes (pool_id, username_key, purpose, code_hash, created_at, expires_at, used_at, failures)
        VALUES ($1, $2, $3, $4, $5, $6, NULL, 0)
        ON CONFLICT (pool_id, username_key, purpose) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at,
          expires_at = excluded.expires_at, used_at = NULL, failures = 0`,
  get: 'SELECT * FROM codes WHERE pool_id = $1 AND username_key = $2 AND purpose = $3',
  /** Single use: the affected-row count decides. Arguments: now, poolId, usernameKey, purpose, codeHash, now. */
  consume: `UPDATE codes SET used_at = $1
            WHERE pool_id = $2 AND username_key = $3 AND purpose = $4 AND code_hash = $5 AND used_at IS NULL AND expires_at > $6`,
  recordFailure: 'UPDATE codes SET failures = failures + 1 WHERE pool_id = $1 AND username_key = $2 AND purpose = $3 RETURNING failures',
  delete: 'DELETE FROM codes WHERE pool_id = $1 AND username_key = $2 AND purpose = $3',
} as const;
