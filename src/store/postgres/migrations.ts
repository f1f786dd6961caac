import { MIGRATION, POSTGRES_DDL, SAME_IN_BOTH_DIALECTS, writtenOnce } from '../sql/migrations.js';
import { POSTGRES_ATTEMPTS_TABLE } from './attempts.js';

const ONCE = writtenOnce(POSTGRES_DDL);

/**
 * PostgreSQL schema, as a static ordered list: a migration is never edited once released, only appended to.
 * Applied at start under an advisory lock (see postgres-store.ts), so several processes may start at once.
 *
 * Times are epoch milliseconds in BIGINT (read back as numbers). Key columns are COLLATE "C": ordering and
 * pagination (`after`) compare code points, as SQLite does, whatever the database's default locale.
 * `users.attributes` is JSONB because ListUsers filters on it; every other blob is opaque JSON text.
 */
export const POSTGRES_MIGRATIONS: ReadonlyArray<{ id: number; name: string; sql: string }> = [
  {
    id: 1,
    name: 'initial',
    sql: `
CREATE TABLE pools (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  config TEXT NOT NULL
);
CREATE TABLE clients (
  client_id TEXT COLLATE "C" PRIMARY KEY,
  pool_id TEXT COLLATE "C" NOT NULL,
  client_name TEXT NOT NULL,
  client_secret TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  config TEXT NOT NULL
);
CREATE INDEX clients_by_pool ON clients (pool_id, client_id);
CREATE TABLE users (
  pool_id TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  sub TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  enabled BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL,
  attributes JSONB NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (pool_id, username_key)
);
CREATE TABLE user_aliases (
  pool_id TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  value_key TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (pool_id, kind, value_key)
);
CREATE INDEX user_aliases_by_user ON user_aliases (pool_id, username_key);
CREATE TABLE challenge_sessions (
  id_hash TEXT COLLATE "C" PRIMARY KEY,
  pool_id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  challenge TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  failures INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX challenge_sessions_by_expiry ON challenge_sessions (expires_at);
CREATE INDEX challenge_sessions_by_pool ON challenge_sessions (pool_id);
CREATE TABLE codes (
  pool_id TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  purpose TEXT COLLATE "C" NOT NULL,
  code_hash TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  failures INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pool_id, username_key, purpose)
);
CREATE TABLE token_families (
  origin_jti TEXT COLLATE "C" PRIMARY KEY,
  pool_id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  sub TEXT COLLATE "C" NOT NULL,
  device_key TEXT COLLATE "C",
  auth_time BIGINT NOT NULL,
  refresh_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  refresh_expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX token_families_by_user ON token_families (pool_id, username_key);
CREATE INDEX token_families_by_device ON token_families (pool_id, device_key);
CREATE TABLE signing_keys (
  pool_id TEXT COLLATE "C" NOT NULL,
  use TEXT COLLATE "C" NOT NULL,
  kid TEXT COLLATE "C" NOT NULL,
  private_key_sealed TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (pool_id, use)
);
CREATE TABLE totp_marks (
  pool_id TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  last_step BIGINT NOT NULL,
  PRIMARY KEY (pool_id, username_key)
);
CREATE TABLE devices (
  device_key TEXT COLLATE "C" PRIMARY KEY,
  pool_id TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  group_key TEXT NOT NULL,
  verifier TEXT,
  salt TEXT,
  name TEXT,
  remembered BOOLEAN NOT NULL,
  confirmed BOOLEAN NOT NULL,
  attributes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_authenticated_at BIGINT
);
CREATE INDEX devices_by_user ON devices (pool_id, username_key, device_key);
CREATE TABLE outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pool_id TEXT COLLATE "C" NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  channel TEXT COLLATE "C" NOT NULL,
  destination TEXT NOT NULL,
  subject TEXT,
  body TEXT NOT NULL,
  code TEXT,
  purpose TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX outbox_by_user ON outbox (pool_id, username, id);
CREATE TABLE kv (
  namespace TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value TEXT NOT NULL,
  expires_at BIGINT,
  PRIMARY KEY (namespace, key)
);
`,
  },
  {
    id: 2,
    name: 'notify config changes',
    // The pool/client cache of each cognate process (config-cache.ts) LISTENs on this channel: a transaction that
    // changes pools or clients notifies it when it commits, with the table's schema as payload. Statement-level triggers:
    // one notification per statement (PostgreSQL folds identical ones within a transaction), none per row.
    sql: `
CREATE FUNCTION cognate_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cognate_config', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$$;
CREATE TRIGGER pools_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pools
  FOR EACH STATEMENT EXECUTE FUNCTION cognate_config_changed();
CREATE TRIGGER clients_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clients
  FOR EACH STATEMENT EXECUTE FUNCTION cognate_config_changed();
`,
  },
  {
    ...MIGRATION.groups,
    sql: `
CREATE TABLE groups (
  pool_id TEXT COLLATE "C" NOT NULL,
  group_key TEXT COLLATE "C" NOT NULL,
  group_name TEXT NOT NULL,
  description TEXT,
  role_arn TEXT,
  precedence BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (pool_id, group_key)
);
CREATE TABLE group_members (
  pool_id TEXT COLLATE "C" NOT NULL,
  group_key TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (pool_id, group_key, username_key)
);
CREATE INDEX group_members_by_user ON group_members (pool_id, username_key, group_key);
`,
  },
  SAME_IN_BOTH_DIALECTS.expiryIndexes,
  {
    ...MIGRATION.branding,
    // Images: TOAST keeps them out of the rows' pages.
    sql: `
CREATE TABLE branding_styles (
  pool_id TEXT COLLATE "C" NOT NULL,
  branding_id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C" NOT NULL,
  use_cognito_provided_values BOOLEAN NOT NULL,
  settings TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (pool_id, branding_id),
  UNIQUE (pool_id, client_id)
);
CREATE TABLE branding_assets (
  pool_id TEXT COLLATE "C" NOT NULL,
  branding_id TEXT COLLATE "C" NOT NULL,
  category TEXT COLLATE "C" NOT NULL,
  color_mode TEXT COLLATE "C" NOT NULL,
  resource_id TEXT COLLATE "C" NOT NULL,
  extension TEXT NOT NULL,
  bytes BYTEA,
  PRIMARY KEY (pool_id, branding_id, category, color_mode, resource_id)
);
CREATE TABLE ui_customizations (
  pool_id TEXT COLLATE "C" NOT NULL,
  client_id TEXT COLLATE "C" NOT NULL,
  css TEXT,
  image BYTEA,
  image_extension TEXT,
  css_version TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (pool_id, client_id)
);
`,
  },
  {
    ...MIGRATION.domains,
    sql: `
CREATE TABLE user_pool_domains (
  domain TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  pool_id TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  managed_login_version INTEGER NOT NULL,
  certificate_arn TEXT,
  security_policy TEXT,
  routing TEXT,
  cloudfront_distribution TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (pool_id, kind)
);
CREATE TABLE resource_servers (
  pool_id TEXT COLLATE "C" NOT NULL,
  identifier TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (pool_id, identifier)
);
`,
  },
  {
    ...MIGRATION.attempts,
    sql: POSTGRES_ATTEMPTS_TABLE,
  },
  SAME_IN_BOTH_DIALECTS.attemptsExpiryIndex,
  {
    ...MIGRATION.quotas,
    sql: `
CREATE TABLE quotas (
  bucket TEXT COLLATE "C" PRIMARY KEY,
  window_start BIGINT NOT NULL,
  used INTEGER NOT NULL,
  granted INTEGER NOT NULL,
  provisioned INTEGER
);
`,
  },
  ONCE.identityProviders,
  ONCE.oauth,
  ONCE.authEvents,
];
