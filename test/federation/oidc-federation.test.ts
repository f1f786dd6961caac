import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminDisableProviderForUserCommand,
  AdminInitiateAuthCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminUpdateUserAttributesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { attrs, attrsOf, createClient, createConfirmedUser, outbox, PASSWORD, verifierFor } from '../helpers/fixtures.js';
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

  it('the sign-in starts a managed-login session: a later authorize of the same browser comes straight back signed in', async () => {
    const browser = new Browser();
    assert.ok(new URL((await federatedSignIn(browser, rp, { query: { identity_provider: PROVIDER } })).url).searchParams.get('code'));
    const again = await browser.follow(authorizeUrl(rp), APP_CALLBACK);
    const code = new URL(again.url).searchParams.get('code');
    assert.ok(code, `stopped at ${again.url}`);
    const id = await verifierFor(s, rp.poolId, 'id', rp.clientId).verify((await exchange(code)).id_token);
    assert.equal(id['cognito:username'], `${PROVIDER}_${rp.upstream.sub}`);
  });

  it('response_type=token: the tokens come in the fragment, as after a managed-login sign-in', async () => {
    const end = await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER, response_type: 'token' } });
    const fragment = new URLSearchParams(new URL(end.url).hash.slice(1));
    assert.ok(fragment.get('access_token'), end.url);
    assert.equal(fragment.get('state'), 'app-state');
  });
});

describe('federation: linked users, the provider as the only way in, the sign-in page', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    await s.stop();
  });

  it('AdminLinkProviderForUser: the identity signs in as the linked native user; after AdminDisableProviderForUser it no longer does', async () => {
    const rp = await federatedPools(s);
    await createConfirmedUser(s, rp.poolId, 'alice', { email: 'alice@app.example' });
    const identity = { ProviderName: PROVIDER, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: rp.upstream.sub };
    await s.client.send(new AdminLinkProviderForUserCommand({ UserPoolId: rp.poolId, DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'alice' }, SourceUser: identity }));

    const linked = await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } });
    const code = new URL(linked.url).searchParams.get('code');
    assert.ok(code, linked.url);
    const tokens = await tokensFor(s, rp, code);
    assert.equal(tokens.idClaims['cognito:username'], 'alice');
    assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: rp.poolId }))).Users!.map((u) => u.Username), ['alice']);
    // The native user keeps its attributes: the mapping is not applied to a linked user.
    assert.equal(tokens.idClaims.email, 'alice@app.example');

    await s.client.send(new AdminDisableProviderForUserCommand({ UserPoolId: rp.poolId, User: identity }));
    const unlinked = await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } });
    const again = await tokensFor(s, rp, new URL(unlinked.url).searchParams.get('code')!);
    assert.equal(again.idClaims['cognito:username'], `${PROVIDER}_${rp.upstream.sub}`);
  });

  it('a federated user disabled by AdminDisableProviderForUser cannot sign in: the app is told', async () => {
    const rp = await federatedPools(s);
    assert.ok(new URL((await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } })).url).searchParams.get('code'));
    await s.client.send(
      new AdminDisableProviderForUserCommand({ UserPoolId: rp.poolId, User: { ProviderName: PROVIDER, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: rp.upstream.sub } }),
    );
    const end = new URL((await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } })).url);
    assert.equal(end.searchParams.get('error'), 'invalid_request');
    assert.equal(end.searchParams.get('error_description'), 'User is disabled.');
  });

  it('an email-as-username pool: the federated user is another user than the native one with its email address, who still signs in by it', async () => {
    const rp = await federatedPools(s, { pool: { UsernameAttributes: ['email'] } });
    await createConfirmedUser(s, rp.poolId, 'bob@upstream.example', { email: 'bob@upstream.example', email_verified: 'true' });
    const end = await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } });
    const tokens = await tokensFor(s, rp, new URL(end.url).searchParams.get('code'));
    assert.equal(tokens.idClaims['cognito:username'], `${PROVIDER}_${rp.upstream.sub}`);
    assert.equal(tokens.idClaims.email, 'bob@upstream.example');
    const users = (await s.client.send(new ListUsersCommand({ UserPoolId: rp.poolId }))).Users!;
    assert.equal(users.length, 2);
    const native = await s.client.send(
      new AdminInitiateAuthCommand({ UserPoolId: rp.poolId, ClientId: rp.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bob@upstream.example', PASSWORD } }),
    );
    const nativeId = JSON.parse(Buffer.from(native.AuthenticationResult!.IdToken!.split('.')[1]!, 'base64url').toString());
    assert.notEqual(nativeId['cognito:username'], `${PROVIDER}_${rp.upstream.sub}`);
    assert.equal(nativeId.identities, undefined);
  });

  it('a client whose only provider is external goes from /oauth2/authorize straight to it; idp_identifier works too', async () => {
    const rp = await federatedPools(s, { client: { SupportedIdentityProviders: [PROVIDER] }, idpIdentifiers: ['upstream.example'] });
    const direct = await new Browser().get(authorizeUrl(rp));
    assert.ok(direct.res.headers.get('location')!.startsWith(`${s.url}/_domain/upstream-`), direct.res.headers.get('location')!);
    const end = await federatedSignIn(new Browser(), rp, { query: { idp_identifier: 'upstream.example' } });
    assert.ok(new URL(end.url).searchParams.get('code'), end.url);
  });

  it('the sign-in page shows a button for each external provider of the client, and only the buttons without COGNITO', async () => {
    const rp = await federatedPools(s);
    const page = await new Browser().follow(authorizeUrl(rp), APP_CALLBACK);
    assert.match(page.body!, /Sign in with Upstream/);
    // The button is a GET form to /oauth2/authorize with the page's request and identity_provider: submit it as a browser would.
    const formHtml = /<form method="get" action="([^"]+)">((?:(?!<\/form>).)*Sign in with Upstream)/s.exec(page.body!)!;
    const fields = new URLSearchParams([...formHtml[2]!.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')]));
    assert.equal(fields.get('identity_provider'), PROVIDER);
    assert.equal(fields.get('state'), 'app-state');
    const viaButton = await new Browser().get(`${formHtml[1]}?${fields}`);
    assert.ok(viaButton.res.headers.get('location')!.startsWith(`${s.url}/_domain/upstream-`), viaButton.res.headers.get('location')!);
    assert.match(page.body!, /name="password"/);

    const only = await federatedPools(s, { client: { SupportedIdentityProviders: [PROVIDER] } });
    const login = await new Browser().get(`${only.base}/login?${new URL(authorizeUrl(only)).searchParams}`);
    assert.match(login.body, /Sign in with Upstream/);
    assert.doesNotMatch(login.body, /name="password"/);
    // Nor does a password posted to /login sign anyone in there (a user of the pool, with a valid CSRF token: the
    // browser's, from a page of a client of the same pool that does support COGNITO).
    await createConfirmedUser(s, only.poolId, 'carol', { email: 'carol@app.example', email_verified: 'true' });
    const { clientId: nativeClient } = await createClient(s, only.poolId, {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [APP_CALLBACK],
      SupportedIdentityProviders: ['COGNITO'],
    });
    const browser = new Browser();
    const nativeQuery = new URL(authorizeUrl({ ...only, clientId: nativeClient })).searchParams;
    const forgot = await browser.get(`${only.base}/forgotPassword?${nativeQuery}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(forgot.body)![1]!;
    const onlyQuery = new URL(authorizeUrl(only)).searchParams;
    const posted = await browser.post(`${only.base}/login?${onlyQuery}`, { _csrf: csrf, username: 'carol', password: PASSWORD, action: 'password' });
    assert.equal(posted.res.status, 400);
    assert.equal(posted.res.headers.get('location'), null);
    // Its native pages are not served: GETs go to the sign-in page, POSTs change nothing and send nothing.
    for (const path of ['/signup', '/confirmUser', '/forgotPassword', '/confirmForgotPassword', '/challenge']) {
      const got = await browser.get(`${only.base}${path}?${onlyQuery}`);
      assert.equal(got.res.status, 303, path);
      assert.equal(new URL(got.res.headers.get('location')!, s.url).pathname, `/_domain/${only.prefix}/login`, path);
    }
    const before = (await outbox(s, only.poolId)).length;
    const signUp = await browser.post(`${only.base}/signup?${onlyQuery}`, { _csrf: csrf, username: 'mallory', password: PASSWORD, email: 'mallory@app.example' });
    assert.equal(signUp.res.status, 400);
    assert.match(signUp.body, /Sign in with Upstream/);
    const forgotPost = await browser.post(`${only.base}/forgotPassword?${onlyQuery}`, { _csrf: csrf, username: 'carol' });
    assert.equal(forgotPost.res.status, 400);
    assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: only.poolId }))).Users!.map((u) => u.Username), ['carol']);
    assert.equal((await outbox(s, only.poolId)).length, before, 'no code was sent');
  });
});

async function tokensFor(s: TestServer, rp: RelyingPool, code: string | null): Promise<{ idClaims: Record<string, unknown> }> {
  const res = await fetch(`${rp.base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: rp.clientId, code: code ?? '', redirect_uri: APP_CALLBACK }).toString(),
  });
  assert.equal(res.status, 200);
  const tokens = (await res.json()) as { id_token: string };
  return { idClaims: (await verifierFor(s, rp.poolId, 'id', rp.clientId).verify(tokens.id_token)) as Record<string, unknown> };
}
