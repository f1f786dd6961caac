/**
 * The store contract: one repository per aggregate, async so that the PostgreSQL adapter is a second
 * implementation of the same interfaces. Every method is atomic on its own (multi-row writes run in a
 * transaction inside the adapter); the domain never holds a transaction across awaits. Optimistic concurrency
 * (`expectedVersion`) and guarded single-use consumption (`… WHERE used_at IS NULL`, decided by the affected-row
 * count) are how concurrent requests on one or several processes stay consistent.
 * All times are epoch milliseconds. Records are plain data; the store never interprets `config`/`data` blobs.
 */
import type {
  EmailMfaConfigType,
  SoftwareTokenMfaConfigType,
  UserPoolClientType,
  UserPoolType,
  WebAuthnConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';

export class StoreConflictError extends Error {
  constructor(readonly what: string) {
    super(`store conflict: ${what}`);
    this.name = 'StoreConflictError';
  }
}
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('store unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A pool's settings: the UserPoolType members other than ids, names, dates and counts, plus the MFA members only
 * GetUserPoolMfaConfig shows. Read them through domain/pools/config.ts, which holds Cognito's defaults.
 */
export type PoolConfig = Omit<UserPoolType, 'Id' | 'Name' | 'Status' | 'LastModifiedDate' | 'CreationDate' | 'EstimatedNumberOfUsers' | 'Arn'> & {
  /** Whether SMS is an MFA factor (absent on pools SetUserPoolMfaConfig never changed). */
  SmsMfaEnabled?: boolean;
  SoftwareTokenMfaConfiguration?: SoftwareTokenMfaConfigType;
  /** Present = email MFA on. */
  EmailMfaConfiguration?: EmailMfaConfigType;
  WebAuthnConfiguration?: WebAuthnConfigurationType;
};

/** An app client's settings: the UserPoolClientType members other than ids, names, secret and dates. Read them through domain/clients/config.ts. */
export type ClientConfig = Omit<UserPoolClientType, 'UserPoolId' | 'ClientName' | 'ClientId' | 'ClientSecret' | 'LastModifiedDate' | 'CreationDate'>;

export interface PoolRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** The pool's settings as the API gave them, with Cognito's defaults filled in. */
  config: PoolConfig;
}

export interface ClientRecord {
  poolId: string;
  clientId: string;
  clientName: string;
  clientSecret?: string;
  createdAt: number;
  updatedAt: number;
  config: ClientConfig;
}

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'ARCHIVED' | 'COMPROMISED' | 'UNKNOWN' | 'RESET_REQUIRED' | 'FORCE_CHANGE_PASSWORD' | 'EXTERNAL_PROVIDER';

export interface UserRecord {
  poolId: string;
  /** The user name as created (case preserved). */
  username: string;
  /** The lookup key: lower-cased unless the pool's usernames are case sensitive. */
  usernameKey: string;
  sub: string;
  status: UserStatus;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** Bumped on every update; updates name the version they read. */
  version: number;
  attributes: Record<string, string>;
  /** Domain-owned state (password verifier, MFA settings, TOTP, lockout, legacy MFAOptions …), opaque to the store. */
  data: Record<string, unknown>;
}

export type FamilyState = 'live' | 'revoked' | 'absent';

/** A secondary key that finds a user: sub, email, phone_number, preferred_username (values as normalised by the domain). */
export interface AliasEntry {
  kind: string;
  valueKey: string;
}

export interface UserListQuery {
  limit: number;
  /** Resume after this username key (exclusive). */
  after?: string;
  /** Equality or prefix filter on one attribute (ListUsers Filter). `username`/`status` are columns, others attributes. */
  filter?: { attribute: string; prefix: boolean; value: string };
}

export interface ChallengeSessionRecord {
  /** SHA-256 of the session string: the string itself is never stored. */
  idHash: string;
  poolId: string;
  clientId: string;
  usernameKey: string;
  /** The challenge this session may answer next. */
  challenge: string;
  data: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
  usedAt?: number;
  failures: number;
}

export interface CodeRecord {
  poolId: string;
  usernameKey: string;
  /** e.g. 'signup', 'forgot-password', 'verify:email'. One live code per (user, purpose). */
  purpose: string;
  codeHash: string;
  createdAt: number;
  expiresAt: number;
  usedAt?: number;
  failures: number;
}

/** One sign-in: its refresh token (hashed) and everything issued from it share the origin jti. */
export interface TokenFamilyRecord {
  originJti: string;
  poolId: string;
  clientId: string;
  usernameKey: string;
  sub: string;
  deviceKey?: string;
  authTime: number;
  refreshHash: string;
  createdAt: number;
  refreshExpiresAt: number;
  revokedAt?: number;
  /**
   * The OAuth scopes granted at the family's sign-in through the pool's domain (domain/oauth), which its refreshes
   * keep; absent for sign-ins through the API (InitiateAuth), whose access tokens carry aws.cognito.signin.user.admin.
   */
  scopes?: string[];
}

/**
 * An OAuth 2.0 authorization code (the domain's /oauth2/authorize → /oauth2/token, domain/oauth/codes.ts), stored
 * under its keyed hash, bound to everything the token request must match. Single use: `take` deletes it.
 */
export interface AuthorizationCodeRecord {
  codeHash: string;
  poolId: string;
  clientId: string;
  redirectUri: string;
  usernameKey: string;
  sub: string;
  scopes: string[];
  /** PKCE (RFC 7636): the challenge and its method (S256), when the authorization request carried one. */
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  /** Epoch seconds of the sign-in (the tokens' auth_time). */
  authTime: number;
  deviceKey?: string;
  createdAt: number;
  expiresAt: number;
}

export interface SigningKeyRecord {
  poolId: string;
  use: 'id' | 'access';
  kid: string;
  /** The private key, sealed with the server's secret box. */
  privateKeySealed: string;
  publicJwk: Record<string, string>;
  createdAt: number;
}

export interface DeviceRecord {
  poolId: string;
  usernameKey: string;
  deviceKey: string;
  groupKey: string;
  /** base64 SRP verifier and salt from ConfirmDevice (never the device password). */
  verifier?: string;
  salt?: string;
  name?: string;
  remembered: boolean;
  confirmed: boolean;
  attributes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt?: number;
}

/** A user-pool group (CreateGroup). `groupKey` is the name lower-cased: names are unique without regard to case. */
export interface GroupRecord {
  poolId: string;
  groupName: string;
  groupKey: string;
  description?: string;
  roleArn?: string;
  precedence?: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * A user-pool domain (CreateUserPoolDomain): a prefix (`myprefix`, served as `myprefix.auth.<region>.amazoncognito.com`)
 * or a custom domain's full name (`auth.example.com`). Domain names are unique across all pools; a pool has at most one
 * domain of each kind.
 */
export interface DomainRecord {
  /** Lower-case, as the API requires. */
  domain: string;
  poolId: string;
  kind: 'prefix' | 'custom';
  managedLoginVersion: number;
  /** Custom domains only (CustomDomainConfig). */
  certificateArn?: string;
  securityPolicy?: string;
  /** RoutingType as given (custom domains of replicated pools). */
  routing?: Record<string, unknown>;
  /** The CloudFront host name the domain reports (cognate serves none: a stable name of CloudFront's form). */
  cloudFrontDistribution: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * A user pool's external identity provider (CreateIdentityProvider). `details` are the ProviderDetails as the
 * domain keeps them (secrets sealed); `idpIdentifiers` are unique within the pool (the store enforces it).
 */
export interface IdentityProviderRecord {
  poolId: string;
  providerName: string;
  providerType: string;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  updatedAt: number;
}

/** An OAuth 2.0 resource server and its custom scopes (CreateResourceServer), keyed by (pool, identifier as given). */
export interface ResourceServerRecord {
  poolId: string;
  identifier: string;
  name: string;
  scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
  createdAt: number;
  updatedAt: number;
}

/**
 * AdminLinkProviderForUser: an identity of an external provider (provider name, the attribute that identifies the
 * user there, its value) that signs in as the pool user `usernameKey`. One identity links to one user at most.
 */
export interface ProviderLinkRecord {
  poolId: string;
  providerName: string;
  attributeName: string;
  attributeValue: string;
  usernameKey: string;
  createdAt: number;
}

export interface OutboxMessage {
  id?: number;
  poolId: string;
  username: string;
  channel: 'SMS' | 'EMAIL';
  destination: string;
  subject?: string;
  body: string;
  code?: string;
  purpose: string;
  createdAt: number;
}

export interface OutboxQuery {
  poolId?: string;
  username?: string;
  channel?: 'SMS' | 'EMAIL';
  limit: number;
}

export interface PoolRepository {
  create(pool: PoolRecord): Promise<void>;
  get(id: string): Promise<PoolRecord | undefined>;
  update(pool: PoolRecord): Promise<boolean>;
  /** Deletes the pool and everything in it. */
  delete(id: string): Promise<boolean>;
  list(limit: number, after?: string): Promise<PoolRecord[]>;
}

export interface ClientRepository {
  create(client: ClientRecord): Promise<void>;
  get(poolId: string, clientId: string): Promise<ClientRecord | undefined>;
  /** By client id alone: sign-in calls name only the client. */
  find(clientId: string): Promise<ClientRecord | undefined>;
  update(client: ClientRecord): Promise<boolean>;
  delete(poolId: string, clientId: string): Promise<boolean>;
  list(poolId: string, limit: number, after?: string): Promise<ClientRecord[]>;
}

export interface UserRepository {
  /** Throws StoreConflictError('username') or StoreConflictError('alias:<kind>') when a key is taken. */
  create(user: UserRecord, aliases: AliasEntry[]): Promise<void>;
  get(poolId: string, usernameKey: string): Promise<UserRecord | undefined>;
  findByAlias(poolId: string, kind: string, valueKey: string): Promise<UserRecord | undefined>;
  /**
   * The access-token check of every token-authorized request in one read: the user and the state of the token's
   * family (`originJti`): 'live' (exists, unrevoked, in this pool), 'revoked' (revoked, or of another pool) or
   * 'absent' (no such family, or no `originJti` given).
   */
  getForAccessToken(poolId: string, usernameKey: string, originJti: string | undefined): Promise<{ user?: UserRecord; family: FamilyState }>;
  /**
   * Writes `user` (whose `version` is the one read) if nobody updated it since; bumps the version.
   * With `aliases`, replaces the user's alias set in the same transaction (StoreConflictError on a taken alias).
   */
  update(user: UserRecord, aliases?: AliasEntry[]): Promise<boolean>;
  /** Deletes the user with its aliases, codes, devices and TOTP marks, and revokes its tokens as of `now`. */
  delete(poolId: string, usernameKey: string, now: number): Promise<boolean>;
  list(poolId: string, query: UserListQuery): Promise<UserRecord[]>;
  count(poolId: string): Promise<number>;
}

export interface ChallengeSessionRepository {
  create(session: ChallengeSessionRecord): Promise<void>;
  get(idHash: string): Promise<ChallengeSessionRecord | undefined>;
  /**
   * The session and the user it names (undefined when there is no such user: a decoy's session, a deleted user) in
   * one read: every challenge answer needs both (docs/performance.md, "Statements per request").
   */
  getWithUser(idHash: string): Promise<{ session: ChallengeSessionRecord; user: UserRecord | undefined } | undefined>;
  /** Marks the session used if it is unused and unexpired; true for exactly one caller. */
  consume(idHash: string, now: number): Promise<boolean>;
  /** Counts a wrong answer; returns the new failure count. */
  recordFailure(idHash: string): Promise<number>;
  /** Deletes at most `limit` sessions that expired at or before `before`; returns how many (the expiry sweeper). */
  deleteExpired(before: number, limit: number): Promise<number>;
}

export interface CodeRepository {
  /** Replaces any live code of the same (user, purpose). */
  put(code: CodeRecord): Promise<void>;
  get(poolId: string, usernameKey: string, purpose: string): Promise<CodeRecord | undefined>;
  /** Marks the code used if unused, unexpired and still the same hash; true for exactly one caller. */
  consume(poolId: string, usernameKey: string, purpose: string, codeHash: string, now: number): Promise<boolean>;
  recordFailure(poolId: string, usernameKey: string, purpose: string): Promise<number>;
  delete(poolId: string, usernameKey: string, purpose: string): Promise<void>;
  /** Deletes at most `limit` codes that expired at or before `before`; returns how many (the expiry sweeper). */
  deleteExpired(before: number, limit: number): Promise<number>;
}

export interface TokenRepository {
  createFamily(family: TokenFamilyRecord): Promise<void>;
  /**
   * `createFamily`, and the user's groups as `groups.listForUser(family.poolId, family.usernameKey, groupsLimit)` lists
   * them: the two things a sign-in's tokens need from the store, one statement on PostgreSQL (docs/performance.md,
   * "Statements per request"). The groups are read as the family is written (no later membership change is seen).
   */
  createFamilyListingGroups(family: TokenFamilyRecord, groupsLimit: number): Promise<GroupRecord[]>;
  getFamily(originJti: string): Promise<TokenFamilyRecord | undefined>;
  findByRefreshHash(refreshHash: string): Promise<TokenFamilyRecord | undefined>;
  revokeFamily(originJti: string, now: number): Promise<boolean>;
  /**
   * Refresh-token rotation: replaces the family's refresh hash `fromHash` by `toHash`, unless the family was revoked or
   * its hash is no longer `fromHash` (another rotation won). True for exactly one of concurrent rotations.
   */
  rotateRefresh(originJti: string, fromHash: string, toHash: string): Promise<boolean>;
  /** Global sign-out: revokes every family of the user; returns how many. */
  revokeUser(poolId: string, usernameKey: string, now: number): Promise<number>;
  revokeDevice(poolId: string, deviceKey: string, now: number): Promise<number>;
  /**
   * Deletes at most `limit` families whose refresh token expired, or that were revoked, at or before `before`;
   * returns how many (the expiry sweeper, which passes a cutoff no access token of such a family outlives).
   */
  deleteEnded(before: number, limit: number): Promise<number>;
}

export interface SigningKeyRepository {
  /** Inserts unless a key for (pool, use) exists; returns the key that is in force either way. */
  putIfAbsent(key: SigningKeyRecord): Promise<SigningKeyRecord>;
  get(poolId: string, use: 'id' | 'access'): Promise<SigningKeyRecord | undefined>;
  list(poolId: string): Promise<SigningKeyRecord[]>;
}

export interface TotpReplayRepository {
  /**
   * Records that the time step was used; true only if it is later than every step used before (single use). With
   * `releaseAttempts`, a successful claim also forgets the user's attempts of that kind (AttemptRepository.release),
   * in the same statement on PostgreSQL (docs/performance.md, "Statements per request").
   */
  claimStep(poolId: string, usernameKey: string, step: number, releaseAttempts?: string): Promise<boolean>;
}

export interface DeviceRepository {
  create(device: DeviceRecord): Promise<void>;
  get(poolId: string, deviceKey: string): Promise<DeviceRecord | undefined>;
  update(device: DeviceRecord): Promise<boolean>;
  delete(poolId: string, deviceKey: string): Promise<boolean>;
  listForUser(poolId: string, usernameKey: string, limit: number, after?: string): Promise<DeviceRecord[]>;
}

/**
 * One sign-in (or sign-up, password change) attempt of a user of a pool with threat protection on
 * (docs/threat-protection.md "Auth events"). What is not a key or the time lives in `details`.
 */
export interface AuthEventRecord {
  poolId: string;
  usernameKey: string;
  eventId: string;
  createdAt: number;
  details: AuthEventDetails;
}

export interface AuthEventDetails {
  eventType: 'SignIn' | 'SignUp' | 'PasswordChange';
  response: 'Pass' | 'Fail' | 'InProgress';
  riskDecision: 'NoRisk' | 'AccountTakeover' | 'Block';
  riskLevel?: 'Low' | 'Medium' | 'High';
  compromised: boolean;
  challenges: { name: 'Password' | 'Mfa'; response: 'Success' | 'Failure' }[];
  /** The risk model's reasons (new-ip, new-device, …). */
  reasons: string[];
  ipAddress?: string;
  /** Keyed hash of the request's EncodedData; '' when it had none. */
  fingerprint: string;
  deviceName?: string;
  feedback?: { value: 'Valid' | 'Invalid'; provider: 'Admin' | 'User'; at: number };
  /** Keyed hash of the notification's one-click feedback token. */
  feedbackTokenHash?: string;
}

export interface AuthEventRepository {
  /** Adds the event and deletes the user's events beyond the newest `keep` (bounded storage). */
  record(event: AuthEventRecord, keep: number): Promise<void>;
  get(poolId: string, usernameKey: string, eventId: string): Promise<AuthEventRecord | undefined>;
  /** Newest first (time, then id, descending), strictly before the cursor when one is given. */
  list(poolId: string, usernameKey: string, limit: number, before?: { createdAt: number; eventId: string }): Promise<AuthEventRecord[]>;
  /** Replaces the details; false if there is no such event. */
  update(poolId: string, usernameKey: string, eventId: string, details: AuthEventDetails): Promise<boolean>;
}

/**
 * The rows a pool owns under a key of their own (groups, resource servers; STORE_METHOD_ACCESS's POOL_OWNED):
 * `create` throws StoreConflictError for a key the pool has; `update` and `delete` answer false for a missing one;
 * `list` is in key order (code points), after `after` (exclusive).
 */
export interface PoolOwnedRepository<R> {
  create(row: R): Promise<void>;
  get(poolId: string, key: string): Promise<R | undefined>;
  update(row: R): Promise<boolean>;
  delete(poolId: string, key: string): Promise<boolean>;
  list(poolId: string, limit: number, after?: string): Promise<R[]>;
  count(poolId: string): Promise<number>;
}

/** StoreConflictError('group') on create; deleting a group deletes its memberships. */
export interface GroupRepository extends PoolOwnedRepository<GroupRecord> {
  /** Adds the membership; false if it already existed. Deleting the user (UserRepository.delete) removes it. */
  addMember(poolId: string, groupKey: string, usernameKey: string, now: number): Promise<boolean>;
  removeMember(poolId: string, groupKey: string, usernameKey: string): Promise<boolean>;
  /** The user's groups in key order, after `after` (exclusive): AdminListGroupsForUser, and the token claims at issue. */
  listForUser(poolId: string, usernameKey: string, limit: number, after?: string): Promise<GroupRecord[]>;
  countForUser(poolId: string, usernameKey: string): Promise<number>;
  /** The group's members in username-key order, after `after` (exclusive). */
  listMembers(poolId: string, groupKey: string, limit: number, after?: string): Promise<UserRecord[]>;
}

export interface DomainRepository {
  /** Throws StoreConflictError('domain') when the name is taken (by any pool) or the pool has a domain of that kind. */
  create(domain: DomainRecord): Promise<void>;
  /** By name, whatever the pool: DescribeUserPoolDomain, and the pool a request's Host names. */
  get(domain: string): Promise<DomainRecord | undefined>;
  /** The pool's domains (at most one of each kind), prefix first. */
  listForPool(poolId: string): Promise<DomainRecord[]>;
  /** Writes the settings (not the name, pool or kind) of the pool's domain; false if the pool has no such domain. */
  update(domain: DomainRecord): Promise<boolean>;
  delete(poolId: string, domain: string): Promise<boolean>;
}

/** Keyed by identifier; StoreConflictError('resource-server') on create; update writes name, scopes and updatedAt. */
export type ResourceServerRepository = PoolOwnedRepository<ResourceServerRecord>;

export interface IdentityProviderRepository {
  /** Throws StoreConflictError('provider') for a taken name, StoreConflictError('identifier') for a taken IdP identifier; creates nothing then. */
  create(provider: IdentityProviderRecord): Promise<void>;
  get(poolId: string, providerName: string): Promise<IdentityProviderRecord | undefined>;
  /** The provider that holds the identifier (GetIdentityProviderByIdentifier, and `idp_identifier` at sign-in). */
  findByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | undefined>;
  /** Replaces type-independent members and the identifiers; false for a missing provider; StoreConflictError('identifier') changes nothing. */
  update(provider: IdentityProviderRecord): Promise<boolean>;
  /** Deletes the provider and its identifiers (its links stay: they name the provider, which may come back). */
  delete(poolId: string, providerName: string): Promise<boolean>;
  /** In name order (byte order), after `after` (exclusive). */
  list(poolId: string, limit: number, after?: string): Promise<IdentityProviderRecord[]>;
  count(poolId: string): Promise<number>;
  /** Throws StoreConflictError('link') when the identity is linked already. Deleting the user (UserRepository.delete) removes its links. */
  link(link: ProviderLinkRecord): Promise<void>;
  findLink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<ProviderLinkRecord | undefined>;
  /** The links of one user, oldest first. */
  linksForUser(poolId: string, usernameKey: string): Promise<ProviderLinkRecord[]>;
  unlink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<boolean>;
}

export interface AuthorizationCodeRepository {
  put(code: AuthorizationCodeRecord): Promise<void>;
  /** Deletes and returns the unexpired code of that hash, for exactly one of concurrent callers. */
  take(codeHash: string, now: number): Promise<AuthorizationCodeRecord | undefined>;
  /** Deletes at most `limit` codes that expired at or before `before`; returns how many (the expiry sweeper). */
  deleteExpired(before: number, limit: number): Promise<number>;
}

export interface OutboxRepository {
  add(message: OutboxMessage): Promise<number>;
  list(query: OutboxQuery): Promise<OutboxMessage[]>;
  /** Deletes at most `limit` messages created at or before `before`; returns how many (the expiry sweeper). */
  deleteOlderThan(before: number, limit: number): Promise<number>;
}

/** An image of a managed-login branding style, one per (category, color mode) of its style. */
export interface BrandingAssetRecord {
  category: string;
  colorMode: string;
  extension: string;
  bytes?: Uint8Array;
  resourceId?: string;
}

/** A managed-login branding style (CreateManagedLoginBranding …): one per app client. */
export interface ManagedLoginBrandingRecord {
  poolId: string;
  brandingId: string;
  clientId: string;
  useCognitoProvidedValues: boolean;
  /** The Settings document as given (absent: none given, or Cognito's values). */
  settings?: Record<string, unknown>;
  /** In (category, color mode) order. */
  assets: BrandingAssetRecord[];
  createdAt: number;
  updatedAt: number;
}

/** Classic hosted-UI customization (SetUICustomization) of an app client, or of the pool when clientId is 'ALL'. */
export interface UiCustomizationRecord {
  poolId: string;
  clientId: string;
  css?: string;
  image?: Uint8Array;
  /** The image's file type as its bytes say ('png' or 'jpg'). */
  imageExtension?: string;
  cssVersion: string;
  createdAt: number;
  updatedAt: number;
}

/** Managed-login branding styles and their assets, and classic UI customizations; each goes with its pool and client. */
export interface BrandingRepository {
  /** Throws StoreConflictError('branding') when the client already has a style. */
  createStyle(style: ManagedLoginBrandingRecord): Promise<void>;
  getStyle(poolId: string, brandingId: string): Promise<ManagedLoginBrandingRecord | undefined>;
  /** With `withBytes` false the assets come without their bytes (read one by getAsset). */
  getStyleByClient(poolId: string, clientId: string, withBytes?: boolean): Promise<ManagedLoginBrandingRecord | undefined>;
  /** Replaces the style's flag, settings, assets and updatedAt; false when it does not exist. */
  updateStyle(style: ManagedLoginBrandingRecord): Promise<boolean>;
  /** Deletes the style and its assets. */
  deleteStyle(poolId: string, brandingId: string): Promise<boolean>;
  /** One image of a style, for the hosted pages (no need to read the others). */
  getAsset(poolId: string, brandingId: string, category: string, colorMode: string): Promise<BrandingAssetRecord | undefined>;
  /** Creates or replaces the customization of (pool, client). */
  putUiCustomization(ui: UiCustomizationRecord): Promise<void>;
  getUiCustomization(poolId: string, clientId: string): Promise<UiCustomizationRecord | undefined>;
  /** DeleteUserPoolClient: the client's style (with its assets) and its UI customization. */
  deleteForClient(poolId: string, clientId: string): Promise<void>;
}

/**
 * Request-rate quota buckets shared by every process on the store (domain/quotas/limiter.ts): processes lease slices
 * of a bucket's per-second budget instead of counting each request here.
 */
export interface QuotaRepository {
  /**
   * Grants up to `want` requests of the bucket's budget in the one-second window `window` (epoch seconds): the
   * bucket's provisioned limit, or `free` when it has none. Returns what it granted (0 when the window's budget is
   * spent, or when another process already moved the bucket to a later window) and the provisioned limit if set.
   */
  lease(bucket: string, window: number, want: number, free: number): Promise<{ granted: number; provisioned?: number }>;
  getProvisioned(bucket: string): Promise<number | undefined>;
  setProvisioned(bucket: string, value: number): Promise<void>;
}

/** Small key/value records that belong to no aggregate (e.g. WebAuthn credentials, registration challenges). */
export interface KeyValueRepository {
  put(namespace: string, key: string, value: Record<string, unknown>, expiresAt?: number): Promise<void>;
  get(namespace: string, key: string, now: number): Promise<Record<string, unknown> | undefined>;
  /** Deletes and returns the value, for exactly one caller. */
  take(namespace: string, key: string, now: number): Promise<Record<string, unknown> | undefined>;
  delete(namespace: string, key: string): Promise<boolean>;
  list(namespace: string, keyPrefix: string, limit: number): Promise<Array<{ key: string; value: Record<string, unknown> }>>;
  /** Deletes at most `limit` records that expired at or before `before`; returns how many (the expiry sweeper). */
  deleteExpired(before: number, limit: number): Promise<number>;
}

/**
 * How many attempts of one kind a user gets (passwords, MFA codes, verification codes, code requests): `free`
 * attempts, then a lock of `lockMs` that doubles with every further attempt up to `maxLockMs`; the count starts again
 * after `forgetAfterMs` without attempts. `maxLockMs` must not exceed `forgetAfterMs`.
 */
export interface AttemptPolicy {
  free: number;
  lockMs: number;
  maxLockMs: number;
  forgetAfterMs: number;
}

/**
 * Attempt reservations (docs/security.md): a limited attempt takes its slot with one guarded write BEFORE it is
 * evaluated, so that concurrent attempts, on any number of connections or processes, are counted before any of them
 * is judged. Keyed by (pool, user, kind).
 */
export interface AttemptRepository {
  /**
   * Counts one attempt of `kind` at `now` unless the user is locked out of it; true when the attempt may go ahead.
   * Atomic: decided by the affected-row count of one guarded upsert.
   */
  reserve(poolId: string, usernameKey: string, kind: string, now: number, policy: AttemptPolicy): Promise<boolean>;
  /** The lock on the user's attempts of `kind` (0 when none), for refusing early what `reserve` would refuse. */
  get(poolId: string, usernameKey: string, kind: string): Promise<{ count: number; lockedUntil: number } | undefined>;
  /** Forgets the user's attempts of `kind` (after a success). */
  release(poolId: string, usernameKey: string, kind: string): Promise<void>;
  /**
   * `release` of `kind` and the lock on `read` (another kind; 0 when none) in one statement where the dialect allows:
   * a correct password forgets its failures and the MFA step that follows needs the MFA lock, one round trip on
   * PostgreSQL instead of two (docs/performance.md, "Statements per request").
   */
  releaseAndRead(poolId: string, usernameKey: string, kind: string, read: string): Promise<number>;
  /**
   * The sweeper's bounded delete (domain/maintenance/sweeper.ts): at most `limit` rows whose last attempt was at or
   * before `before` and whose lock has run out at `now` (a reservation would start their count again anyway).
   * Returns how many were deleted.
   */
  deleteIdle(before: number, now: number, limit: number): Promise<number>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  pools: PoolRepository;
  clients: ClientRepository;
  users: UserRepository;
  sessions: ChallengeSessionRepository;
  codes: CodeRepository;
  tokens: TokenRepository;
  signingKeys: SigningKeyRepository;
  totp: TotpReplayRepository;
  devices: DeviceRepository;
  groups: GroupRepository;
  domains: DomainRepository;
  resourceServers: ResourceServerRepository;
  identityProviders: IdentityProviderRepository;
  authorizationCodes: AuthorizationCodeRepository;
  outbox: OutboxRepository;
  kv: KeyValueRepository;
  branding: BrandingRepository;
  attempts: AttemptRepository;
  quotas: QuotaRepository;
  authEvents: AuthEventRepository;
  /** Wipes all state (POST /_cognate/reset). */
  reset(): Promise<void>;
  close(): Promise<void>;
}
