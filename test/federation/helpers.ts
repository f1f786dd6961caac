import {
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolDomainCommand,
  type CreateUserPoolClientRequest,
  type CreateUserPoolRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool, PASSWORD } from '../helpers/fixtures.js';

/**
 * Federation fixtures: two pools of one cognate, one acting as the external OIDC provider ("upstream": its domain, an
 * app client with a secret whose callback is the other pool's /oauth2/idpresponse, a user) and one relying on it
 * ("the app's pool": its domain, an OIDC identity provider pointing at the upstream pool's issuer, an app client).
 * And a small cookie-keeping browser over fetch, for the black-box runs without Chromium.
 */
export const APP_CALLBACK = 'https://app.example/callback';
export const PROVIDER = 'Upstream';

let counter = 0;
const unique = (s: TestServer, what: string) => `${what}-${++counter}-${Math.floor(s.clock.now() / 1000) % 100000}`;

export interface Upstream {
  poolId: string;
  clientId: string;
  clientSecret: string;
  issuer: string;
  /** The upstream user's sub (the federated user's name is `Upstream_<sub>`). */
  sub: string;
}

export interface RelyingPool {
  poolId: string;
  clientId: string;
  /** The domain's base URL, loopback path form on 127.0.0.1. */
  base: string;
  prefix: string;
  upstream: Upstream;
}

export interface FederationOptions {
  pool?: Partial<CreateUserPoolRequest>;
  client?: Partial<CreateUserPoolClientRequest>;
  attributeMapping?: Record<string, string>;
  idpIdentifiers?: string[];
  details?: Record<string, string>;
  /** Where the domain is reached from the browser (the Playwright runs use localhost). */
  host?: string;
  /** The app's callback URL (default APP_CALLBACK). */
  callback?: string;
}

/** The upstream pool (the external provider) and a pool that federates with it. */
export async function federatedPools(s: TestServer, opts: FederationOptions = {}): Promise<RelyingPool> {
  const rpPrefix = unique(s, 'app');
  const origins = [s.url, s.url.replace('127.0.0.1', 'localhost')];
  const upstreamPool = await createPool(s, { PoolName: 'upstream' });
  await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: upstreamPool, Domain: unique(s, 'upstream') }));
  const upstreamClient = await createClient(s, upstreamPool, {
    GenerateSecret: true,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: origins.map((o) => `${o}/_domain/${rpPrefix}/oauth2/idpresponse`),
    SupportedIdentityProviders: ['COGNITO'],
  });
  await createConfirmedUser(s, upstreamPool, 'bob', { email: 'bob@upstream.example', email_verified: 'true', name: 'Bob Upstream' });
  const bob = await s.client.send(new AdminGetUserCommand({ UserPoolId: upstreamPool, Username: 'bob' }));
  const sub = bob.UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
  const issuer = s.deps.issuer(upstreamPool);
  const upstream: Upstream = { poolId: upstreamPool, clientId: upstreamClient.clientId, clientSecret: upstreamClient.clientSecret!, issuer, sub };

  const poolId = await createPool(s, { PoolName: 'app', ...(opts.pool ?? {}) });
  await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: rpPrefix }));
  await s.client.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: PROVIDER,
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: upstream.clientId,
        client_secret: upstream.clientSecret,
        authorize_scopes: 'openid email profile',
        oidc_issuer: issuer,
        attributes_request_method: 'GET',
        ...(opts.details ?? {}),
      },
      AttributeMapping: opts.attributeMapping ?? { email: 'email', name: 'name' },
      ...(opts.idpIdentifiers ? { IdpIdentifiers: opts.idpIdentifiers } : {}),
    }),
  );
  const { clientId } = await createClient(s, poolId, {
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code', 'implicit'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'],
    CallbackURLs: [opts.callback ?? APP_CALLBACK],
    SupportedIdentityProviders: ['COGNITO', PROVIDER],
    ...(opts.client ?? {}),
  });
  return { poolId, clientId, base: `${opts.host ?? s.url}/_domain/${rpPrefix}`, prefix: rpPrefix, upstream };
}

export function authorizeUrl(rp: RelyingPool, more: Record<string, string> = {}): string {
  const q = new URLSearchParams({ response_type: 'code', client_id: rp.clientId, redirect_uri: APP_CALLBACK, state: 'app-state', scope: 'openid email profile', ...more });
  return `${rp.base}/oauth2/authorize?${q}`;
}

interface Cookie {
  name: string;
  value: string;
  path: string;
}

/** A browser's cookie jar and navigation, enough for the domain's pages: cookies by name and Path, redirects by hand. */
export class Browser {
  private cookies: Cookie[] = [];

  cookieHeader(url: string): string {
    const path = new URL(url).pathname;
    return this.cookies
      .filter((c) => path.startsWith(c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  has(name: string): boolean {
    return this.cookies.some((c) => c.name === name);
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((p) => p.trim());
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
      if (!/max-age=0/i.test(line)) this.cookies.push({ name, value, path });
    }
  }

  async get(url: string): Promise<{ res: Response; body: string }> {
    const res = await fetch(url, { headers: { cookie: this.cookieHeader(url) }, redirect: 'manual' });
    this.remember(res);
    return { res, body: await res.text() };
  }

  async post(url: string, form: Record<string, string>): Promise<{ res: Response; body: string }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(url), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    this.remember(res);
    return { res, body: await res.text() };
  }

  /** Follows redirects from `url` until one leaves for `stopAt` (not fetched) or a page answers; returns that URL or page. */
  async follow(url: string, stopAt: string): Promise<{ url: string; res?: Response; body?: string }> {
    let at = url;
    for (let hops = 0; hops < 10; hops++) {
      if (at.startsWith(stopAt)) return { url: at };
      const { res, body } = await this.get(at);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: at, res, body };
      at = new URL(location, at).href;
    }
    throw new Error('too many redirects');
  }
}

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];

/**
 * The whole federated sign-in as a browser makes it: the app's authorize request, on to the upstream provider, its
 * sign-in page answered with the user's password, back through /oauth2/idpresponse; returns where the browser was
 * finally sent (the app's callback URL, with code or error) or the page it stopped at.
 */
export async function federatedSignIn(
  browser: Browser,
  rp: RelyingPool,
  opts: { query?: Record<string, string>; username?: string; password?: string; stopAtIdpResponse?: boolean } = {},
): Promise<{ url: string; res?: Response; body?: string }> {
  const toLogin = await browser.follow(authorizeUrl(rp, opts.query), APP_CALLBACK);
  if (toLogin.url.startsWith(APP_CALLBACK) || !csrfOf(toLogin.body ?? '')) return toLogin;
  const login = toLogin.url;
  const answered = await browser.post(login, { _csrf: csrfOf(toLogin.body!)!, username: opts.username ?? 'bob', password: opts.password ?? PASSWORD, action: 'password' });
  const back = answered.res.headers.get('location');
  if (!back) return { url: login, res: answered.res, body: answered.body };
  if (opts.stopAtIdpResponse) return { url: new URL(back, login).href };
  return browser.follow(new URL(back, login).href, APP_CALLBACK);
}
