import type { ClientRecord, PoolRecord, TokenFamilyRecord, UserRecord } from '../../store/types.js';
import { checkSecretHash } from '../clients/secret-hash.js';
import type { Deps, Sealer } from '../deps.js';
import { CognitoError, notAuthorized, userDoesNotExist } from '../errors.js';
import { issueTokens, newRefreshToken, type AuthenticationResult } from '../tokens/tokens.js';
import { refreshTokenRotation } from '../clients/config.js';
import type { KeyService } from '../tokens/keys.js';
import { USER_DISABLED } from './first-factor.js';

/**
 * Refresh tokens (REFRESH_TOKEN_AUTH / REFRESH_TOKEN, GetTokensFromRefreshToken). The token is found by its keyed
 * hash; a refresh stays in the token family, so it keeps auth_time and origin_jti and dies with the family
 * (RevokeToken, GlobalSignOut, user deletion). Texts as captured from the service: `Invalid Refresh Token.`
 * (botocore debug log, aws/aws-sdk-cpp#1789), `Refresh Token has been revoked` (amplify-swift#3344).
 */
export const INVALID_REFRESH_TOKEN = 'Invalid Refresh Token.';
export const REFRESH_TOKEN_REVOKED = 'Refresh Token has been revoked';
export const REFRESH_TOKEN_EXPIRED = 'Refresh Token has expired';

export interface RefreshTarget {
  family: TokenFamilyRecord;
  user: UserRecord;
}

/**
 * Refresh-token rotation (docs/compatibility.md "Refresh-token rotation"): a rotated-out token is remembered by its
 * keyed hash until its family's refresh expiry, with the end of its retry grace period. Within the grace it still
 * refreshes (rotating again); after it, presenting it is a reuse: the whole family is revoked (a stolen token and its
 * legitimate successor cannot be told apart, so neither may go on; node-oidc-provider does the same).
 */
const ROTATED = 'refresh-rotated';

interface RotatedToken {
  originJti: string;
  graceUntil: number;
}

export const REFRESH_TOKEN_REUSED = 'Refresh token has been reused.';
/** REFRESH_TOKEN_AUTH on a client with rotation (*guess* text: the flow cannot be allowed beside rotation). */
export const ROTATION_REFRESH_FLOW = 'Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken.';

/** The family a refresh token belongs to: by its current hash, or as a rotated-out token of the family. */
async function findFamily(deps: Deps, token: string): Promise<{ family: TokenFamilyRecord; rotated?: RotatedToken } | undefined> {
  const hash = deps.hashSecret(token);
  const family = await deps.store.tokens.findByRefreshHash(hash);
  if (family) return { family };
  // Only a miss looks further, so refreshes with a current token cost what they did.
  const rotated = (await deps.store.kv.get(ROTATED, hash, deps.clock.now())) as RotatedToken | undefined;
  if (!rotated) return undefined;
  const owner = await deps.store.tokens.getFamily(rotated.originJti);
  return owner && { family: owner, rotated };
}

/** The family of a refresh token, current or rotated out (RevokeToken revokes either). */
export async function familyOfRefreshToken(deps: Deps, token: string): Promise<TokenFamilyRecord | undefined> {
  return (await findFamily(deps, token))?.family;
}

export interface ResolveOptions {
  /** The error for a rotated-out token presented after its grace (GetTokensFromRefreshToken: RefreshTokenReuseException). */
  reuseError?: () => CognitoError;
}

/** The family and user behind a refresh token presented to `client`, or Cognito's error. */
export async function resolveRefreshToken(deps: Deps, pool: PoolRecord, client: ClientRecord, token: string, opts: ResolveOptions = {}): Promise<RefreshTarget> {
  const found = await findFamily(deps, token);
  const family = found?.family;
  // A refresh token only works with the app client it was issued to.
  if (!family || family.clientId !== client.clientId || family.poolId !== pool.id) throw notAuthorized(INVALID_REFRESH_TOKEN);
  if (family.revokedAt !== undefined) throw notAuthorized(REFRESH_TOKEN_REVOKED);
  if (found.rotated && deps.clock.now() >= found.rotated.graceUntil) {
    await deps.store.tokens.revokeFamily(family.originJti, deps.clock.now());
    throw opts.reuseError ? opts.reuseError() : notAuthorized(INVALID_REFRESH_TOKEN);
  }
  if (deps.clock.now() >= family.refreshExpiresAt) throw notAuthorized(REFRESH_TOKEN_EXPIRED);
  const user = await deps.store.users.get(pool.id, family.usernameKey);
  // A user deleted and created again under the same name is another user: the old family is not theirs.
  if (!user || user.sub !== family.sub) throw userDoesNotExist();
  if (!user.enabled) throw notAuthorized(USER_DISABLED);
  if (user.status === 'RESET_REQUIRED') throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  return { family, user };
}

/**
 * SECRET_HASH of a refresh: clients compute it over the user's internal user name (which is the sub when email or
 * phone is the sign-in attribute), since they may not know what the user typed; either form is accepted.
 */
export function checkRefreshSecretHash(sealer: Sealer, client: ClientRecord, user: UserRecord, secretHash: string | undefined): void {
  if (client.clientSecret && !secretHash) throw notAuthorized(secretNotReceived(client));
  try {
    checkSecretHash(sealer, client, user.username, secretHash);
  } catch (e) {
    if (user.sub === user.username || !secretHash) throw e;
    checkSecretHash(sealer, client, user.sub, secretHash);
  }
}

/** A refresh without the client's secret (amazon-cognito-identity-dart-2#164 quotes this text from the service). */
export function secretNotReceived(client: ClientRecord): string {
  return `Client ${client.clientId} is configured for secret but secret was not received`;
}


export async function refreshTokens(deps: Deps, keys: KeyService, pool: PoolRecord, client: ClientRecord, target: RefreshTarget): Promise<AuthenticationResult> {
  return issueTokens(deps, keys, { pool, client, user: target.user, family: target.family });
}

/** How many concurrent rotations of one family are all served (see rotateRefreshToken). */
const MAX_ROTATION_ROUNDS = 16;

/**
 * GetTokensFromRefreshToken on a client with rotation: a new refresh token replaces the family's current one (which
 * keeps working for the grace period), with new access and id tokens of the same family (auth_time, origin_jti, device).
 * The rotated-out hash is recorded before the swap, so a concurrent request never finds the token in neither place.
 * Of concurrent rotations one wins the guarded swap; a loser rotates again from the winner's token (within a grace
 * period, where its own token still counts).
 */
export async function rotateRefreshToken(deps: Deps, keys: KeyService, pool: PoolRecord, client: ClientRecord, target: RefreshTarget): Promise<AuthenticationResult> {
  const graceMs = refreshTokenRotation(client).graceSeconds * 1000;
  let family = target.family;
  // Each round of concurrent rotations has one winner, so n of them at once need up to n rounds: with 3, five
  // concurrent refreshes (several tabs of one app) left two refused whenever they arrived together.
  for (let attempt = 0; attempt < MAX_ROTATION_ROUNDS; attempt++) {
    const token = newRefreshToken(deps);
    const hash = deps.hashSecret(token);
    const rotated: RotatedToken = { originJti: family.originJti, graceUntil: deps.clock.now() + graceMs };
    await deps.store.kv.put(ROTATED, family.refreshHash, { ...rotated }, family.refreshExpiresAt);
    if (await deps.store.tokens.rotateRefresh(family.originJti, family.refreshHash, hash)) {
      const result = await issueTokens(deps, keys, { pool, client, user: target.user, family: { ...family, refreshHash: hash } });
      return { ...result, RefreshToken: token };
    }
    const fresh = await deps.store.tokens.getFamily(family.originJti);
    if (!fresh || fresh.revokedAt !== undefined) throw notAuthorized(REFRESH_TOKEN_REVOKED);
    // Without a grace period the token this request presented died with the winner's rotation: a duplicate, refused
    // without revoking the family the winner now holds.
    if (graceMs === 0) throw new CognitoError('RefreshTokenReuseException', REFRESH_TOKEN_REUSED);
    family = fresh;
  }
  throw notAuthorized(INVALID_REFRESH_TOKEN);
}
