import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  CreateResourceServerCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import * as oidc from 'openid-client';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../helpers/server.js';
import { PASSWORD } from '../helpers/fixtures.js';
import { checkAuthorizeRequest } from '../../src/domain/oauth/authorize.js';
import { completeAuthorization } from '../../src/domain/oauth/complete.js';
import { CALLBACK, oauthClient, raw } from './helpers.js';

/**
 * Real relying parties against `serve --tls` with its generated certificate: openid-client (discovery, authorization
 * code with PKCE, refresh, userInfo) and a plain client_credentials request whose token aws-jwt-verify checks against
 * the HTTPS JWKS. The certificate is trusted through `ca` only, as a developer would (no verification turned off).
 * The person's sign-in step is completeAuthorization, what the managed-login pages call.
 */
describe('serve --tls: openid-client and aws-jwt-verify over HTTPS', () => {
  let s: TestServer;
  let ca: string;
  let sdk: CognitoIdentityProviderClient;
  let poolId: string;
  let base: string;
  before(async () => {
    s = await startTestServer({ env: { COGNATE_TLS: '1' } });
    ca = readFileSync(s.tls!.certPath, 'utf8');
    sdk = new CognitoIdentityProviderClient({ endpoint: s.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, requestHandler: { httpsAgent: new Agent({ ca }) } });
    poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'tls' }))).UserPool!.Id!;
    await sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'tls-login' }));
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alice', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'email_verified', Value: 'true' }] }));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: PASSWORD, Permanent: true }));
    base = `${s.url}/_domain/tls-login`;
  });
  after(async () => {
    sdk?.destroy();
    await s.stop();
  });

  /** fetch over node:https trusting the generated certificate (what openid-client's customFetch hook is for). */
  const trustingFetch = (url: string, init: { method?: string; headers?: HeadersInit; body?: unknown }): Promise<Response> =>
    new Promise((resolve, reject) => {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const req = request(url, { method: init.method ?? 'GET', headers, ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          const status = res.statusCode!;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: h }));
        });
      });
      req.on('error', reject);
      req.end(init.body === undefined || init.body === null ? undefined : String(init.body));
    });

  it('serves HTTPS with a generated certificate for localhost and the domain names; issuer and JWKS are https', async () => {
    assert.ok(s.url.startsWith('https://127.0.0.1:'));
    assert.equal(s.tls!.generated, true);
    const cert = new X509Certificate(ca);
    assert.equal(cert.fingerprint256, s.tls!.fingerprint);
    assert.ok(cert.checkHost('tls-login.auth.us-east-1.localhost'));
    assert.ok(cert.checkHost('tls-login.auth.us-east-1.amazoncognito.com'));
    assert.ok(cert.checkIP('127.0.0.1'));
    assert.equal(s.deps.issuer(poolId), `${s.url}/${poolId}`);
    const viaHost = await raw(`${s.url}/oauth2/authorize?client_id=x`, { headers: { host: `tls-login.auth.us-east-1.localhost:${new URL(s.url).port}` }, ca });
    assert.equal(viaHost.status, 302, 'the domain by Host over HTTPS');
  });

  it('openid-client: discovery, authorization code with PKCE, refresh, userInfo', async () => {
    const { clientId } = await oauthClient({ ...s, client: sdk }, poolId);
    const config = await oidc.discovery(new URL(s.deps.issuer(poolId)), clientId, undefined, oidc.None(), { [oidc.customFetch]: trustingFetch } as oidc.DiscoveryRequestOptions);
    config[oidc.customFetch] = trustingFetch;
    assert.equal(config.serverMetadata().issuer, s.deps.issuer(poolId));
    assert.equal(config.serverMetadata().authorization_endpoint, `${base}/oauth2/authorize`);

    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    // The browser's first hop: /oauth2/authorize sends it on to the sign-in page with the same parameters.
    const hop = await raw(authorizationUrl.href, { ca });
    assert.equal(hop.status, 302);
    const login = new URL(hop.headers.location!);
    assert.equal(`${login.origin}${login.pathname}`, `${base}/login`);
    // The person signs in on the page, which ends the request (what the managed-login pages do on success).
    const check = await checkAuthorizeRequest(s.deps, (await s.store.pools.get(poolId))!, login.searchParams);
    assert.ok(check.ok);
    const pool = (await s.store.pools.get(poolId))!;
    const callback = await completeAuthorization({ deps: s.deps, keys: s.keys, pool }, check.request, { username: 'alice', authTime: s.clock.now() });

    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const claims = tokens.claims()!;
    assert.equal(claims.iss, s.deps.issuer(poolId));
    assert.equal(claims.email, 'alice@example.com');
    assert.ok(tokens.refresh_token);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.ok(refreshed.access_token);
    assert.notEqual(refreshed.access_token, tokens.access_token);

    const info = await oidc.fetchUserInfo(config, refreshed.access_token, claims.sub);
    assert.equal(info.email, 'alice@example.com');
    assert.equal(info.username, 'alice');
  });

  it('client_credentials with custom scopes: a plain request; aws-jwt-verify checks the token against the HTTPS JWKS', async () => {
    await sdk.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'orders', Name: 'orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read orders' }] }));
    const m2m = await oauthClient({ ...s, client: sdk }, poolId, { GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'], CallbackURLs: undefined });
    const r = await trustingFetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${m2m.clientId}:${m2m.clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials&scope=orders%2Fread',
    });
    assert.equal(r.status, 200);
    const { access_token } = (await r.json()) as { access_token: string };
    const verifier = JwtRsaVerifier.create(
      { issuer: s.deps.issuer(poolId), audience: null, jwksUri: `${s.deps.issuer(poolId)}/.well-known/jwks.json`, scope: 'orders/read' },
      { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await trustingFetch(uri, {})).arrayBuffer() } }) },
    );
    const payload = await verifier.verify(access_token);
    assert.equal(payload.client_id, m2m.clientId);
    assert.equal(payload.token_use, 'access');
    assert.ok(payload.iss!.startsWith('https://'));
  });
});
