import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientRecord } from '../../store/types.js';
import { allowedOAuthFlows, allowedOAuthScopes, callbackUrls, isOAuthClient, refreshTokenRotation, tokenValidity } from '../clients/config.js';
import { isClientSecretCorrect } from '../clients/secret-hash.js';
import { isCognitoError } from '../errors.js';
import { randomUuid } from '../../platform/random.js';
import { refreshTokens, resolveRefreshToken, rotateRefreshToken } from '../auth/refresh.js';
import { issueTokens, type AuthenticationResult } from '../tokens/tokens.js';
import { signJwtAsync } from '../tokens/jwt.js';
import { preTokenGenerationClientCredentials } from '../triggers/tokens.js';
import { STANDARD_SCOPES } from '../domains/resource-servers.js';
import type { OAuthContext } from './complete.js';

/**
 * The token endpoint (POST /oauth2/token), as the developer guide's "Token endpoint" describes it:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 * Grants: authorization_code (with PKCE), refresh_token, client_credentials. The client authenticates with HTTP Basic
 * (`client_id:client_secret`) or with client_id and client_secret in the body; a client without a secret sends only
 * its client_id. Errors are Cognito's JSON `{"error": "<value>"}` with HTTP 400 (401 for invalid_client when the client
 * used the Authorization header, RFC 6749 §5.2); docs/hosted-ui.md lists when each is answered.
 */
export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

class TokenError extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

const fail = (error: string): never => {
  throw new TokenError(error);
};

export async function tokenEndpoint(ctx: OAuthContext, form: URLSearchParams, authorization: string | undefined): Promise<TokenAnswer> {
  const basic = authorization !== undefined && /^basic /i.test(authorization.trim());
  try {
    const grantType = param(form, 'grant_type');
    if (grantType === undefined) fail('invalid_request');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token' && grantType !== 'client_credentials') fail('unsupported_grant_type');
    const client = await authenticateClient(ctx, form, basic ? authorization : undefined);
    if (!isOAuthClient(client) && grantType !== 'refresh_token') fail('unauthorized_client');
    let body: Record<string, unknown>;
    if (grantType === 'authorization_code') body = await authorizationCodeGrant(ctx, client, form);
    else if (grantType === 'refresh_token') body = await refreshTokenGrant(ctx, client, form);
    else body = await clientCredentialsGrant(ctx, client, form);
    return { status: 200, body };
  } catch (e) {
    if (e instanceof TokenError) {
      const unauthorizedBasic = e.error === 'invalid_client' && basic;
      return { status: unauthorizedBasic ? 401 : 400, body: { error: e.error }, ...(unauthorizedBasic ? { headers: { 'www-authenticate': 'Basic' } } : {}) };
    }
    // A Lambda trigger's failure while issuing (pre token generation): the request cannot be granted.
    if (isCognitoError(e)) {
      ctx.deps.log.info('token request refused', { type: e.type });
      return { status: 400, body: { error: 'invalid_request' } };
    }
    throw e;
  }
}

function param(form: URLSearchParams, name: string): string | undefined {
  const v = form.get(name);
  return v === null || v === '' ? undefined : v;
}

/**
 * The client id and secret a request presents: from HTTP Basic (RFC 6749 §2.3.1: each form-encoded) when the
 * Authorization header is Basic, else from client_id and client_secret in the body. Undefined when Basic is malformed
 * or names another client than the body's client_id.
 */
export function presentedClient(form: URLSearchParams, authorization: string | undefined): { clientId?: string; secret?: string } | undefined {
  const clientId = param(form, 'client_id');
  const secret = param(form, 'client_secret');
  if (authorization === undefined || !/^basic /i.test(authorization.trim())) return { ...(clientId ? { clientId } : {}), ...(secret ? { secret } : {}) };
  const decoded = Buffer.from(authorization.trim().slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const basicId = formDecode(decoded.slice(0, colon));
  if (clientId !== undefined && clientId !== basicId) return undefined;
  return { clientId: basicId, secret: formDecode(decoded.slice(colon + 1)) };
}

/** The client of the request, authenticated (a client with a secret must present one of its secrets). */
async function authenticateClient(ctx: OAuthContext, form: URLSearchParams, authorization: string | undefined): Promise<ClientRecord> {
  const presented = presentedClient(form, authorization);
  if (!presented?.clientId) return fail('invalid_client');
  const client = await ctx.deps.store.clients.get(ctx.pool.id, presented.clientId);
  if (!client) return fail('invalid_client');
  const { secret } = presented;
  if (client.clientSecret) {
    if (secret === undefined || !isClientSecretCorrect(ctx.deps.sealer, client, secret)) fail('invalid_client');
  } else if (secret !== undefined) {
    fail('invalid_client');
  }
  return client;
}

function formDecode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

/** RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) equals the challenge. */
function isVerifierCorrect(verifier: string | undefined, challenge: string): boolean {
  if (verifier === undefined || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

async function authorizationCodeGrant(ctx: OAuthContext, client: ClientRecord, form: URLSearchParams): Promise<Record<string, unknown>> {
  const { deps, pool } = ctx;
  if (!allowedOAuthFlows(client).includes('code')) fail('unauthorized_client');
  const code = param(form, 'code');
  const redirectUri = param(form, 'redirect_uri');
  if (code === undefined || redirectUri === undefined) return fail('invalid_request');
  // Cognito answers a redirect_uri that is none of the client's callback URLs with unauthorized_client (widely
  // reported: a missing trailing slash).
  if (!callbackUrls(client).includes(redirectUri)) fail('unauthorized_client');
  // The code is used up whatever follows: a code presented by the wrong client, or with the wrong redirect_uri or
  // verifier, may be in the wrong hands (RFC 6749 §10.5), so it is not left for a second try.
  const stored = await deps.store.authorizationCodes.take(deps.hashSecret(code), deps.clock.now());
  if (!stored || stored.poolId !== pool.id || stored.clientId !== client.clientId || stored.redirectUri !== redirectUri) return fail('invalid_grant');
  if (stored.codeChallenge !== undefined && !isVerifierCorrect(param(form, 'code_verifier'), stored.codeChallenge)) fail('invalid_grant');
  const user = await deps.store.users.get(pool.id, stored.usernameKey);
  if (!user || user.sub !== stored.sub || !user.enabled) return fail('invalid_grant');
  const tokens = await issueTokens(deps, ctx.keys, {
    pool,
    client,
    user,
    ...(stored.deviceKey ? { deviceKey: stored.deviceKey } : {}),
    trigger: { source: 'TokenGeneration_HostedAuth' },
    oauth: { scopes: stored.scopes, nonce: stored.nonce, authTime: stored.authTime },
  });
  return tokenBody(tokens, stored.scopes.includes('openid'));
}

function tokenBody(tokens: AuthenticationResult, withIdToken: boolean): Record<string, unknown> {
  return {
    ...(withIdToken ? { id_token: tokens.IdToken } : {}),
    access_token: tokens.AccessToken,
    ...(tokens.RefreshToken ? { refresh_token: tokens.RefreshToken } : {}),
    expires_in: tokens.ExpiresIn,
    token_type: 'Bearer',
  };
}

async function refreshTokenGrant(ctx: OAuthContext, client: ClientRecord, form: URLSearchParams): Promise<Record<string, unknown>> {
  const { deps, pool } = ctx;
  const token = param(form, 'refresh_token');
  if (token === undefined) return fail('invalid_request');
  let tokens: AuthenticationResult;
  try {
    const target = await resolveRefreshToken(deps, pool, client, token);
    tokens = refreshTokenRotation(client).enabled
      ? await rotateRefreshToken(deps, ctx.keys, pool, client, target)
      : await refreshTokens(deps, ctx.keys, pool, client, target);
    const scopes = target.family.scopes;
    return tokenBody(tokens, scopes === undefined || scopes.includes('openid'));
  } catch (e) {
    // Revoked, expired, unknown, another client's, or its user gone or disabled: the developer guide's invalid_grant.
    if (isCognitoError(e) && e.type !== 'UserLambdaValidationException' && e.type !== 'InvalidLambdaResponseException' && e.type !== 'UnexpectedLambdaException') {
      return fail('invalid_grant');
    }
    throw e;
  }
}

/**
 * client_credentials (machine to machine): a confidential client with the `client_credentials` flow gets an access
 * token for custom scopes of the pool's resource servers: those asked for (each must be in AllowedOAuthScopes), or all
 * of its custom scopes; a scope whose resource server or scope no longer exists is not granted (DeleteResourceServer's
 * reference). No ID or refresh token.
 */
async function clientCredentialsGrant(ctx: OAuthContext, client: ClientRecord, form: URLSearchParams): Promise<Record<string, unknown>> {
  const { deps, pool } = ctx;
  if (!allowedOAuthFlows(client).includes('client_credentials')) fail('unauthorized_client');
  if (!client.clientSecret) fail('invalid_client');
  const allowed = allowedOAuthScopes(client).filter((s) => !STANDARD_SCOPES.includes(s));
  const requested = param(form, 'scope')?.split(' ').filter((s) => s !== '');
  if (requested?.some((s) => !allowed.includes(s))) fail('invalid_scope');
  const scopes = await existingCustomScopes(ctx, requested ? allowed.filter((s) => requested.includes(s)) : allowed);
  if (scopes.length === 0) fail('invalid_scope');

  const now = deps.clock.now();
  const iat = Math.floor(now / 1000);
  const life = tokenValidity(client).access;
  const access: Record<string, unknown> = {
    sub: client.clientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: iat,
    iss: deps.issuer(pool.id),
    exp: iat + life,
    iat,
    version: 2,
    jti: randomUuid(deps.random),
    client_id: client.clientId,
  };
  await preTokenGenerationClientCredentials(deps, { pool, client, scopes, clientMetadata: clientMetadata(form) }, access);
  const token = await signJwtAsync(access, await ctx.keys.signer(pool.id, 'access'));
  return { access_token: token, expires_in: life, token_type: 'Bearer' };
}

/** Custom scopes `<identifier>/<name>` whose resource server still has that scope. */
async function existingCustomScopes(ctx: OAuthContext, scopes: readonly string[]): Promise<string[]> {
  const servers = new Map<string, Set<string> | undefined>();
  const out: string[] = [];
  for (const scope of scopes) {
    const slash = scope.lastIndexOf('/');
    if (slash <= 0) continue;
    const identifier = scope.slice(0, slash);
    if (!servers.has(identifier)) {
      const server = await ctx.deps.store.resourceServers.get(ctx.pool.id, identifier);
      servers.set(identifier, server && new Set(server.scopes.map((s) => s.ScopeName)));
    }
    if (servers.get(identifier)?.has(scope.slice(slash + 1))) out.push(scope);
  }
  return out;
}

/** `aws_client_metadata` (the token endpoint's parameter for the trigger's clientMetadata): a JSON object of strings. */
function clientMetadata(form: URLSearchParams): Record<string, string> | undefined {
  const raw = param(form, 'aws_client_metadata');
  if (raw === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) return v as Record<string, string>;
  } catch {
    // not JSON: ignored as Cognito ignores what it cannot read (*guess*)
  }
  return fail('invalid_request');
}
