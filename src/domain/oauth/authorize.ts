import type { ClientRecord, PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { allowedOAuthFlows, allowedOAuthScopes, callbackUrls, isOAuthClient, supportedIdentityProviders } from '../clients/config.js';

/**
 * The authorization request of the pool domain's `/oauth2/authorize` (and of `/login`, which Cognito reaches with the
 * same parameters), checked against the app client as the developer guide's "Authorize endpoint" describes:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 *
 * - `client_id` must name an app client of the pool that has AllowedOAuthFlowsUserPoolClient, and `redirect_uri` must
 *   equal one of its CallbackURLs exactly. When either fails the browser cannot safely be sent back to the app, so the
 *   answer is the domain's error page (`/error?error=…&client_id=…`, as Cognito's `redirect_mismatch`).
 * - Everything else fails by sending the browser back to `redirect_uri` with `error=<RFC 6749 §4.1.2.1 code>` and the
 *   `state` (in the query for `code`, in the fragment for `token`): `unsupported_response_type` for a response_type
 *   other than code/token, `unauthorized_client` for a flow the client does not allow (AllowedOAuthFlows) or an
 *   identity provider it does not support, `invalid_scope` for a scope outside AllowedOAuthScopes, `invalid_request`
 *   for malformed PKCE parameters (only S256 is supported, as Cognito says).
 * docs/hosted-ui.md lists these and marks which are cognate's choice.
 */
export interface AuthorizeRequest {
  client: ClientRecord;
  clientId: string;
  redirectUri: string;
  responseType: 'code' | 'token';
  /** The scopes requested (all of the client's AllowedOAuthScopes when the request names none), in the client's order. */
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
  identityProvider?: string;
  idpIdentifier?: string;
  loginHint?: string;
  prompt?: string;
  lang?: string;
}

export type AuthorizeCheck =
  | { ok: true; request: AuthorizeRequest }
  /** Back to the app with an error (redirect_uri is trusted): the URL to send the browser to. */
  | { ok: false; kind: 'redirect'; error: string; location: string }
  /** The request cannot be answered at the app's redirect_uri: show the domain's error page. */
  | { ok: false; kind: 'page'; error: string; clientId?: string };

/** The authorization request's parameters, in the order Cognito's own links write them; /login is given the same. */
export const AUTHORIZE_PARAMETERS = [
  'response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method',
  'identity_provider', 'idp_identifier', 'login_hint', 'prompt', 'lang',
] as const;

const PKCE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;
/** Cognito's values of AllowedOAuthFlows for each response_type. */
const FLOW_OF: Record<'code' | 'token', string> = { code: 'code', token: 'implicit' };

/** Checks the authorization request's parameters against the pool's app client. */
export async function checkAuthorizeRequest(deps: Pick<Deps, 'store'>, pool: PoolRecord, params: URLSearchParams): Promise<AuthorizeCheck> {
  const get = (name: string) => {
    const v = params.get(name);
    return v === null || v === '' ? undefined : v;
  };
  const clientId = get('client_id');
  const client = clientId ? await deps.store.clients.get(pool.id, clientId) : undefined;
  if (!client) return { ok: false, kind: 'page', error: 'invalid_request', ...(clientId ? { clientId } : {}) };
  const redirectUri = get('redirect_uri');
  if (!redirectUri || !callbackUrls(client).includes(redirectUri)) return { ok: false, kind: 'page', error: 'redirect_mismatch', clientId: client.clientId };
  if (!isOAuthClient(client)) return { ok: false, kind: 'page', error: 'unauthorized_client', clientId: client.clientId };

  const state = get('state');
  const responseType = get('response_type');
  const fail = (error: string) => ({
    ok: false as const,
    kind: 'redirect' as const,
    error,
    location: authorizationResponseUrl(redirectUri, responseType === 'token' ? 'fragment' : 'query', { error, ...(state !== undefined ? { state } : {}) }),
  });
  if (responseType !== 'code' && responseType !== 'token') return fail(responseType === undefined ? 'invalid_request' : 'unsupported_response_type');
  if (!allowedOAuthFlows(client).includes(FLOW_OF[responseType])) return fail('unauthorized_client');

  const allowed = allowedOAuthScopes(client);
  const requested = get('scope')?.split(' ').filter((s) => s !== '');
  if (requested?.some((s) => !allowed.includes(s))) return fail('invalid_scope');
  const scopes = requested ? allowed.filter((s) => requested.includes(s)) : [...allowed];

  const codeChallenge = get('code_challenge');
  const method = get('code_challenge_method');
  if (codeChallenge !== undefined || method !== undefined) {
    if (codeChallenge === undefined || method !== 'S256' || !PKCE_CHALLENGE.test(codeChallenge)) return fail('invalid_request');
  }

  const identityProvider = get('identity_provider');
  if (identityProvider !== undefined && !supportedIdentityProviders(client).includes(identityProvider)) return fail('unauthorized_client');

  const optional = (name: string, member: keyof AuthorizeRequest) => {
    const v = get(name);
    return v === undefined ? {} : { [member]: v };
  };
  return {
    ok: true,
    request: {
      client,
      clientId: client.clientId,
      redirectUri,
      responseType,
      scopes,
      ...optional('state', 'state'),
      ...optional('nonce', 'nonce'),
      ...(codeChallenge !== undefined ? { codeChallenge, codeChallengeMethod: 'S256' as const } : {}),
      ...(identityProvider !== undefined ? { identityProvider } : {}),
      ...optional('idp_identifier', 'idpIdentifier'),
      ...optional('login_hint', 'loginHint'),
      ...optional('prompt', 'prompt'),
      ...optional('lang', 'lang'),
    },
  };
}

/** The authorization request's own parameters from a query (what /oauth2/authorize passes on to /login). */
export function authorizeParameters(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of AUTHORIZE_PARAMETERS) {
    const v = params.get(name);
    if (v !== null) out.set(name, v);
  }
  return out;
}

/**
 * `redirect_uri` with the response parameters added: to the query (keeping the query it has) for the code flow, or as
 * the fragment for the implicit flow (RFC 6749 §4.2.2).
 */
export function authorizationResponseUrl(redirectUri: string, where: 'query' | 'fragment', values: Record<string, string>): string {
  const encoded = new URLSearchParams(values).toString();
  if (where === 'fragment') return `${redirectUri}#${encoded}`;
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${encoded}`;
}
