import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Deps } from '../../domain/deps.js';
import type { KeyService } from '../../domain/tokens/keys.js';
import { findPoolByHost, isDomainHostCandidate } from '../../domain/domains/user-pool-domains.js';
import { describeError } from '../../platform/log.js';
import type { ClientRecord, DomainRecord, PoolRecord } from '../../store/types.js';
import type { Services } from '../../operations/services.js';
import { errorPage } from './error-page.js';

/**
 * The user-pool domain: how an HTTP request finds its domain and pool, and the route table of what the domain serves
 * (the OAuth 2.0 endpoints of ./oauth-routes.ts, the managed-login pages of ./pages/). docs/hosted-ui.md describes it.
 *
 * A request reaches a domain in one of two ways:
 * - by its Host header: `<prefix>.auth.<region>.amazoncognito.com` (map the name to 127.0.0.1, e.g. in /etc/hosts),
 *   `<prefix>.auth.<region>.localhost` or `<prefix>.localhost` (no DNS needed: `*.localhost` is loopback, RFC 6761), or
 *   a custom domain's name (domain/domains/user-pool-domains.ts findPoolByHost). A Host that names no domain is not
 *   the domain's: the request goes on to the rest of the server (the API, JWKS, …).
 * - by the loopback path form, which needs neither DNS nor a Host: `http://127.0.0.1:<port>/_domain/<domain>/<path>`,
 *   `<domain>` being the prefix or the custom domain's name. An unknown domain there is a 404 page.
 * Requests that carry X-Amz-Target (the AWS JSON API) never look for a domain: the API's hot path costs nothing more.
 *
 * Handlers answer HTML, redirects or JSON; a handler must answer bad input itself (never throw for it): whatever it
 * throws is logged and answered with a 500 page without details.
 */

export interface DomainRequestContext {
  deps: Deps;
  keys: KeyService;
  services: Services;
  pool: PoolRecord;
  domain: DomainRecord;
  method: string;
  /** The path within the domain: `/oauth2/authorize`, `/login`, … (always starts with `/`). */
  path: string;
  query: URLSearchParams;
  /** The body of a POST as `application/x-www-form-urlencoded` (empty for any other type). */
  form: URLSearchParams;
  body: Buffer;
  headers: IncomingHttpHeaders;
  cookies: Readonly<Record<string, string>>;
  /**
   * The domain's base URL as the browser sees it, without a trailing slash: `https://myprefix.auth.us-east-1.localhost:8443`
   * (Host form) or `http://127.0.0.1:9229/_domain/myprefix` (path form). Links and redirects within the domain are
   * `${baseUrl}/login` and so on.
   */
  baseUrl: string;
  /** The path prefix of the domain's URLs: '' (Host form) or `/_domain/<domain>` (path form); the Path of its cookies is `${basePath}/`. */
  basePath: string;
  /** Whether the browser reached the domain over HTTPS (set cookies `Secure` then). */
  secure: boolean;
  sourceIp: string;
  /** An app client of the domain's pool, or undefined. */
  client(clientId: string): Promise<ClientRecord | undefined>;
}

export interface DomainResponse {
  status: number;
  /** Header names in lower case; a list gives the header once per value (set-cookie). */
  headers?: Record<string, string | readonly string[]>;
  body?: string | Uint8Array;
}

export interface DomainRoute {
  method: 'GET' | 'POST';
  /** The exact path within the domain. */
  path: string;
  handle(ctx: DomainRequestContext): Promise<DomainResponse>;
  /**
   * Cross-origin calls from apps' pages (the token, userInfo and revoke endpoints, which browser apps call with
   * fetch): answers preflights and adds Access-Control-Allow-Origin for any origin. Pages never set it.
   */
  cors?: boolean;
}

export function html(status: number, body: string, headers: Record<string, string | readonly string[]> = {}): DomainResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

export function redirect(location: string, headers: Record<string, string | readonly string[]> = {}): DomainResponse {
  return { status: 302, headers: { location, ...headers } };
}

export function json(status: number, value: unknown, headers: Record<string, string | readonly string[]> = {}): DomainResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(value) };
}

/** Where a request goes: a domain (with the path within it), or the 404 page of an unknown domain of the path form. */
export type DomainTarget = { pool: PoolRecord; domain: DomainRecord; path: string; basePath: string } | { unknown: true };

export interface DomainRouter {
  /** The domain a request is for, or undefined when it is not a domain request (the rest of the server answers). */
  match(host: string | undefined, url: URL): Promise<DomainTarget | undefined>;
  handle(target: DomainTarget, req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer | 'too-large'): Promise<void>;
}

export const PATH_FORM_PREFIX = '/_domain/';

export interface DomainRouterOptions {
  deps: Deps;
  keys: KeyService;
  services: Services;
  /** The route table; by default ./routes.ts, loaded at the first domain request (start-up does not pay for it). */
  routes?: () => Promise<readonly DomainRoute[]>;
}

export function createDomainRouter(opts: DomainRouterOptions): DomainRouter {
  const { deps } = opts;
  const loadRoutes = opts.routes ?? (async () => (await import('./routes.js')).DOMAIN_ROUTES);
  let table: Promise<Map<string, DomainRoute>> | undefined;
  const routes = () =>
    (table ??= loadRoutes().then((list) => {
      const map = new Map<string, DomainRoute>();
      for (const r of list) {
        const key = `${r.method} ${r.path}`;
        if (map.has(key)) throw new Error(`two domain routes for ${key}`);
        map.set(key, r);
      }
      return map;
    }));

  return {
    async match(host, url) {
      if (url.pathname.startsWith(PATH_FORM_PREFIX)) {
        const rest = url.pathname.slice(PATH_FORM_PREFIX.length);
        const slash = rest.indexOf('/');
        const name = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
        const domain = name ? await deps.store.domains.get(name) : undefined;
        const pool = domain && (await deps.store.pools.get(domain.poolId));
        if (!domain || !pool) return { unknown: true };
        return { pool, domain, path: slash < 0 ? '/' : rest.slice(slash), basePath: `${PATH_FORM_PREFIX.slice(0, -1)}/${domain.domain}` };
      }
      if (!host || !isDomainHostCandidate(host)) return undefined;
      const found = await findPoolByHost(deps, host);
      return found && { ...found, path: url.pathname, basePath: '' };
    },

    async handle(target, req, res, url, body) {
      if ('unknown' in target) return send(res, errorPage(404, 'not_found'));
      const table = await routes();
      const route = req.method === 'OPTIONS' ? preflightRoute(table, target.path) : table.get(`${req.method} ${target.path}`);
      const origin = req.headers.origin;
      if (req.method === 'OPTIONS') {
        if (!route?.cors) return send(res, errorPage(404, 'not_found'));
        return send(res, { status: 204, headers: corsHeaders(origin, req.headers['access-control-request-headers']) });
      }
      if (!route) return send(res, errorPage(404, 'not_found'));
      if (body === 'too-large') return send(res, errorPage(413, 'request_too_large'));
      const secure = (req.socket as TLSSocket).encrypted === true;
      const hostHeader = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
      const isForm = String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
      const ctx: DomainRequestContext = {
        deps,
        keys: opts.keys,
        services: opts.services,
        pool: target.pool,
        domain: target.domain,
        method: req.method!,
        path: target.path,
        query: url.searchParams,
        form: req.method === 'POST' && isForm ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams(),
        body,
        headers: req.headers,
        cookies: parseCookies(req.headers.cookie),
        baseUrl: `${secure ? 'https' : 'http'}://${hostHeader}${target.basePath}`,
        basePath: target.basePath,
        secure,
        sourceIp: req.socket.remoteAddress ?? '',
        client: (clientId) => deps.store.clients.get(target.pool.id, clientId),
      };
      let answer: DomainResponse;
      try {
        answer = await route.handle(ctx);
      } catch (e) {
        deps.log.error('domain handler failed', { path: target.path, ...describeError(e) });
        answer = errorPage(500, 'server_error');
      }
      if (route.cors) answer = { ...answer, headers: { ...corsHeaders(origin), ...answer.headers } };
      return send(res, answer);
    },
  };
}

function preflightRoute(table: Map<string, DomainRoute>, path: string): DomainRoute | undefined {
  return table.get(`POST ${path}`) ?? table.get(`GET ${path}`);
}

/** The OAuth endpoints answer any origin (their callers authenticate with client credentials or tokens, not cookies). */
function corsHeaders(origin: string | undefined, requested?: string | string[]): Record<string, string> {
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    ...(requested !== undefined
      ? { 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': String(requested), 'access-control-max-age': '300' }
      : {}),
  };
}

/** `Cookie` as name → value (the first of repeated names, as browsers send the most specific path first). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

function send(res: ServerResponse, answer: DomainResponse): void {
  const body = answer.body ?? '';
  const headers: Record<string, string | readonly string[]> = {
    // Nothing the domain answers may be cached by the browser or a proxy: codes, tokens, pages with CSRF tokens
    // (RFC 6749 §5.1 requires it of token responses). A handler may say otherwise.
    'cache-control': 'no-store',
    pragma: 'no-cache',
    'x-content-type-options': 'nosniff',
    ...answer.headers,
    'content-length': String(Buffer.byteLength(body)),
  };
  res.writeHead(answer.status, headers as Record<string, string | string[]>);
  res.end(body);
}
