/** Devices: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const DEVICES = {
  insert: `INSERT INTO devices (device_key, pool_id, username_key, group_key, verifier, salt, name, remembered, confirmed, attributes, created_at, updated_at,
             last_authenticated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
  get: 'SELECT * FROM devices WHERE device_key = $1 AND pool_id = $2',
  update: `UPDATE devices SET group_key = $1, verifier = $2, salt = $3, name = $4, remembered = $5, confirmed = $6, attributes = $7, updated_at = $8,
             last_authenticated_at = $9
           WHERE device_key = $10 AND pool_id = $11`,
  delete: 'DELETE FROM devices WHERE device_key = $1 AND pool_id = $2',
  listForUser: 'SELECT * FROM devices WHERE pool_id = $1 AND username_key = $2 AND device_key > $3 ORDER BY device_key LIMIT $4',
} as const;
