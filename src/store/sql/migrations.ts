import { ATTEMPTS_EXPIRY_INDEX, EXPIRY_INDEXES } from './expiry.js';

/**
 * What each migration shared by both dialects is and why: its id, its name and the reasons for its shape. The SQL
 * text is each dialect's own (sqlite/migrations.ts, postgres/migrations.ts), where a dialect adds the reasons only it
 * has. Ids are applied once and never reused (docs/architecture.md, "Adding a store method").
 */
export const MIGRATION = {
  // Memberships are read by user at every token issue (cognito:groups): the second index serves that read.
  groups: { id: 3, name: 'groups' },
  // The expiry sweeper (domain/maintenance/sweeper.ts) deletes rows whose time is over in bounded batches, each
  // picked through one of these indexes instead of a scan of the table.
  expiryIndexes: { id: 4, name: 'indexes for the expiry sweeper' },
  attempts: { id: 5, name: 'attempt reservations' },
  // Idle attempt counts (one per unknown name a decoy request tried) are swept like expired rows (migration 4).
  attemptsExpiryIndex: { id: 6, name: 'index for sweeping idle attempt counts' },
  // One style per app client (the second UNIQUE is what makes CreateManagedLoginBranding's conflict atomic); assets
  // are rows of their own so that the hosted pages read one image, not a style's forty. Images are at most ~1 MB.
  branding: { id: 7, name: 'managed-login branding and UI customization' },
  // A domain name is unique across all pools (the Host of a request names one pool); a pool has at most one domain
  // of each kind (prefix, custom). Resource servers are keyed by their identifier as given (case kept).
  domains: { id: 8, name: 'user-pool domains and resource servers' },
  // Provider names and IdP identifiers are each unique within a pool; a linked external identity is found by
  // (provider, attribute, value) at federated sign-in, and a user's links by the second index (the five-link limit,
  // AdminDisableProviderForUser, and deleting the user).
  identityProviders: { id: 9, name: 'identity providers and provider links' },
  // Request-rate quotas (domain/quotas/limiter.ts): per bucket, the provisioned limit (UpdateProvisionedLimit)
  // and the budget spent in the current one-second window, which processes lease in slices.
  quotas: { id: 10, name: 'request-rate quota buckets' },
  // Authorization codes of the domain's OAuth endpoints (domain/oauth): keyed by the code's keyed hash, deleted when
  // used (single use) or swept when expired (the index). A token family remembers the OAuth scopes it was granted,
  // so that refreshing keeps them (NULL: an API sign-in, aws.cognito.signin.user.admin).
  oauth: { id: 11, name: 'OAuth authorization codes and token-family scopes' },
  // Threat protection's auth events (docs/threat-protection.md): read newest first per user (the risk model's history
  // and AdminListUserAuthEvents) through the index; at most 100 per user are kept, so the table is bounded by users.
  authEvents: { id: 14, name: 'threat-protection auth events' },
} as const;

/** The migrations whose SQL both dialects run as it is. */
export const SAME_IN_BOTH_DIALECTS = {
  expiryIndexes: { ...MIGRATION.expiryIndexes, sql: EXPIRY_INDEXES },
  attemptsExpiryIndex: { ...MIGRATION.attemptsExpiryIndex, sql: ATTEMPTS_EXPIRY_INDEX },
} as const;

/**
 * How the two dialects spell the same table: SQLite's times are INTEGER and its keyed tables rowid tables with a
 * UNIQUE key (the rule for large rows, docs/architecture.md); PostgreSQL's times are BIGINT, its key columns
 * COLLATE "C" (code-point order, as SQLite compares) and its keys PRIMARY KEYs.
 */
export interface DdlDialect {
  /** A text column that is part of a key or ordered on. */
  readonly key: string;
  /** An epoch-milliseconds column. */
  readonly time: string;
  /** The constraint that makes a table's key unique. */
  readonly tableKey: string;
}
export const SQLITE_DDL: DdlDialect = { key: 'TEXT', time: 'INTEGER', tableKey: 'UNIQUE' };
export const POSTGRES_DDL: DdlDialect = { key: 'TEXT COLLATE "C"', time: 'BIGINT', tableKey: 'PRIMARY KEY' };

/** The migrations written once for both dialects, spelled for one of them. */
export function writtenOnce({ key, time, tableKey }: DdlDialect) {
  return {
    identityProviders: {
      ...MIGRATION.identityProviders,
      sql: `
CREATE TABLE identity_providers (
  pool_id ${key} NOT NULL,
  provider_name ${key} NOT NULL,
  provider_type TEXT NOT NULL,
  details TEXT NOT NULL,
  attribute_mapping TEXT NOT NULL,
  idp_identifiers TEXT NOT NULL,
  created_at ${time} NOT NULL,
  updated_at ${time} NOT NULL,
  ${tableKey} (pool_id, provider_name)
);
CREATE TABLE idp_identifiers (
  pool_id ${key} NOT NULL,
  identifier ${key} NOT NULL,
  provider_name ${key} NOT NULL,
  ${tableKey} (pool_id, identifier)
);
CREATE INDEX idp_identifiers_by_provider ON idp_identifiers (pool_id, provider_name);
CREATE TABLE provider_links (
  pool_id ${key} NOT NULL,
  provider_name ${key} NOT NULL,
  attribute_name ${key} NOT NULL,
  attribute_value ${key} NOT NULL,
  username_key ${key} NOT NULL,
  created_at ${time} NOT NULL,
  ${tableKey} (pool_id, provider_name, attribute_name, attribute_value)
);
CREATE INDEX provider_links_by_user ON provider_links (pool_id, username_key);
`,
    },
    oauth: {
      ...MIGRATION.oauth,
      sql: `
CREATE TABLE oauth_codes (
  code_hash ${key} PRIMARY KEY,
  pool_id ${key} NOT NULL,
  client_id ${key} NOT NULL,
  redirect_uri TEXT NOT NULL,
  username_key ${key} NOT NULL,
  sub ${key} NOT NULL,
  scopes TEXT NOT NULL,
  code_challenge TEXT,
  code_challenge_method TEXT,
  nonce TEXT,
  auth_time ${time} NOT NULL,
  device_key TEXT,
  created_at ${time} NOT NULL,
  expires_at ${time} NOT NULL
);
CREATE INDEX oauth_codes_by_expiry ON oauth_codes (expires_at);
ALTER TABLE token_families ADD COLUMN scopes TEXT;
`,
    },
    authEvents: {
      ...MIGRATION.authEvents,
      sql: `
CREATE TABLE auth_events (
  pool_id ${key} NOT NULL,
  username_key ${key} NOT NULL,
  event_id ${key} NOT NULL,
  created_at ${time} NOT NULL,
  details TEXT NOT NULL,
  ${tableKey} (pool_id, username_key, event_id)
);
CREATE INDEX auth_events_by_time ON auth_events (pool_id, username_key, created_at, event_id);
`,
    },
  } as const;
}
