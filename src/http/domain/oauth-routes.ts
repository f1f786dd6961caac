import { authorizeParameters, checkAuthorizeRequest } from '../../domain/oauth/authorize.js';
import { tokenEndpoint } from '../../domain/oauth/token.js';
import { userInfo } from '../../domain/oauth/userinfo.js';
import { revokeEndpoint } from '../../domain/oauth/revoke.js';
import { logoutDestination } from '../../domain/oauth/logout.js';
import { errorPage } from './error-page.js';
import { federatedAuthorize } from './federation-routes.js';
import { json, redirect, type DomainRequestContext, type DomainRoute } from './router.js';

/**
 * The OAuth 2.0 / OpenID Connect endpoints of the pool domain, as the developer guide's "User pool endpoints" reference
 * describes them: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-userpools-server-contract-reference.html
 */

/**
 * GET /oauth2/authorize: checks the request (domain/oauth/authorize.ts) and sends the browser on to the sign-in page,
 * `/login` with the same parameters, as Cognito does; errors go back to the app or to the error page.
 */
const authorize: DomainRoute = {
  method: 'GET',
  path: '/oauth2/authorize',
  async handle(ctx) {
    const check = await checkAuthorizeRequest(ctx.deps, ctx.pool, ctx.query);
    if (!check.ok) {
      if (check.kind === 'redirect') return redirect(check.location);
      const params = new URLSearchParams({ error: check.error, ...(check.clientId ? { client_id: check.clientId } : {}) });
      return redirect(`${ctx.baseUrl}/error?${params}`);
    }
    // Federated sign-in: on to the external provider when the request goes to one (./federation-routes.ts).
    const federated = await federatedAuthorize(ctx, check.request);
    if (federated) return federated;
    return redirect(`${ctx.baseUrl}/login?${authorizeParameters(ctx.query)}`);
  },
};

/** GET /error: the page the browser lands on when the app cannot be told about an error (`?error=…&client_id=…`). */
const error: DomainRoute = {
  method: 'GET',
  path: '/error',
  async handle(ctx) {
    return errorPage(400, ctx.query.get('error') ?? 'invalid_request');
  },
};

/** A CORS-enabled endpoint whose answer (status, JSON body, headers) comes from src/domain/oauth. */
interface EndpointAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string> | undefined;
}
const endpoint = (
  method: 'GET' | 'POST',
  path: string,
  answer: (ctx: Parameters<DomainRoute['handle']>[0]) => Promise<EndpointAnswer>,
  { emptySuccess = false } = {},
): DomainRoute => ({
  method,
  path,
  cors: true,
  async handle(ctx) {
    const a = await answer(ctx);
    if (emptySuccess && a.status === 200) return { status: 200 };
    return json(a.status, a.body, a.headers);
  },
});

/** POST /oauth2/token: the three grants (domain/oauth/token.ts). */
const token = endpoint('POST', '/oauth2/token', (ctx) => tokenEndpoint(ctx, ctx.form, header(ctx, 'authorization')));

/** GET and POST /oauth2/userInfo (domain/oauth/userinfo.ts). */
const userInfoRoute = (method: 'GET' | 'POST') => endpoint(method, '/oauth2/userInfo', (ctx) => userInfo(ctx, ctx.services.authorize, header(ctx, 'authorization')));

/** POST /oauth2/revoke (domain/oauth/revoke.ts): an empty 200 when done. */
const revoke = endpoint('POST', '/oauth2/revoke', (ctx) => revokeEndpoint(ctx, ctx.form, header(ctx, 'authorization')), { emptySuccess: true });

/**
 * The single sign-on cookie of the managed-login pages: its name (`cognito`, as Cognito's) and attributes, which the
 * pages set and /logout clears. Path is the domain's base path, so that domains of the path form keep theirs apart.
 */
export const SSO_COOKIE = 'cognito';

export function clearSsoCookie(ctx: Pick<DomainRequestContext, 'basePath' | 'secure'>): string {
  return `${SSO_COOKIE}=; Path=${ctx.basePath}/; Max-Age=0; HttpOnly; SameSite=Lax${ctx.secure ? '; Secure' : ''}`;
}

/** GET /logout (domain/oauth/logout.ts): ends the SSO session and sends the browser to the app or to sign-in again. */
const logout: DomainRoute = {
  method: 'GET',
  path: '/logout',
  async handle(ctx) {
    const destination = await logoutDestination(ctx.deps, ctx.pool, ctx.query);
    if (!destination.ok) return errorPage(400, destination.error);
    const location = destination.kind === 'logout_uri' ? destination.location : `${ctx.baseUrl}/login?${destination.loginQuery}`;
    return redirect(location, { 'set-cookie': [clearSsoCookie(ctx)] });
  },
};

function header(ctx: DomainRequestContext, name: string): string | undefined {
  const v = ctx.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export const OAUTH_ROUTES: readonly DomainRoute[] = [authorize, error, token, userInfoRoute('GET'), userInfoRoute('POST'), revoke, logout];
