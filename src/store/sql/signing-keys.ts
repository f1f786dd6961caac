/** Signing keys: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const SIGNING_KEYS = {
  /** A concurrent inserter of the same (pool, use) wins or loses as a whole; `get` then reads the key in force. */
  insertIfAbsent: `INSERT INTO signing_keys (pool_id, use, kid, private_key_sealed, public_jwk, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                   ON CONFLICT (pool_id, use) DO NOTHING`,
  get: 'SELECT * FROM signing_keys WHERE pool_id = $1 AND use = $2',
  list: 'SELECT * FROM signing_keys WHERE pool_id = $1 ORDER BY use',
} as const;
