/**
 * The tables a pool owns (deleted with the pool) and every table (wiped by reset). A repository that adds a table
 * adds it here, so that DeleteUserPool and POST /_cognate/reset reach it on both stores.
 */
export const POOL_TABLES: readonly string[] = [
  'clients',
  'users',
  'user_aliases',
  'challenge_sessions',
  'codes',
  'token_families',
  'signing_keys',
  'totp_marks',
  'devices',
  'groups',
  'group_members',
  'user_pool_domains',
  'resource_servers',
  'branding_styles',
  'branding_assets',
  'ui_customizations',
  'attempts',
  'identity_providers',
  'idp_identifiers',
  'provider_links',
  'auth_events',
  'oauth_codes',
];
export const ALL_TABLES: readonly string[] = ['pools', ...POOL_TABLES, 'outbox', 'kv', 'quotas'];
