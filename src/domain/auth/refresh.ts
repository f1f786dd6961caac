import type { ClientRecord, PoolRecord, TokenFamilyRecord, UserRecord } from '../../store/types.js';
import { checkSecretHash } from '../clients/secret-hash.js';
import type { Deps, Sealer } from '../deps.js';
import { CognitoError, notAuthorized, userDoesNotExist } from '../errors.js';
import { issueTokens, type AuthenticationResult } from '../tokens/tokens.js';
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

/** The family and user behind a refresh token presented to `client`, or Cognito's error. */
export async function resolveRefreshToken(deps: Deps, pool: PoolRecord, client: ClientRecord, token: string): Promise<RefreshTarget> {
  const family = await deps.store.tokens.findByRefreshHash(deps.hashSecret(token));
  // A refresh token only works with the app client it was issued to.
  if (!family || family.clientId !== client.clientId || family.poolId !== pool.id) throw notAuthorized(INVALID_REFRESH_TOKEN);
  if (family.revokedAt !== undefined) throw notAuthorized(REFRESH_TOKEN_REVOKED);
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
