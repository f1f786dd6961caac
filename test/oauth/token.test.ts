import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CreateResourceServerCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { verifierFor } from '../helpers/fixtures.js';
import { checkAuthorizeRequest } from '../../src/domain/oauth/authorize.js';
import { completeAuthorization } from '../../src/domain/oauth/complete.js';
import { CALLBACK, LOGOUT, authorizeQuery, oauthClient, oauthPool, raw, type OAuthPool } from './helpers.js';

const VERIFIER = 'dBjftJeZ4CVP-mJ92K9bUYo7y4vOtvTqZiBx2w4cVQkQ'.padEnd(43, 'x');
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

describe('pool domain: /oauth2/token, /oauth2/userInfo, /oauth2/revoke, /logout and discovery', () => {
  let s: TestServer;
  let p: OAuthPool;
  before(async () => {
    s = await startTestServer();
    p = await oauthPool(s);
  });
  after(async () => s.stop());

  /** A code as the pages would get it for alice (PKCE S256 with VERIFIER unless `more` says otherwise). */
  async function codeFor(pool: OAuthPool, more: Record<string, string> = {}): Promise<string> {
    const q = authorizeQuery(pool, { scope: 'openid email aws.cognito.signin.user.admin', nonce: 'n-0S6', code_challenge: CHALLENGE, code_challenge_method: 'S256', ...more });
    const check = await checkAuthorizeRequest(s.deps, pool.ctx.pool, new URLSearchParams(q));
    assert.ok(check.ok, JSON.stringify(check));
    const location = new URL(await completeAuthorization(pool.ctx, check.request, { username: 'alice', authTime: s.clock.now() }));
    return location.searchParams.get('code')!;
  }

  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    raw(`${p.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
  const exchange = (code: string, more: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    post('/oauth2/token', { grant_type: 'authorization_code', client_id: p.clientId, code, redirect_uri: CALLBACK, code_verifier: VERIFIER, ...more }, headers);
  const errorOf = (r: { status: number; body: string }) => ({ status: r.status, ...(JSON.parse(r.body) as object) });

  it('exchanges a code (PKCE) for ID, access and refresh tokens that aws-jwt-verify accepts; refreshes keep the scopes; userInfo answers', async () => {
    const r = await exchange(await codeFor(p));
    assert.equal(r.status, 200, r.body);
    assert.equal(r.headers['cache-control'], 'no-store');
    const body = JSON.parse(r.body);
    assert.deepEqual(Object.keys(body), ['id_token', 'access_token', 'refresh_token', 'expires_in', 'token_type']);
    assert.equal(body.token_type, 'Bearer');
    const access = await verifierFor(s, p.poolId, 'access', p.clientId).verify(body.access_token);
    assert.equal(access.scope, 'openid email aws.cognito.signin.user.admin');
    const id = await verifierFor(s, p.poolId, 'id', p.clientId).verify(body.id_token);
    assert.equal(id.nonce, 'n-0S6');
    assert.equal(id['cognito:username'], 'alice');
    // With aws.cognito.signin.user.admin the access token works for the user operations of the API.
    const user = await s.client.send(new GetUserCommand({ AccessToken: body.access_token }));
    assert.equal(user.Username, 'alice');

    const refreshed = await post('/oauth2/token', { grant_type: 'refresh_token', client_id: p.clientId, refresh_token: body.refresh_token });
    assert.equal(refreshed.status, 200, refreshed.body);
    const again = JSON.parse(refreshed.body);
    assert.deepEqual(Object.keys(again), ['id_token', 'access_token', 'expires_in', 'token_type']);
    assert.equal((await verifierFor(s, p.poolId, 'access', p.clientId).verify(again.access_token)).scope, 'openid email aws.cognito.signin.user.admin');

    const info = await raw(`${p.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${again.access_token}` } });
    assert.equal(info.status, 200, info.body);
    assert.deepEqual(JSON.parse(info.body), { sub: access.sub, email: 'alice@example.com', email_verified: 'true', username: 'alice' });

    const revoked = await post('/oauth2/revoke', { token: body.refresh_token, client_id: p.clientId });
    assert.equal(revoked.status, 200, revoked.body);
    assert.deepEqual(errorOf(await post('/oauth2/token', { grant_type: 'refresh_token', client_id: p.clientId, refresh_token: body.refresh_token })), { status: 400, error: 'invalid_grant' });
    assert.equal((await raw(`${p.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${again.access_token}` } })).status, 401, 'revoked with its family');
  });

  it('wrong PKCE verifier → invalid_grant, and the code is used up', async () => {
    const code = await codeFor(p);
    assert.deepEqual(errorOf(await exchange(code, { code_verifier: 'x'.repeat(43) })), { status: 400, error: 'invalid_grant' });
    assert.deepEqual(errorOf(await exchange(code, { code_verifier: '' })), { status: 400, error: 'invalid_grant' });
    assert.deepEqual(errorOf(await exchange(await codeFor(p), { code_verifier: '' })), { status: 400, error: 'invalid_grant' }, 'no verifier for a PKCE code');
  });

  it('replayed code → invalid_grant (single use), also under concurrent requests', async () => {
    const code = await codeFor(p);
    assert.equal((await exchange(code)).status, 200);
    assert.deepEqual(errorOf(await exchange(code)), { status: 400, error: 'invalid_grant' });
    const racing = await codeFor(p);
    const results = await Promise.all(Array.from({ length: 8 }, () => exchange(racing)));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(results.filter((r) => r.status !== 200).every((r) => JSON.parse(r.body).error === 'invalid_grant'));
  });

  it('code used by another client → invalid_grant; with another registered redirect_uri → invalid_grant; an unregistered one → unauthorized_client', async () => {
    const other = await oauthClient(s, p.poolId);
    assert.deepEqual(errorOf(await exchange(await codeFor(p), { client_id: other.clientId })), { status: 400, error: 'invalid_grant' });
    assert.deepEqual(errorOf(await exchange(await codeFor(p), { redirect_uri: 'http://localhost:3000/' })), { status: 400, error: 'invalid_grant' });
    assert.deepEqual(errorOf(await exchange(await codeFor(p), { redirect_uri: `${CALLBACK}/` })), { status: 400, error: 'unauthorized_client' });
  });

  it('an expired code (5 minutes) → invalid_grant', async () => {
    const code = await codeFor(p);
    s.clock.advance(5 * 60_000);
    assert.deepEqual(errorOf(await exchange(code)), { status: 400, error: 'invalid_grant' });
  });

  it("request and client errors: Cognito's values and statuses", async () => {
    assert.deepEqual(errorOf(await post('/oauth2/token', { client_id: p.clientId })), { status: 400, error: 'invalid_request' });
    assert.deepEqual(errorOf(await post('/oauth2/token', { grant_type: 'password', client_id: p.clientId })), { status: 400, error: 'unsupported_grant_type' });
    assert.deepEqual(errorOf(await post('/oauth2/token', { grant_type: 'authorization_code', client_id: 'nope', code: 'x', redirect_uri: CALLBACK })), { status: 400, error: 'invalid_client' });
    assert.deepEqual(errorOf(await exchange('not-a-code')), { status: 400, error: 'invalid_grant' });
    assert.deepEqual(errorOf(await post('/oauth2/token', { grant_type: 'authorization_code', client_id: p.clientId, redirect_uri: CALLBACK })), { status: 400, error: 'invalid_request' });
    const implicitOnly = await oauthClient(s, p.poolId, { AllowedOAuthFlows: ['implicit'] });
    assert.deepEqual(errorOf(await exchange('x', { client_id: implicitOnly.clientId })), { status: 400, error: 'unauthorized_client' });
    const confidential = await oauthClient(s, p.poolId, { GenerateSecret: true });
    const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
    const wrong = await exchange(await codeFor({ ...p, clientId: confidential.clientId }), { client_id: '' }, basic(confidential.clientId, 'wrong'));
    assert.deepEqual(errorOf(wrong), { status: 401, error: 'invalid_client' });
    assert.equal(wrong.headers['www-authenticate'], 'Basic');
    assert.deepEqual(errorOf(await exchange(await codeFor({ ...p, clientId: confidential.clientId }), { client_id: confidential.clientId })), { status: 400, error: 'invalid_client' }, 'no secret');
    const ok = await exchange(await codeFor({ ...p, clientId: confidential.clientId }), { client_id: '' }, basic(confidential.clientId, confidential.clientSecret!));
    assert.equal(ok.status, 200, ok.body);
    const inBody = await exchange(await codeFor({ ...p, clientId: confidential.clientId }), { client_id: confidential.clientId, client_secret: confidential.clientSecret! });
    assert.equal(inBody.status, 200, inBody.body);
  });

  it('client_credentials: custom scopes of the resource servers, a secret required; aws-jwt-verify accepts the token', async () => {
    await s.client.send(
      new CreateResourceServerCommand({ UserPoolId: p.poolId, Identifier: 'https://api.example', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }, { ScopeName: 'write', ScopeDescription: 'w' }] }),
    );
    const m2m = await oauthClient(s, p.poolId, { GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['https://api.example/read', 'https://api.example/write'], CallbackURLs: undefined });
    const basic = { authorization: `Basic ${Buffer.from(`${m2m.clientId}:${m2m.clientSecret}`).toString('base64')}` };
    const r = await post('/oauth2/token', { grant_type: 'client_credentials', scope: 'https://api.example/read' }, basic);
    assert.equal(r.status, 200, r.body);
    const body = JSON.parse(r.body);
    assert.deepEqual(Object.keys(body), ['access_token', 'expires_in', 'token_type']);
    const claims = await verifierFor(s, p.poolId, 'access', m2m.clientId).verify(body.access_token);
    assert.equal(claims.scope, 'https://api.example/read');
    assert.equal(claims.sub, m2m.clientId);
    assert.equal(claims.version, 2);
    const all = JSON.parse((await post('/oauth2/token', { grant_type: 'client_credentials' }, basic)).body);
    assert.equal((await verifierFor(s, p.poolId, 'access', m2m.clientId).verify(all.access_token)).scope, 'https://api.example/read https://api.example/write');
    assert.deepEqual(errorOf(await post('/oauth2/token', { grant_type: 'client_credentials', scope: 'https://api.example/admin' }, basic)), { status: 400, error: 'invalid_scope' });
    assert.deepEqual(errorOf(await post('/oauth2/token', { grant_type: 'client_credentials', scope: 'openid' }, basic)), { status: 400, error: 'invalid_scope' });
    assert.deepEqual(errorOf(await post('/oauth2/token', { grant_type: 'client_credentials', client_id: p.clientId })), { status: 400, error: 'unauthorized_client' });
    const publicM2m = await oauthClient(s, p.poolId, { AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['https://api.example/read'] });
    assert.deepEqual(errorOf(await post('/oauth2/token', { grant_type: 'client_credentials', client_id: publicM2m.clientId })), { status: 400, error: 'invalid_client' });
  });

  it('userInfo: 400 without a bearer token, 401 for a token without openid or not a token', async () => {
    assert.equal((await raw(`${p.base}/oauth2/userInfo`)).status, 400);
    const bad = await raw(`${p.base}/oauth2/userInfo`, { headers: { authorization: 'Bearer not.a.token' } });
    assert.equal(bad.status, 401);
    assert.equal(JSON.parse(bad.body).error, 'invalid_token');
    const noOpenid = JSON.parse((await exchange(await codeFor(p, { scope: 'email aws.cognito.signin.user.admin' }))).body);
    assert.equal(noOpenid.id_token, undefined, 'no ID token without openid');
    assert.equal((await raw(`${p.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${noOpenid.access_token}` } })).status, 401);
  });

  it("/logout: Cognito's two forms clear the SSO cookie; unregistered URLs get the error page", async () => {
    const out = await raw(`${p.base}/logout?client_id=${p.clientId}&logout_uri=${encodeURIComponent(LOGOUT)}`);
    assert.equal(out.status, 302);
    assert.equal(out.headers.location, LOGOUT);
    assert.deepEqual(out.headers['set-cookie'], [`cognito=; Path=/_domain/${p.prefix}/; Max-Age=0; HttpOnly; SameSite=Lax`]);
    const relogin = await raw(`${p.base}/logout?client_id=${p.clientId}&redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code&state=s1`);
    assert.equal(relogin.headers.location, `${p.base}/login?client_id=${p.clientId}&redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code&state=s1`);
    assert.equal((await raw(`${p.base}/logout?client_id=${p.clientId}&logout_uri=${encodeURIComponent('https://evil.example/')}`)).status, 400);
    assert.equal((await raw(`${p.base}/logout?client_id=nope&logout_uri=${encodeURIComponent(LOGOUT)}`)).status, 400);
  });

  it('discovery: the issuer is the tokens\' iss, endpoints on the domain', async () => {
    const doc = JSON.parse((await raw(`${s.url}/${p.poolId}/.well-known/openid-configuration`)).body);
    assert.equal(doc.issuer, s.deps.issuer(p.poolId));
    assert.equal(doc.authorization_endpoint, `${p.base}/oauth2/authorize`);
    assert.equal(doc.token_endpoint, `${p.base}/oauth2/token`);
    assert.equal(doc.userinfo_endpoint, `${p.base}/oauth2/userInfo`);
  });

  it('answers CORS preflights of the token endpoint for any origin; pages never', async () => {
    const pre = await raw(`${p.base}/oauth2/token`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'http://localhost:3000');
    assert.equal((await raw(`${p.base}/oauth2/authorize`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000' } })).status, 404);
  });
});
