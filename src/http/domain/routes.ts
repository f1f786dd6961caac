import type { DomainRoute } from './router.js';
import { FEDERATION_ROUTES } from './federation-routes.js';
import { OAUTH_ROUTES } from './oauth-routes.js';
import { PAGE_ROUTES } from './pages/pages.js';

/**
 * Every route the pool domain serves, loaded by the router at the first domain request. A module that serves domain
 * paths (the OAuth endpoints, the managed-login pages) exports its routes and is listed here once.
 */
export const DOMAIN_ROUTES: readonly DomainRoute[] = [...OAUTH_ROUTES, ...FEDERATION_ROUTES, ...PAGE_ROUTES];
