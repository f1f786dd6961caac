import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import type { KeyService } from '../tokens/keys.js';
import { issueTokens } from '../tokens/tokens.js';
import { getUser } from '../users/users.js';
import { authorizationResponseUrl, type AuthorizeRequest } from './authorize.js';
import { issueAuthorizationCode } from './codes.js';

/** What the domain's OAuth functions need: the dependencies, the signing keys and the pool the domain belongs to. */
export interface OAuthContext {
  deps: Deps;
  keys: KeyService;
  pool: PoolRecord;
}

/** Who signed in, as the managed-login pages (or a federated sign-in) established it. */
export interface CompletedSignIn {
  /** The user's user name (an alias such as the email address is looked up as sign-in does). */
  username: string;
  /** When the person authenticated, epoch milliseconds (deps.clock.now() at the sign-in; an SSO session's own time). */
  authTime: number;
  /** How the person authenticated (e.g. ['pwd', 'otp']): accepted for the pages' bookkeeping; Cognito puts no amr claim in user-pool tokens. */
  amr?: string[];
  /** The remembered device the sign-in used or confirmed: the tokens carry it (device_key) as after InitiateAuth. */
  deviceKey?: string;
}

/**
 * Ends an authorization request once a person has signed in; returns the URL to send the browser to (a 302).
 *
 * Contract for the managed-login pages (src/http/domain/pages): call it with the request as `checkAuthorizeRequest`
 * returned it for the page's parameters (check them again on every POST: the parameters come from the browser) and
 * the signed-in user, after every challenge (MFA, new password, …) is answered.
 * - `response_type=code`: stores a single-use authorization code (5 minutes; hashed at rest) bound to the client, the
 *   redirect_uri, the PKCE challenge, the nonce, the granted scopes and the user, and answers
 *   `<redirect_uri>?code=<code>[&state=<state>]`; /oauth2/token exchanges it.
 * - `response_type=token` (implicit): issues the tokens now (no refresh token) and answers
 *   `<redirect_uri>#[id_token=…&]access_token=…&expires_in=…&token_type=Bearer[&state=…]` (an ID token only with the
 *   `openid` scope, as Cognito).
 * Throws UserNotFoundException when the user no longer exists.
 */
export async function completeAuthorization(ctx: OAuthContext, request: AuthorizeRequest, signIn: CompletedSignIn): Promise<string> {
  const { deps, pool } = ctx;
  const user = await getUser(deps, pool, signIn.username);
  const state: Record<string, string> = request.state !== undefined ? { state: request.state } : {};
  if (request.responseType === 'code') {
    const code = await issueAuthorizationCode(deps, pool, request, user, signIn);
    return authorizationResponseUrl(request.redirectUri, 'query', { code, ...state });
  }
  const tokens = await issueTokens(deps, ctx.keys, {
    pool,
    client: request.client,
    user,
    ...(signIn.deviceKey ? { deviceKey: signIn.deviceKey } : {}),
    trigger: { source: 'TokenGeneration_HostedAuth' },
    oauth: { scopes: request.scopes, nonce: request.nonce, authTime: Math.floor(signIn.authTime / 1000) },
  });
  return authorizationResponseUrl(request.redirectUri, 'fragment', {
    ...(request.scopes.includes('openid') ? { id_token: tokens.IdToken } : {}),
    access_token: tokens.AccessToken,
    expires_in: String(tokens.ExpiresIn),
    token_type: 'Bearer',
    ...state,
  });
}
