import type { AuthorizeRequest } from '../../domain/oauth/authorize.js';
import {
  BINDING_PATTERN,
  beginFederatedSignIn,
  chosenProvider,
  failureUrl,
  finishFederatedSignIn,
  newBindingValue,
} from '../../domain/federation/federated-sign-in.js';
import { FederationError } from '../../domain/federation/oidc.js';
import { authorizeParameters } from '../../domain/oauth/authorize.js';
import { errorPage } from './error-page.js';
import { sealSso, setCookie, SSO_COOKIE, SSO_SECONDS } from './pages/state.js';
import { redirect, type DomainRequestContext, type DomainResponse, type DomainRoute } from './router.js';

/**
 * The pool domain's side of federated sign-in (domain/federation/federated-sign-in.ts): the hook /oauth2/authorize
 * calls for a request that goes to an external provider, and `/oauth2/idpresponse`, where the provider sends the
 * browser back. The browser-binding cookie lives here: HttpOnly, SameSite=Lax (the provider's redirect back is a
 * top-level GET, which Lax lets through), under the domain's path.
 */
const BINDING_COOKIE = 'cognate-federation';

function bindingCookie(ctx: DomainRequestContext, value: string, maxAgeSeconds: number): string {
  return `${BINDING_COOKIE}=${value}; Path=${ctx.basePath}/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${ctx.secure ? '; Secure' : ''}`;
}

/**
 * For /oauth2/authorize: the 302 to the external provider when the request goes to one (identity_provider,
 * idp_identifier, or a client whose only provider is external), an error back to the app when it cannot, or undefined
 * when the managed-login pages are the way in.
 */
export async function federatedAuthorize(ctx: DomainRequestContext, request: AuthorizeRequest): Promise<DomainResponse | undefined> {
  const oauth = { deps: ctx.deps, keys: ctx.keys, pool: ctx.pool };
  try {
    const provider = await chosenProvider(oauth, request);
    if (!provider) return undefined;
    const have = ctx.cookies[BINDING_COOKIE];
    const binding = have && BINDING_PATTERN.test(have) ? have : newBindingValue(ctx.deps);
    const location = await beginFederatedSignIn(oauth, authorizeParameters(ctx.query), provider, { baseUrl: ctx.baseUrl, binding });
    return redirect(location, { 'set-cookie': [bindingCookie(ctx, binding, 15 * 60)] });
  } catch (e) {
    if (e instanceof FederationError) return redirect(failureUrl(request, e));
    throw e;
  }
}

/** GET /oauth2/idpresponse: the provider's answer (code and state, or an error); a sign-in sets the SSO cookie. */
const idpResponse: DomainRoute = {
  method: 'GET',
  path: '/oauth2/idpresponse',
  async handle(ctx) {
    const outcome = await finishFederatedSignIn({ deps: ctx.deps, keys: ctx.keys, pool: ctx.pool }, ctx.query, ctx.cookies[BINDING_COOKIE]);
    if (outcome.kind === 'page') return errorPage(400, outcome.error);
    if (!outcome.signedIn) return redirect(outcome.location);
    // The managed-login session, as after a sign-in on the pages: a later /login of the pool completes at once.
    const sso = sealSso(ctx.deps, ctx.pool.id, outcome.signedIn);
    return redirect(outcome.location, { 'set-cookie': [setCookie(SSO_COOKIE, sso, { path: `${ctx.basePath}/`, secure: ctx.secure }, SSO_SECONDS)] });
  },
};

export const FEDERATION_ROUTES: readonly DomainRoute[] = [idpResponse];
