/** Pools and app clients: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const POOLS = {
  insert: 'INSERT INTO pools (id, name, created_at, updated_at, config) VALUES ($1, $2, $3, $4, $5)',
  get: 'SELECT * FROM pools WHERE id = $1',
  update: 'UPDATE pools SET name = $1, updated_at = $2, config = $3 WHERE id = $4',
  delete: 'DELETE FROM pools WHERE id = $1',
  list: 'SELECT * FROM pools WHERE id > $1 ORDER BY id LIMIT $2',
} as const;

export const CLIENTS = {
  insert: 'INSERT INTO clients (client_id, pool_id, client_name, client_secret, created_at, updated_at, config) VALUES ($1, $2, $3, $4, $5, $6, $7)',
  get: 'SELECT * FROM clients WHERE client_id = $1 AND pool_id = $2',
  find: 'SELECT * FROM clients WHERE client_id = $1',
  update: 'UPDATE clients SET client_name = $1, client_secret = $2, updated_at = $3, config = $4 WHERE client_id = $5 AND pool_id = $6',
  delete: 'DELETE FROM clients WHERE client_id = $1 AND pool_id = $2',
  list: 'SELECT * FROM clients WHERE pool_id = $1 AND client_id > $2 ORDER BY client_id LIMIT $3',
} as const;
