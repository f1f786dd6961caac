import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CreateUserPoolDomainCommand, type CreateUserPoolClientRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool } from '../helpers/fixtures.js';
import type { OAuthContext } from '../../src/domain/oauth/complete.js';

/** The pool domain's test fixtures: a pool with a prefix domain, an OAuth app client and a user. */

export const CALLBACK = 'https://app.example/callback';
export const LOGOUT = 'https://app.example/signed-out';

export interface OAuthPool {
  poolId: string;
  prefix: string;
  clientId: string;
  /** The domain's base URL in the loopback path form. */
  base: string;
  ctx: OAuthContext;
}

let counter = 0;

export async function oauthPool(s: TestServer, client: Partial<CreateUserPoolClientRequest> = {}): Promise<OAuthPool> {
  const poolId = await createPool(s);
  const prefix = `login-${++counter}-${Math.floor(s.clock.now() / 1000) % 100000}`;
  await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
  const { clientId } = await oauthClient(s, poolId, client);
  await createConfirmedUser(s, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true', name: 'Alice' });
  const pool = (await s.store.pools.get(poolId))!;
  return { poolId, prefix, clientId, base: `${s.url}/_domain/${prefix}`, ctx: { deps: s.deps, keys: s.keys, pool } };
}

export async function oauthClient(s: TestServer, poolId: string, extra: Partial<CreateUserPoolClientRequest> = {}) {
  return createClient(s, poolId, {
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code', 'implicit'],
    AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    CallbackURLs: [CALLBACK, 'http://localhost:3000/'],
    LogoutURLs: [LOGOUT],
    SupportedIdentityProviders: ['COGNITO'],
    ...extra,
  });
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP exchange without following redirects, with any Host header (fetch does not let a caller set Host).
 * `ca` trusts a self-signed certificate for https URLs.
 */
export function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; ca?: string | Buffer } = {}): Promise<RawResponse> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      { method: opts.method ?? 'GET', headers: opts.headers, ...(opts.ca ? { ca: opts.ca, servername: opts.headers?.host?.replace(/:\d+$/, '') } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export function authorizeQuery(p: OAuthPool, more: Record<string, string> = {}): string {
  return new URLSearchParams({ response_type: 'code', client_id: p.clientId, redirect_uri: CALLBACK, ...more }).toString();
}
