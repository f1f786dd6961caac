import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { attrs, attrsOf, verifierFor } from '../helpers/fixtures.js';
import { APP_CALLBACK, authorizeUrl, Browser, federatedPools, federatedSignIn, PROVIDER, type RelyingPool } from './helpers.js';

/**
 * Issue 19 item 6: federated sign-in through an OIDC identity provider, black-box. A second pool of the same cognate
 * is the external provider (its own domain, discovery, JWKS, token and userInfo endpoints, and its own sign-in page);
 * the app's pool names it as an OIDC IdP. A browser (fetch with a cookie jar) goes authorize → the provider's sign-in
 * → /oauth2/idpresponse → the app's callback with a code, which the token endpoint exchanges.
 */
describe('federation: OIDC identity provider (a second cognate pool)', () => {
  let s: TestServer;
  let rp: RelyingPool;
  before(async () => {
    s = await startTestServer();
    rp = await federatedPools(s);
  });
  after(async () => {
    await s.stop();
  });

  async function exchange(code: string): Promise<Record<string, any>> {
    const res = await fetch(`${rp.base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: rp.clientId, code, redirect_uri: APP_CALLBACK }).toString(),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as Record<string, any>;
  }

  it('authorize with identity_provider sends the browser to the provider with its client_id, idpresponse, scopes, a state and a nonce', async () => {
    const browser = new Browser();
    const { res } = await browser.get(authorizeUrl(rp, { identity_provider: PROVIDER }));
    assert.equal(res.status, 302);
    const to = new URL(res.headers.get('location')!);
    const discovery = (await (await fetch(`${rp.upstream.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string };
    assert.equal(`${to.origin}${to.pathname}`, discovery.authorization_endpoint);
    assert.equal(to.searchParams.get('client_id'), rp.upstream.clientId);
    assert.equal(to.searchParams.get('redirect_uri'), `${rp.base}/oauth2/idpresponse`);
    assert.equal(to.searchParams.get('response_type'), 'code');
    assert.equal(to.searchParams.get('scope'), 'openid email profile');
    assert.match(to.searchParams.get('state')!, /^[A-Za-z0-9_-]{43}$/);
    assert.match(to.searchParams.get('nonce')!, /^[A-Za-z0-9_-]{43}$/);
    // The app's own parameters and the client secret stay on this side.
    assert.ok(!to.search.includes('app-state'));
    assert.ok(!to.search.includes(rp.clientId));
    assert.ok(!to.search.includes(encodeURIComponent(rp.upstream.clientSecret)) && !to.search.includes(rp.upstream.clientSecret));
    assert.ok(browser.has('cognate-federation'), 'the state is bound to this browser by a cookie');
  });

  it('a first sign-in creates Upstream_<sub>: EXTERNAL_PROVIDER, mapped attributes, identities; the app gets a code and tokens', async () => {
    const end = await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER, nonce: 'app-nonce' } });
    const callback = new URL(end.url);
    assert.equal(`${callback.origin}${callback.pathname}`, APP_CALLBACK, `ended at ${end.url} ${end.body ?? ''}`);
    assert.equal(callback.searchParams.get('state'), 'app-state');
    const tokens = await exchange(callback.searchParams.get('code')!);
    const username = `${PROVIDER}_${rp.upstream.sub}`;

    const id = await verifierFor(s, rp.poolId, 'id', rp.clientId).verify(tokens.id_token);
    assert.equal(id['cognito:username'], username);
    assert.equal(id.email, 'bob@upstream.example');
    assert.equal(id.name, 'Bob Upstream');
    assert.equal(id.nonce, 'app-nonce');
    const identities = id.identities as Array<Record<string, unknown>>;
    assert.equal(identities.length, 1);
    assert.equal(identities[0]!.userId, rp.upstream.sub);
    assert.equal(identities[0]!.providerName, PROVIDER);
    assert.equal(identities[0]!.providerType, 'OIDC');
    assert.equal(identities[0]!.issuer, rp.upstream.issuer);
    assert.equal(identities[0]!.primary, 'true');

    const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: rp.poolId, Username: username }));
    assert.equal(user.Username, username);
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
    assert.equal(user.Enabled, true);
    const a = attrsOf(user.UserAttributes);
    assert.equal(a.email, 'bob@upstream.example');
    assert.equal(a.name, 'Bob Upstream');
    assert.notEqual(a.sub, rp.upstream.sub, 'the federated user has a sub of its own');
    const entry = JSON.parse(a.identities!)[0];
    assert.deepEqual(Object.keys(entry), ['userId', 'providerName', 'providerType', 'issuer', 'primary', 'dateCreated']);
    assert.equal(entry.primary, true);
    assert.equal(entry.dateCreated, s.clock.now());
    const listed = await s.client.send(new ListUsersCommand({ UserPoolId: rp.poolId }));
    assert.deepEqual(listed.Users!.map((u) => [u.Username, u.UserStatus]), [[username, 'EXTERNAL_PROVIDER']]);
  });

  it('a later sign-in is the same user, with the mapped attributes as the provider now has them', async () => {
    await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: rp.upstream.poolId, Username: 'bob', UserAttributes: attrs({ name: 'Robert Upstream' }) }));
    const end = await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } });
    assert.ok(new URL(end.url).searchParams.get('code'), end.url);
    const listed = await s.client.send(new ListUsersCommand({ UserPoolId: rp.poolId }));
    assert.equal(listed.Users!.length, 1);
    assert.equal(attrsOf(listed.Users![0]!.Attributes).name, 'Robert Upstream');
  });

  it('response_type=token: the tokens come in the fragment, as after a managed-login sign-in', async () => {
    const end = await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER, response_type: 'token' } });
    const fragment = new URLSearchParams(new URL(end.url).hash.slice(1));
    assert.ok(fragment.get('access_token'), end.url);
    assert.equal(fragment.get('state'), 'app-state');
  });
});
