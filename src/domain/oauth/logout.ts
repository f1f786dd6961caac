import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { callbackUrls, logoutUrls } from '../clients/config.js';

/**
 * The logout endpoint (GET /logout), in Cognito's two forms (the developer guide's "Logout endpoint"):
 * - `client_id` + `logout_uri`: signs out and sends the browser to `logout_uri`, which must be one of the client's
 *   LogoutURLs exactly;
 * - `client_id` + `redirect_uri` + `response_type` (+ `state`, `scope`, …): signs out and sends the browser to sign in
 *   again (`/login` with those parameters); `redirect_uri` must be one of the client's CallbackURLs.
 * Anything else (unknown client, a URL not registered) is the error page, never a redirect.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 */
export type LogoutDestination =
  | { ok: true; kind: 'logout_uri'; location: string }
  | { ok: true; kind: 'login'; loginQuery: string }
  | { ok: false; error: string };

const LOGIN_PARAMETERS = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'lang'];

export async function logoutDestination(deps: Pick<Deps, 'store'>, pool: PoolRecord, query: URLSearchParams): Promise<LogoutDestination> {
  const clientId = query.get('client_id');
  const client = clientId ? await deps.store.clients.get(pool.id, clientId) : undefined;
  if (!client) return { ok: false, error: 'invalid_request' };
  const logoutUri = query.get('logout_uri');
  if (logoutUri !== null) {
    if (!logoutUrls(client).includes(logoutUri)) return { ok: false, error: 'redirect_mismatch' };
    return { ok: true, kind: 'logout_uri', location: logoutUri };
  }
  const redirectUri = query.get('redirect_uri');
  if (redirectUri === null || !query.get('response_type')) return { ok: false, error: 'invalid_request' };
  if (!callbackUrls(client).includes(redirectUri)) return { ok: false, error: 'redirect_mismatch' };
  const login = new URLSearchParams();
  for (const name of LOGIN_PARAMETERS) {
    const v = query.get(name);
    if (v !== null) login.set(name, v);
  }
  return { ok: true, kind: 'login', loginQuery: login.toString() };
}
