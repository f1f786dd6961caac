/**
 * The schema SQLITE_MIGRATIONS (./migrations.ts) leave, written out: a new database gets it in one exec instead of a
 * replay of every migration (migration 2's table rebuilds, useless on an empty database, were most of the ~5-8 ms a
 * new data folder spent migrating; docs/performance.md, "Cold start"). It is the replayed database's sqlite_master
 * (tables, indexes, in creation order), generated, not written by hand: test/store/fresh-schema.test.ts replays the
 * migrations and fails, printing the text to paste here, when the two differ. A migration appended without updating
 * this file is never skipped: FRESH_SCHEMA_MIGRATIONS no longer lists SQLITE_MIGRATIONS' ids, and new databases
 * replay them all (sqlite-store.ts).
 */
export const FRESH_SCHEMA_MIGRATIONS = '1,2,3,4,7,8,5,6,10,9,11,14';

export const FRESH_SCHEMA = `
CREATE TABLE pools (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  config TEXT NOT NULL
);
CREATE TABLE clients (
  client_id TEXT PRIMARY KEY,
  pool_id TEXT NOT NULL,
  client_name TEXT NOT NULL,
  client_secret TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  config TEXT NOT NULL
);
CREATE INDEX clients_by_pool ON clients (pool_id, client_id);
CREATE TABLE user_aliases (
  pool_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value_key TEXT NOT NULL,
  username_key TEXT NOT NULL,
  PRIMARY KEY (pool_id, kind, value_key)
) WITHOUT ROWID;
CREATE INDEX user_aliases_by_user ON user_aliases (pool_id, username_key);
CREATE TABLE codes (
  pool_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  purpose TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  failures INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pool_id, username_key, purpose)
) WITHOUT ROWID;
CREATE TABLE token_families (
  origin_jti TEXT PRIMARY KEY,
  pool_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  sub TEXT NOT NULL,
  device_key TEXT,
  auth_time INTEGER NOT NULL,
  refresh_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  refresh_expires_at INTEGER NOT NULL,
  revoked_at INTEGER
, scopes TEXT);
CREATE INDEX token_families_by_user ON token_families (pool_id, username_key);
CREATE INDEX token_families_by_device ON token_families (pool_id, device_key);
CREATE TABLE signing_keys (
  pool_id TEXT NOT NULL,
  use TEXT NOT NULL,
  kid TEXT NOT NULL,
  private_key_sealed TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (pool_id, use)
) WITHOUT ROWID;
CREATE TABLE totp_marks (
  pool_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  last_step INTEGER NOT NULL,
  PRIMARY KEY (pool_id, username_key)
) WITHOUT ROWID;
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pool_id TEXT NOT NULL,
  username TEXT NOT NULL,
  channel TEXT NOT NULL,
  destination TEXT NOT NULL,
  subject TEXT,
  body TEXT NOT NULL,
  code TEXT,
  purpose TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX outbox_by_user ON outbox (pool_id, username, id);
CREATE TABLE "users" (
  pool_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  username TEXT NOT NULL,
  sub TEXT NOT NULL,
  status TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (pool_id, username_key)
);
CREATE TABLE "challenge_sessions" (
  id_hash TEXT NOT NULL UNIQUE,
  pool_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  challenge TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  failures INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX challenge_sessions_by_expiry ON challenge_sessions (expires_at);
CREATE TABLE "devices" (
  device_key TEXT NOT NULL UNIQUE,
  pool_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  group_key TEXT NOT NULL,
  verifier TEXT,
  salt TEXT,
  name TEXT,
  remembered INTEGER NOT NULL,
  confirmed INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_authenticated_at INTEGER
);
CREATE INDEX devices_by_user ON devices (pool_id, username_key, device_key);
CREATE TABLE "kv" (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  expires_at INTEGER,
  UNIQUE (namespace, key)
);
CREATE TABLE groups (
  pool_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  group_name TEXT NOT NULL,
  description TEXT,
  role_arn TEXT,
  precedence INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (pool_id, group_key)
);
CREATE TABLE group_members (
  pool_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  username_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (pool_id, group_key, username_key)
);
CREATE INDEX group_members_by_user ON group_members (pool_id, username_key, group_key);
CREATE INDEX codes_by_expiry ON codes (expires_at);
CREATE INDEX token_families_by_refresh_expiry ON token_families (refresh_expires_at);
CREATE INDEX token_families_by_revocation ON token_families (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX outbox_by_time ON outbox (created_at);
CREATE INDEX kv_by_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE branding_styles (
  pool_id TEXT NOT NULL,
  branding_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  use_cognito_provided_values INTEGER NOT NULL,
  settings TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (pool_id, branding_id),
  UNIQUE (pool_id, client_id)
);
CREATE TABLE branding_assets (
  pool_id TEXT NOT NULL,
  branding_id TEXT NOT NULL,
  category TEXT NOT NULL,
  color_mode TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  extension TEXT NOT NULL,
  bytes BLOB,
  UNIQUE (pool_id, branding_id, category, color_mode, resource_id)
);
CREATE TABLE ui_customizations (
  pool_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  css TEXT,
  image BLOB,
  image_extension TEXT,
  css_version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (pool_id, client_id)
);
CREATE TABLE user_pool_domains (
  domain TEXT NOT NULL PRIMARY KEY,
  pool_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  managed_login_version INTEGER NOT NULL,
  certificate_arn TEXT,
  security_policy TEXT,
  routing TEXT,
  cloudfront_distribution TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (pool_id, kind)
);
CREATE TABLE resource_servers (
  pool_id TEXT NOT NULL,
  identifier TEXT NOT NULL,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (pool_id, identifier)
);
CREATE TABLE attempts (
  pool_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  PRIMARY KEY (pool_id, username_key, kind)
) WITHOUT ROWID;
CREATE INDEX attempts_by_last_attempt ON attempts (last_at);
CREATE TABLE quotas (
  bucket TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  used INTEGER NOT NULL,
  granted INTEGER NOT NULL,
  provisioned INTEGER
);
CREATE TABLE identity_providers (
  pool_id TEXT NOT NULL,
  provider_name TEXT NOT NULL,
  provider_type TEXT NOT NULL,
  details TEXT NOT NULL,
  attribute_mapping TEXT NOT NULL,
  idp_identifiers TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (pool_id, provider_name)
);
CREATE TABLE idp_identifiers (
  pool_id TEXT NOT NULL,
  identifier TEXT NOT NULL,
  provider_name TEXT NOT NULL,
  UNIQUE (pool_id, identifier)
);
CREATE INDEX idp_identifiers_by_provider ON idp_identifiers (pool_id, provider_name);
CREATE TABLE provider_links (
  pool_id TEXT NOT NULL,
  provider_name TEXT NOT NULL,
  attribute_name TEXT NOT NULL,
  attribute_value TEXT NOT NULL,
  username_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (pool_id, provider_name, attribute_name, attribute_value)
);
CREATE INDEX provider_links_by_user ON provider_links (pool_id, username_key);
CREATE TABLE oauth_codes (
  code_hash TEXT PRIMARY KEY,
  pool_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  username_key TEXT NOT NULL,
  sub TEXT NOT NULL,
  scopes TEXT NOT NULL,
  code_challenge TEXT,
  code_challenge_method TEXT,
  nonce TEXT,
  auth_time INTEGER NOT NULL,
  device_key TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX oauth_codes_by_expiry ON oauth_codes (expires_at);
CREATE TABLE auth_events (
  pool_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  event_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  details TEXT NOT NULL,
  UNIQUE (pool_id, username_key, event_id)
);
CREATE INDEX auth_events_by_time ON auth_events (pool_id, username_key, created_at, event_id);
`;
