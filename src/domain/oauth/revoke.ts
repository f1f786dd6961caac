import { revokeRefreshToken } from '../auth/sign-out.js';
import { isCognitoError } from '../errors.js';
import type { OAuthContext } from './complete.js';
import { presentedClient, type TokenAnswer } from './token.js';

/**
 * The revocation endpoint (POST /oauth2/revoke, `token` = a refresh token), as the developer guide's "Revoke endpoint"
 * describes it: the client authenticates as at the token endpoint (Basic, or client_id [+ client_secret] in the body);
 * the refresh token's family is revoked, with every access token issued from it. Errors: 400 invalid_request (no
 * token; revocation not enabled for the client), 400 unsupported_token_type (an access or ID token), 401 invalid_client.
 * An unknown token is a 200, as RFC 7009 §2.2 says.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html
 */
export async function revokeEndpoint(ctx: OAuthContext, form: URLSearchParams, authorization: string | undefined): Promise<TokenAnswer> {
  const presented = presentedClient(form, authorization);
  const invalidClient: TokenAnswer = { status: 401, body: { error: 'invalid_client' }, headers: { 'www-authenticate': 'Basic' } };
  const client = presented?.clientId ? await ctx.deps.store.clients.get(ctx.pool.id, presented.clientId) : undefined;
  if (!client) return invalidClient;
  const token = form.get('token');
  if (!token) return { status: 400, body: { error: 'invalid_request' } };
  try {
    await revokeRefreshToken(ctx.deps, client, token, presented!.secret);
    return { status: 200, body: {} };
  } catch (e) {
    if (!isCognitoError(e)) throw e;
    if (e.type === 'UnauthorizedException') return invalidClient;
    if (e.type === 'UnsupportedTokenTypeException') return { status: 400, body: { error: 'unsupported_token_type' } };
    return { status: 400, body: { error: 'invalid_request' } };
  }
}
