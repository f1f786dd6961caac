/** Identity providers, their identifiers and the links of external identities to users (placeholders: see ./placeholders.ts). */
export const IDPS = {
  insert: `INSERT INTO identity_providers (pool_id, provider_name, provider_type, details, attribute_mapping, idp_identifiers, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  get: 'SELECT * FROM identity_providers WHERE pool_id = $1 AND provider_name = $2',
  findByIdentifier: `SELECT p.* FROM idp_identifiers i JOIN identity_providers p ON p.pool_id = i.pool_id AND p.provider_name = i.provider_name
                     WHERE i.pool_id = $1 AND i.identifier = $2`,
  update: `UPDATE identity_providers SET details = $1, attribute_mapping = $2, idp_identifiers = $3, updated_at = $4
           WHERE pool_id = $5 AND provider_name = $6`,
  delete: 'DELETE FROM identity_providers WHERE pool_id = $1 AND provider_name = $2',
  list: 'SELECT * FROM identity_providers WHERE pool_id = $1 AND provider_name > $2 ORDER BY provider_name LIMIT $3',
  count: 'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM identity_providers WHERE pool_id = $1',
  insertIdentifier: 'INSERT INTO idp_identifiers (pool_id, identifier, provider_name) VALUES ($1, $2, $3)',
  deleteIdentifiers: 'DELETE FROM idp_identifiers WHERE pool_id = $1 AND provider_name = $2',
  link: `INSERT INTO provider_links (pool_id, provider_name, attribute_name, attribute_value, username_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
  findLink: 'SELECT * FROM provider_links WHERE pool_id = $1 AND provider_name = $2 AND attribute_name = $3 AND attribute_value = $4',
  linksForUser: 'SELECT * FROM provider_links WHERE pool_id = $1 AND username_key = $2 ORDER BY created_at, provider_name, attribute_value',
  unlink: 'DELETE FROM provider_links WHERE pool_id = $1 AND provider_name = $2 AND attribute_name = $3 AND attribute_value = $4',
} as const;
