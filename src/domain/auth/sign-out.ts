import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { isTokenRevocationEnabled } from '../clients/config.js';
import type { Deps } from '../deps.js';
import { CognitoError } from '../errors.js';
import { updateUser } from '../users/users.js';
import { isClientSecretCorrect } from '../clients/secret-hash.js';
import { familyOfRefreshToken } from './refresh.js';

/**
 * Sign-out and revocation (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html).
 * - Global sign-out revokes every token family of the user: each refresh token, and each access token through its
 *   origin_jti. Tokens of clients with revocation disabled carry no origin_jti; for them the user's `signedOutAt`
 *   mark rejects every access token issued at or before that second (tokens.ts), which is also what the service was
 *   observed to do (aws/aws-sdk-java#2449).
 * - RevokeToken revokes one refresh token's family (RFC 7009 semantics: an unknown token is not an error).
 */
export async function signOutEverywhere(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<void> {
  const now = deps.clock.now();
  await deps.store.tokens.revokeUser(pool.id, user.usernameKey, now);
  await updateUser(deps, pool, user, (u) => {
    u.data = { ...u.data, signedOutAt: now };
    return u;
  });
}

export async function revokeRefreshToken(deps: Deps, client: ClientRecord, token: string, clientSecret: string | undefined): Promise<void> {
  // The model declares UnauthorizedException for a request whose client credentials do not check out.
  if (client.clientSecret && (!clientSecret || !isClientSecretCorrect(deps.sealer, client, clientSecret))) {
    throw new CognitoError('UnauthorizedException', 'Invalid client secret.');
  }
  if (!isTokenRevocationEnabled(client)) {
    throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this client.');
  }
  // Access and id tokens are JWS (three segments); only refresh tokens can be revoked.
  if (token.split('.').length === 3) throw new CognitoError('UnsupportedTokenTypeException', 'Unsupported token type.');
  // A rotated-out token still names its family (refresh.ts): revoking it revokes the family.
  const family = await familyOfRefreshToken(deps, token);
  if (!family) return;
  // RFC 7009 §2.1: a client may only revoke tokens issued to it.
  if (family.clientId !== client.clientId) throw new CognitoError('UnauthorizedException', 'The token was not issued to this client.');
  await deps.store.tokens.revokeFamily(family.originJti, deps.clock.now());
}
