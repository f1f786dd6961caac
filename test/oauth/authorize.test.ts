import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { verifierFor } from '../helpers/fixtures.js';
import { checkAuthorizeRequest } from '../../src/domain/oauth/authorize.js';
import { completeAuthorization } from '../../src/domain/oauth/complete.js';
import { authorizeQuery, CALLBACK, oauthClient, oauthPool, raw, type OAuthPool } from './helpers.js';

describe('pool domain: routing by Host and by /_domain/<name>, and /oauth2/authorize', () => {
  let s: TestServer;
  let p: OAuthPool;
  before(async () => {
    s = await startTestServer();
    p = await oauthPool(s);
  });
  after(async () => s.stop());

  const port = () => new URL(s.url).port;

  it('sends a valid request on to /login with the same parameters (loopback path form)', async () => {
    const q = authorizeQuery(p, { scope: 'openid email', state: 'st-1', nonce: 'n-1', lang: 'fr' });
    const r = await raw(`${p.base}/oauth2/authorize?${q}`);
    assert.equal(r.status, 302);
    assert.equal(r.headers.location, `${p.base}/login?${q}`);
    assert.equal(r.headers['cache-control'], 'no-store');
  });

  it('finds the domain by Host: <prefix>.auth.<region>.localhost, <prefix>.localhost, the amazoncognito.com name, a custom domain', async () => {
    const custom = `auth${Math.floor(s.clock.now() / 1000) % 100000}.example.com`;
    await s.client.send(
      new CreateUserPoolDomainCommand({ UserPoolId: p.poolId, Domain: custom, CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' } }),
    );
    for (const name of [`${p.prefix}.auth.us-east-1.localhost`, `${p.prefix}.localhost`, `${p.prefix}.auth.us-east-1.amazoncognito.com`, custom]) {
      const host = `${name}:${port()}`;
      const r = await raw(`${s.url}/oauth2/authorize?${authorizeQuery(p)}`, { headers: { host } });
      assert.equal(r.status, 302, name);
      assert.equal(r.headers.location, `http://${host}/login?${authorizeQuery(p)}`, name);
    }
  });

  it('answers an unknown domain of the path form with a 404 page; a Host that names no domain reaches the rest of the server', async () => {
    const r = await raw(`${s.url}/_domain/nobody-here/oauth2/authorize?${authorizeQuery(p)}`);
    assert.equal(r.status, 404);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    const health = await raw(`${s.url}/health`, { headers: { host: `unknown.example.org:${port()}` } });
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
    const notARoute = await raw(`${p.base}/no/such/page`);
    assert.equal(notARoute.status, 404);
  });

  it('shows the error page, never the app, for an unknown client or a redirect_uri not among the CallbackURLs', async () => {
    const wrongUri = await raw(`${p.base}/oauth2/authorize?${authorizeQuery(p, { redirect_uri: 'https://evil.example/cb' })}`);
    assert.equal(wrongUri.status, 302);
    assert.equal(wrongUri.headers.location, `${p.base}/error?error=redirect_mismatch&client_id=${p.clientId}`);
    // Exact match: a trailing slash more is another URL (Cognito's redirect_mismatch for it is well known).
    const slash = await raw(`${p.base}/oauth2/authorize?${authorizeQuery(p, { redirect_uri: `${CALLBACK}/` })}`);
    assert.equal(slash.headers.location, `${p.base}/error?error=redirect_mismatch&client_id=${p.clientId}`);
    const unknown = await raw(`${p.base}/oauth2/authorize?${authorizeQuery(p, { client_id: 'nosuchclient' })}`);
    assert.equal(unknown.headers.location, `${p.base}/error?error=invalid_request&client_id=nosuchclient`);
    const page = await raw(wrongUri.headers.location!);
    assert.equal(page.status, 400);
    assert.match(page.body, /An error was encountered with the requested page\./);
    assert.match(page.body, /<code id="error">redirect_mismatch<\/code>/);
  });

  it('refuses a client without AllowedOAuthFlowsUserPoolClient on the error page', async () => {
    const { clientId } = await oauthClient(s, p.poolId, { AllowedOAuthFlowsUserPoolClient: false, AllowedOAuthFlows: undefined, AllowedOAuthScopes: undefined });
    const r = await raw(`${p.base}/oauth2/authorize?${authorizeQuery({ ...p, clientId })}`);
    assert.equal(r.headers.location, `${p.base}/error?error=unauthorized_client&client_id=${clientId}`);
  });

  it("sends other errors back to the app with Cognito's error values and the state", async () => {
    const codeOnly = await oauthClient(s, p.poolId, { AllowedOAuthFlows: ['code'] });
    const cases: Array<[Record<string, string>, string, string?]> = [
      [{ response_type: 'id_token' }, `${CALLBACK}?error=unsupported_response_type&state=s`],
      [{ response_type: '' }, `${CALLBACK}?error=invalid_request&state=s`],
      [{ scope: 'openid phone' }, `${CALLBACK}?error=invalid_scope&state=s`],
      [{ scope: 'openid', response_type: 'token' }, `${CALLBACK}#error=unauthorized_client&state=s`, codeOnly.clientId],
      [{ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }, `${CALLBACK}?error=invalid_request&state=s`],
      [{ code_challenge: 'short', code_challenge_method: 'S256' }, `${CALLBACK}?error=invalid_request&state=s`],
      [{ code_challenge_method: 'S256' }, `${CALLBACK}?error=invalid_request&state=s`],
      [{ identity_provider: 'Google' }, `${CALLBACK}?error=unauthorized_client&state=s`],
    ];
    for (const [params, expected, clientId] of cases) {
      const r = await raw(`${p.base}/oauth2/authorize?${authorizeQuery({ ...p, clientId: clientId ?? p.clientId }, { state: 's', ...params })}`);
      assert.equal(r.status, 302, JSON.stringify(params));
      assert.equal(r.headers.location, expected, JSON.stringify(params));
    }
  });

  it('grants the requested scopes in the client order, or all of AllowedOAuthScopes when none is asked for', async () => {
    const check = async (more: Record<string, string>) => {
      const c = await checkAuthorizeRequest(s.deps, p.ctx.pool, new URLSearchParams(authorizeQuery(p, more)));
      assert.ok(c.ok);
      return c.request.scopes;
    };
    assert.deepEqual(await check({ scope: 'email openid' }), ['openid', 'email']);
    assert.deepEqual(await check({}), ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin']);
  });

  it('completeAuthorization (code flow): a redirect with a fresh code and the state; the code is stored only hashed, bound to the request', async () => {
    const params = new URLSearchParams(authorizeQuery(p, { scope: 'openid email', state: 'xyz', nonce: 'nn', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }));
    const check = await checkAuthorizeRequest(s.deps, p.ctx.pool, params);
    assert.ok(check.ok);
    const location = new URL(await completeAuthorization(p.ctx, check.request, { username: 'alice', authTime: s.clock.now() }));
    assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
    assert.equal(location.searchParams.get('state'), 'xyz');
    const code = location.searchParams.get('code')!;
    assert.match(code, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(await s.store.authorizationCodes.take(code, s.clock.now()), undefined, 'not stored under the code itself');
    const stored = await s.store.authorizationCodes.take(s.deps.hashSecret(code), s.clock.now());
    assert.equal(stored!.clientId, p.clientId);
    assert.equal(stored!.redirectUri, CALLBACK);
    assert.deepEqual(stored!.scopes, ['openid', 'email']);
    assert.equal(stored!.nonce, 'nn');
    assert.equal(stored!.codeChallenge, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    assert.equal(stored!.usernameKey, 'alice');
    assert.equal(stored!.expiresAt - stored!.createdAt, 5 * 60_000);
  });

  it('completeAuthorization (implicit flow): tokens in the fragment with the granted scopes and the nonce, verified by aws-jwt-verify', async () => {
    const params = new URLSearchParams(authorizeQuery(p, { response_type: 'token', scope: 'openid email', state: 'st', nonce: 'the-nonce' }));
    const check = await checkAuthorizeRequest(s.deps, p.ctx.pool, params);
    assert.ok(check.ok);
    const authTime = s.clock.now() - 30_000;
    const location = await completeAuthorization(p.ctx, check.request, { username: 'alice', authTime });
    assert.ok(location.startsWith(`${CALLBACK}#`));
    const fragment = new URLSearchParams(location.slice(location.indexOf('#') + 1));
    assert.deepEqual([...fragment.keys()], ['id_token', 'access_token', 'expires_in', 'token_type', 'state']);
    assert.equal(fragment.get('token_type'), 'Bearer');
    assert.equal(fragment.get('expires_in'), '3600');
    const access = await verifierFor(s, p.poolId, 'access', p.clientId).verify(fragment.get('access_token')!);
    assert.equal(access.scope, 'openid email');
    assert.equal(access.auth_time, Math.floor(authTime / 1000));
    const id = await verifierFor(s, p.poolId, 'id', p.clientId).verify(fragment.get('id_token')!);
    assert.equal(id.nonce, 'the-nonce');
    assert.equal(id.email, 'alice@example.com');
    assert.equal(id.name, undefined, 'email without profile: only the email attributes');
  });

  it('leaves the API alone: requests with X-Amz-Target to a domain Host still reach the API', async () => {
    const r = await raw(`${s.url}/`, {
      method: 'POST',
      headers: { host: `${p.prefix}.localhost:${port()}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: JSON.stringify({ AccessToken: 'nope' }),
    });
    assert.equal(r.status, 400);
    assert.equal(JSON.parse(r.body).__type, 'NotAuthorizedException');
  });
});
