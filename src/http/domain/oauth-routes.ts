import { authorizeParameters, checkAuthorizeRequest } from '../../domain/oauth/authorize.js';
import { errorPage } from './error-page.js';
import { redirect, type DomainRoute } from './router.js';

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
    const provider = check.request.identityProvider;
    // Federated sign-in (a provider other than the pool's own users) is not served yet: say so rather than pretend.
    if (provider !== undefined && provider !== 'COGNITO') return errorPage(400, 'unsupported_identity_provider');
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

export const OAUTH_ROUTES: readonly DomainRoute[] = [authorize, error];
