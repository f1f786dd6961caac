import type { AuthorizationCodeRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { randomUuid } from '../../platform/random.js';
import type { Deps } from '../deps.js';
import type { AuthorizeRequest } from './authorize.js';

/**
 * Authorization codes (RFC 6749 §4.1.2): random (122 bits, in the UUID form Cognito's codes have), stored only as a
 * keyed hash, valid for 5 minutes ("The authorization code is valid for five minutes", the developer guide's "Token
 * endpoint") and used once: /oauth2/token takes the stored code with one delete, so of two requests with one code
 * only one gets it.
 */
export const CODE_LIFETIME_MS = 5 * 60_000;

export async function issueAuthorizationCode(
  deps: Pick<Deps, 'store' | 'clock' | 'random' | 'hashSecret'>,
  pool: PoolRecord,
  request: AuthorizeRequest,
  user: UserRecord,
  signIn: { authTime: number; deviceKey?: string },
): Promise<string> {
  const code = randomUuid(deps.random);
  const now = deps.clock.now();
  const record: AuthorizationCodeRecord = {
    codeHash: deps.hashSecret(code),
    poolId: pool.id,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    usernameKey: user.usernameKey,
    sub: user.sub,
    scopes: request.scopes,
    ...(request.codeChallenge !== undefined ? { codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod! } : {}),
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    authTime: Math.floor(signIn.authTime / 1000),
    ...(signIn.deviceKey ? { deviceKey: signIn.deviceKey } : {}),
    createdAt: now,
    expiresAt: now + CODE_LIFETIME_MS,
  };
  await deps.store.authorizationCodes.put(record);
  return code;
}
