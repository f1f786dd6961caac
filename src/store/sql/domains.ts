/** User-pool domains and resource servers: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const DOMAINS = {
  insert: `INSERT INTO user_pool_domains (domain, pool_id, kind, managed_login_version, certificate_arn, security_policy, routing,
             cloudfront_distribution, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  get: 'SELECT * FROM user_pool_domains WHERE domain = $1',
  // 'prefix' sorts after 'custom': descending puts the prefix domain first.
  listForPool: 'SELECT * FROM user_pool_domains WHERE pool_id = $1 ORDER BY kind DESC',
  update: `UPDATE user_pool_domains SET managed_login_version = $1, certificate_arn = $2, security_policy = $3, routing = $4, updated_at = $5
           WHERE pool_id = $6 AND domain = $7`,
  delete: 'DELETE FROM user_pool_domains WHERE pool_id = $1 AND domain = $2',
} as const;

export const RESOURCE_SERVERS = {
  insert: 'INSERT INTO resource_servers (pool_id, identifier, name, scopes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)',
  get: 'SELECT * FROM resource_servers WHERE pool_id = $1 AND identifier = $2',
  update: 'UPDATE resource_servers SET name = $1, scopes = $2, updated_at = $3 WHERE pool_id = $4 AND identifier = $5',
  delete: 'DELETE FROM resource_servers WHERE pool_id = $1 AND identifier = $2',
  list: 'SELECT * FROM resource_servers WHERE pool_id = $1 AND identifier > $2 ORDER BY identifier LIMIT $3',
  count: 'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM resource_servers WHERE pool_id = $1',
} as const;
