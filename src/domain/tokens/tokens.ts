import { hash } from 'node:crypto';
import { randomUuid } from '../../platform/random.js';
import type { ClientRecord, PoolRecord, TokenFamilyRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, notAuthorized, userDoesNotExist } from '../errors.js';
import { isTokenRevocationEnabled, tokenValidity } from '../clients/config.js';
import { legacyUsernameKey, usernameKey } from '../users/users.js';
import { createFamilyWithGroups, groupsForTokens, tokenGroupClaims } from '../groups/groups.js';
import { isReadable } from '../users/attributes.js';
import type { KeyService } from './keys.js';
import { preTokenGeneration, type TokenGenerationSource } from '../triggers/tokens.js';
import { triggerArn } from '../triggers/triggers.js';
import { decodeJwt, JwtError, signJwtAsync, verifyDecodedJwtSignature } from './jwt.js';

/**
 * Tokens as Cognito issues them (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html): RS256 access and id tokens signed with separate per-pool keys,
 * an opaque refresh token stored only as a keyed hash. Every sign-in starts a token family named by its
 * `origin_jti`; refreshes stay in the family, and revocation (RevokeToken, GlobalSignOut, user deletion) marks the
 * family, so every access token issued from it stops working at once.
 */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  RefreshToken?: string;
  IdToken: string;
  NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string };
}

export interface IssueInput {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  /** An existing family (refresh): keeps auth_time and origin_jti, no new refresh token. */
  family?: TokenFamilyRecord;
  deviceKey?: string;
  /** What the pre token generation trigger is told (default: Authentication, or RefreshTokens with a family). */
  trigger?: { source?: TokenGenerationSource; clientMetadata?: Record<string, string> | undefined };
  /**
   * A sign-in through the pool's domain (domain/oauth): the granted scopes (the access token's `scope`, kept by the
   * new family for its refreshes) and the authorization request's nonce (the ID token's `nonce`).
   */
  oauth?: { scopes: readonly string[]; nonce?: string | undefined; authTime?: number };
}

// Refresh tokens look like Cognito's (a five-part JWE whose header names A256GCM/RSA-OAEP) but are random.
const REFRESH_HEADER = Buffer.from('{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}').toString('base64url');

export function newRefreshToken(deps: Pick<Deps, 'random'>): string {
  const part = (n: number) => deps.random.bytes(n).toString('base64url');
  return `${REFRESH_HEADER}.${part(256)}.${part(12)}.${part(64)}.${part(16)}`;
}

/**
 * A token's `iat`. Tokens without origin_jti (clients with revocation disabled) are revoked by the user's global
 * sign-out through their `iat`, which has a resolution of one second: every token issued at or before the sign-out's
 * second is refused (authorizeAccessToken). A token issued after a sign-out but within its second would be born
 * revoked, so it carries the next second (less than a second ahead of the clock).
 */
function issuedAtSecond(now: number, revocable: boolean, user: UserRecord): number {
  const second = Math.floor(now / 1000);
  const signedOutAt = (user.data as { signedOutAt?: number }).signedOutAt;
  if (revocable || signedOutAt === undefined) return second;
  const signedOutSecond = Math.floor(signedOutAt / 1000);
  return second <= signedOutSecond ? signedOutSecond + 1 : second;
}

export async function issueTokens(deps: Deps, keys: KeyService, input: IssueInput): Promise<AuthenticationResult> {
  const { pool, client, user } = input;
  const now = deps.clock.now();
  const revocable = isTokenRevocationEnabled(client);
  const iat = issuedAtSecond(now, revocable, user);
  const life = tokenValidity(client);
  const eventId = randomUuid(deps.random);
  let refreshToken: string | undefined;
  let family = input.family;
  const newFamily = !family;
  // With a pre token generation trigger the family is written only after the function answered (a failing function
  // leaves none); without one, the family is written first, together with the read of the groups (one statement on
  // PostgreSQL).
  const hasTrigger = triggerArn(pool, 'PreTokenGeneration') !== undefined;
  if (!family) {
    refreshToken = newRefreshToken(deps);
    family = {
      originJti: randomUuid(deps.random),
      poolId: pool.id,
      clientId: client.clientId,
      usernameKey: user.usernameKey,
      sub: user.sub,
      deviceKey: input.deviceKey,
      authTime: input.oauth?.authTime ?? iat,
      refreshHash: deps.hashSecret(refreshToken),
      createdAt: now,
      refreshExpiresAt: now + life.refresh * 1000,
      ...(input.oauth ? { scopes: [...input.oauth.scopes] } : {}),
    };
  }
  // Membership is read at every issue (sign-in and refresh), so a change shows in the next tokens.
  const familyWritten = newFamily && !hasTrigger;
  const groupList = familyWritten ? await createFamilyWithGroups(deps, family) : await groupsForTokens(deps, user);
  const scopes = family.scopes;
  const deviceKey = input.deviceKey ?? family.deviceKey;
  const { both: groups, idOnly: roles } = tokenGroupClaims(groupList);
  const iss = deps.issuer(pool.id);

  const access: Record<string, unknown> = {
    sub: user.sub,
    ...(deviceKey ? { device_key: deviceKey } : {}),
    ...groups,
    iss,
    client_id: client.clientId,
    ...(revocable ? { origin_jti: family.originJti } : {}),
    event_id: eventId,
    token_use: 'access',
    scope: scopes ? scopes.join(' ') : ADMIN_SCOPE,
    auth_time: family.authTime,
    exp: iat + life.access,
    iat,
    ...(revocable ? { jti: randomUuid(deps.random) } : {}),
    username: user.username,
  };
  const id: Record<string, unknown> = {
    sub: user.sub,
    ...groups,
    ...roles,
    ...idTokenAttributes(user, client, scopes),
    iss,
    'cognito:username': user.username,
    ...(revocable ? { origin_jti: family.originJti } : {}),
    aud: client.clientId,
    ...(input.oauth?.nonce !== undefined ? { nonce: input.oauth.nonce } : {}),
    event_id: eventId,
    token_use: 'id',
    auth_time: family.authTime,
    exp: iat + life.id,
    iat,
    ...(revocable ? { jti: randomUuid(deps.random) } : {}),
  };
  if (hasTrigger) {
    const source = input.trigger?.source ?? (input.family ? 'TokenGeneration_RefreshTokens' : 'TokenGeneration_Authentication');
    await preTokenGeneration(deps, { pool, client, user, groups: groupList, source, clientMetadata: input.trigger?.clientMetadata }, { access, id });
  }
  if (newFamily && !familyWritten) await deps.store.tokens.createFamily(family);
  const [accessSigner, idSigner] = await Promise.all([keys.signer(pool.id, 'access'), keys.signer(pool.id, 'id')]);
  // Both signatures at once on the thread pool (jwt.ts signJwtAsync).
  const [accessToken, idToken] = await Promise.all([signJwtAsync(access, accessSigner), signJwtAsync(id, idSigner)]);
  return {
    AccessToken: accessToken,
    ExpiresIn: life.access,
    TokenType: 'Bearer',
    ...(refreshToken ? { RefreshToken: refreshToken } : {}),
    IdToken: idToken,
  };
}

/**
 * The `identities` attribute (a JSON array in a string: domain/federation/links.ts) as the ID token carries it: an
 * array whose members' values are strings, except a null issuer (docs/compatibility.md "Identity providers").
 */
function identitiesClaim(value: string): unknown {
  try {
    const entries: unknown = JSON.parse(value);
    if (!Array.isArray(entries)) return value;
    return entries.map((e: Record<string, unknown>) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? null : String(v)])));
  } catch {
    return value;
  }
}

/**
 * User attributes as id-token claims, those the app client may read (its ReadAttributes; never dev: ones):
 * *_verified as JSON booleans, everything else as strings. OAuth scopes narrow them as the developer guide's "Scopes"
 * says: `openid` alone, or `profile`, gives every readable attribute; `email` and `phone` without `profile` give
 * only their attributes.
 */
function idTokenAttributes(user: UserRecord, client: ClientRecord, scopes: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const allowed = scopes && scopedAttributes(scopes);
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === 'sub' || !isReadable(client, name) || (allowed && !allowed.has(name))) continue;
    out[name] = name.endsWith('_verified') ? value === 'true' : name === 'identities' ? identitiesClaim(value) : value;
  }
  return out;
}

const SCOPE_ATTRIBUTES: Record<string, readonly string[]> = {
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
};

/** The attributes OAuth scopes allow, or undefined for all (openid alone, or profile). */
export function scopedAttributes(scopes: readonly string[]): Set<string> | undefined {
  if (scopes.includes('profile')) return undefined;
  const limited = scopes.filter((s) => SCOPE_ATTRIBUTES[s]);
  if (limited.length === 0) return undefined;
  return new Set(limited.flatMap((s) => SCOPE_ATTRIBUTES[s]!));
}

// ---- access-token authorization (every token-authorized operation) ----

export interface AccessContext {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  claims: Record<string, unknown>;
}

const INVALID = 'Invalid Access Token';

// 10,000 recently verified tokens: enough for the tokens in active use on one process; every entry is ~1.5 KB of
// claims, so 50,000 cost ~20 MB more RSS and more GC under a stream of fresh tokens (measured, docs/performance.md).
const VERIFIED_CACHE_MAX = 10_000;
/** Keyed by SHA-256 of the token, not the token: 44 bytes instead of ~1 KB a key (~45 MB less RSS when full). */
type VerifiedCache = Map<string, { poolId: string; claims: Record<string, unknown> }>;
const cacheKey = (token: string) => hash('sha256', token, 'base64');

export interface AccessTokenAuthorizer {
  /** `scope`: what the token must carry (the user operations of the API need aws.cognito.signin.user.admin; userInfo openid). */
  (token: string, scope?: string): Promise<AccessContext>;
}

/**
 * The access-token check of every token-authorized operation. Keeps a per-server cache of verified signatures
 * (saves the RSA verify for repeated tokens); expiry, revocation, pool, client and user checks run on every call,
 * against the store, so a revocation on any process takes effect at once.
 */
export function createAccessTokenAuthorizer(deps: Deps, keys: KeyService): AccessTokenAuthorizer {
  const cache: VerifiedCache = new Map();
  return (token, scope = ADMIN_SCOPE) => authorizeAccessToken(deps, keys, cache, token, scope);
}

async function verifiedClaims(deps: Deps, keys: KeyService, verifiedCache: VerifiedCache, token: string): Promise<{ poolId: string; claims: Record<string, unknown> }> {
  const cached = cacheKey(token);
  const hit = verifiedCache.get(cached);
  if (hit) return hit;
  let decoded;
  try {
    decoded = decodeJwt(token);
  } catch {
    throw notAuthorized(INVALID);
  }
  const { header, payload } = decoded;
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  const poolId = iss.slice(iss.lastIndexOf('/') + 1);
  if (!poolId || iss !== deps.issuer(poolId) || typeof header.kid !== 'string') throw notAuthorized(INVALID);
  const key = await keys.publicKey(poolId, header.kid);
  if (!key || key.use !== 'access') throw notAuthorized(INVALID);
  let ok = false;
  try {
    ok = verifyDecodedJwtSignature(decoded, key.key);
  } catch (e) {
    if (!(e instanceof JwtError)) throw e;
  }
  if (!ok) throw notAuthorized(INVALID);
  const entry = { poolId, claims: payload };
  if (verifiedCache.size >= VERIFIED_CACHE_MAX) verifiedCache.delete(verifiedCache.keys().next().value!);
  verifiedCache.set(cached, entry);
  return entry;
}

async function authorizeAccessToken(deps: Deps, keys: KeyService, verifiedCache: VerifiedCache, token: string, requiredScope: string): Promise<AccessContext> {
  const { poolId, claims } = await verifiedClaims(deps, keys, verifiedCache, token);
  if (claims.token_use !== 'access') throw notAuthorized(INVALID);
  if (typeof claims.exp !== 'number' || deps.clock.now() >= claims.exp * 1000) {
    verifiedCache.delete(cacheKey(token));
    throw notAuthorized('Access Token has expired');
  }
  const pool = await deps.store.pools.get(poolId);
  if (!pool) throw notAuthorized(INVALID);
  const client = typeof claims.client_id === 'string' ? await deps.store.clients.get(poolId, claims.client_id) : undefined;
  if (!client) throw notAuthorized(INVALID);
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(requiredScope)) throw notAuthorized('Access Token does not have required scopes');

  // One store read for the user and the token's family (revocation is checked on every call, never cached).
  const originJti = typeof claims.origin_jti === 'string' ? claims.origin_jti : undefined;
  const tokenUsername = String(claims.username ?? '');
  const key = usernameKey(pool, tokenUsername);
  let { user, family } = await deps.store.users.getForAccessToken(poolId, key, originJti);
  // A user stored before names were normalised (a non-ASCII name) is under the key it was stored with; the sub decides.
  if (user?.sub !== claims.sub) {
    const legacy = legacyUsernameKey(pool, tokenUsername);
    if (legacy !== key) ({ user, family } = await deps.store.users.getForAccessToken(poolId, legacy, originJti));
  }
  if (originJti !== undefined && family !== 'live') throw notAuthorized('Access Token has been revoked');
  if (!user || user.sub !== claims.sub) throw userDoesNotExist();
  const signedOutAt = (user.data as { signedOutAt?: number }).signedOutAt;
  // Refused: issued at or before the sign-out's second (a token issued after it in that second carries the next one).
  if (originJti === undefined && signedOutAt !== undefined && Number(claims.iat) <= Math.floor(signedOutAt / 1000)) throw notAuthorized('Access Token has been revoked');
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  return { pool, client, user, claims };
}
