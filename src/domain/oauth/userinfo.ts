import type { AccessTokenAuthorizer } from '../tokens/tokens.js';
import { scopedAttributes } from '../tokens/tokens.js';
import { isReadable } from '../users/attributes.js';
import { isCognitoError } from '../errors.js';
import type { OAuthContext } from './complete.js';

/**
 * The userInfo endpoint (GET or POST /oauth2/userInfo with `Authorization: Bearer <access token>`), as the developer
 * guide's "UserInfo endpoint" describes it: the user's attributes the app client may read, narrowed by the token's
 * scopes as the ID token is, with `username`; values as stored (strings, also `email_verified`, as in the guide's
 * example). The token must be valid, of this pool, and carry `openid`. A missing token is 400 invalid_request; a bad
 * one 401 invalid_token with a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3.1).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html
 */
export interface UserInfoAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const INVALID_TOKEN = 'Access token is expired, disabled, or deleted, or the user has globally signed out.';

export async function userInfo(ctx: OAuthContext, authorize: AccessTokenAuthorizer, authorization: string | undefined): Promise<UserInfoAnswer> {
  const match = authorization === undefined ? null : /^bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) {
    return { status: 400, body: { error: 'invalid_request', error_description: 'Bearer token required' }, headers: { 'www-authenticate': 'Bearer' } };
  }
  const invalid = (): UserInfoAnswer => ({
    status: 401,
    body: { error: 'invalid_token', error_description: INVALID_TOKEN },
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${INVALID_TOKEN}"` },
  });
  let access;
  try {
    access = await authorize(match[1]!, 'openid');
  } catch (e) {
    if (isCognitoError(e)) return invalid();
    throw e;
  }
  if (access.pool.id !== ctx.pool.id) return invalid();
  const { user, client, claims } = access;
  const scopes = String(claims.scope ?? '').split(' ');
  const allowed = scopedAttributes(scopes);
  const body: Record<string, unknown> = { sub: user.sub };
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === 'sub' || !isReadable(client, name) || (allowed && !allowed.has(name))) continue;
    body[name] = value;
  }
  body.username = user.username;
  return { status: 200, body };
}
