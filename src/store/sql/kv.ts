/** Key/value records: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const KV = {
  put: `INSERT INTO kv (namespace, key, value, expires_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
  get: 'SELECT value FROM kv WHERE namespace = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3)',
  /** DELETE … RETURNING: of concurrent takers, only the one whose delete removed the row gets the value. */
  take: 'DELETE FROM kv WHERE namespace = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3) RETURNING value',
  delete: 'DELETE FROM kv WHERE namespace = $1 AND key = $2',
} as const;
