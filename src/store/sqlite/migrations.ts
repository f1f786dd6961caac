import { MIGRATION, SQLITE_DDL, SAME_IN_BOTH_DIALECTS, writtenOnce } from '../sql/migrations.js';
import { SQLITE_ATTEMPTS_TABLE } from './attempts.js';

/**
 * The columns of the tables migration 2 moved from WITHOUT ROWID to rowid tables, written once for the table
 * migration 1 made and for the copy migration 2 makes of it (the key's constraint is each migration's own).
 */
const USER_COLUMNS = `  pool_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  username TEXT NOT NULL,
  sub TEXT NOT NULL,
  status TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  data TEXT NOT NULL,`;
const SESSION_COLUMNS = `  pool_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  username_key TEXT NOT NULL,
  challenge TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  failures INTEGER NOT NULL DEFAULT 0`;
const DEVICE_COLUMNS = `  pool_id TEXT NOT NULL,
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
  last_authenticated_at INTEGER`;

const ONCE = writtenOnce(SQLITE_DDL);

/** SQLite schema, as a static ordered list: a migration is never edited once released, only appended to. */
export const SQLITE_MIGRATIONS: ReadonlyArray<{ id: number; name: string; sql: string }> = [
  {
    id: 1,
    name: 'initial',
    sql: `
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
CREATE TABLE users (
${USER_COLUMNS}
  PRIMARY KEY (pool_id, username_key)
) WITHOUT ROWID;
CREATE TABLE user_aliases (
  pool_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value_key TEXT NOT NULL,
  username_key TEXT NOT NULL,
  PRIMARY KEY (pool_id, kind, value_key)
) WITHOUT ROWID;
CREATE INDEX user_aliases_by_user ON user_aliases (pool_id, username_key);
CREATE TABLE challenge_sessions (
  id_hash TEXT PRIMARY KEY,
${SESSION_COLUMNS}
) WITHOUT ROWID;
CREATE INDEX challenge_sessions_by_expiry ON challenge_sessions (expires_at);
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
);
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
CREATE TABLE devices (
  device_key TEXT PRIMARY KEY,
${DEVICE_COLUMNS}
) WITHOUT ROWID;
CREATE INDEX devices_by_user ON devices (pool_id, username_key, device_key);
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
CREATE TABLE kv (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
`,
  },
  {
    // Tables whose rows run past ~1 KB must not be WITHOUT ROWID: there a row is an index-b-tree entry, which keeps
    // at most ~1,000 bytes on its page and moves the rest to an overflow page of its own. A user row is ~1.4 KB (the
    // password verifier, TOTP, MFA state), so every user took a 4 KB overflow page (4.7 KB a user on disk), every
    // read touched two pages and every update wrote two to the WAL. As rowid tables (up to ~4 KB inline) two or
    // three users share a page. The unique indexes keep the lookup keys and the order ListUsers pages by.
    id: 2,
    name: 'large rows in rowid tables',
    sql: `
CREATE TABLE users_v2 (
${USER_COLUMNS}
  UNIQUE (pool_id, username_key)
);
INSERT INTO users_v2 (pool_id, username_key, username, sub, status, enabled, created_at, updated_at, version, attributes, data)
  SELECT pool_id, username_key, username, sub, status, enabled, created_at, updated_at, version, attributes, data FROM users ORDER BY pool_id, username_key;
DROP TABLE users;
ALTER TABLE users_v2 RENAME TO users;
CREATE TABLE challenge_sessions_v2 (
  id_hash TEXT NOT NULL UNIQUE,
${SESSION_COLUMNS}
);
INSERT INTO challenge_sessions_v2 (id_hash, pool_id, client_id, username_key, challenge, data, created_at, expires_at, used_at, failures)
  SELECT id_hash, pool_id, client_id, username_key, challenge, data, created_at, expires_at, used_at, failures FROM challenge_sessions;
DROP TABLE challenge_sessions;
ALTER TABLE challenge_sessions_v2 RENAME TO challenge_sessions;
CREATE INDEX challenge_sessions_by_expiry ON challenge_sessions (expires_at);
CREATE TABLE devices_v2 (
  device_key TEXT NOT NULL UNIQUE,
${DEVICE_COLUMNS}
);
INSERT INTO devices_v2 (device_key, pool_id, username_key, group_key, verifier, salt, name, remembered, confirmed, attributes, created_at, updated_at, last_authenticated_at)
  SELECT device_key, pool_id, username_key, group_key, verifier, salt, name, remembered, confirmed, attributes, created_at, updated_at, last_authenticated_at FROM devices;
DROP TABLE devices;
ALTER TABLE devices_v2 RENAME TO devices;
CREATE INDEX devices_by_user ON devices (pool_id, username_key, device_key);
CREATE TABLE kv_v2 (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  expires_at INTEGER,
  UNIQUE (namespace, key)
);
INSERT INTO kv_v2 (namespace, key, value, expires_at) SELECT namespace, key, value, expires_at FROM kv;
DROP TABLE kv;
ALTER TABLE kv_v2 RENAME TO kv;
`,
  },
  {
    ...MIGRATION.groups,
    sql: `
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
`,
  },
  SAME_IN_BOTH_DIALECTS.expiryIndexes,
  {
    ...MIGRATION.branding,
    // Images in a rowid table: large rows overflow pages without moving their neighbours.
    sql: `
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
`,
  },
  {
    ...MIGRATION.domains,
    sql: `
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
`,
  },
  {
    ...MIGRATION.attempts,
    sql: SQLITE_ATTEMPTS_TABLE,
  },
  SAME_IN_BOTH_DIALECTS.attemptsExpiryIndex,
  {
    ...MIGRATION.quotas,
    sql: `
CREATE TABLE quotas (
  bucket TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
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
