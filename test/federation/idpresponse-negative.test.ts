import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { AdminDeleteUserCommand, CreateIdentityProviderCommand, CreateUserPoolDomainCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createPool } from '../helpers/fixtures.js';
import { PROVIDER_MAX_BYTES, PROVIDER_TIMEOUT_MS } from '../../src/domain/federation/outbound.js';
import { APP_CALLBACK, Browser } from './helpers.js';
import { startRogueProvider, type RogueProvider } from './rogue-provider.js';

/**
 * What /oauth2/authorize and /oauth2/idpresponse refuse, against a provider the test controls (./rogue-provider.ts):
 * states that are forged, replayed or carried to another browser end on the domain's error page (the app cannot be
 * told: the request is not known); everything that goes wrong once the state is known (the provider's errors, an ID
 * token with the wrong nonce, issuer, audience, signature or expiry, a provider that floods or hangs) goes back to the
 * app's redirect_uri with `error` and `error_description`, as Cognito's "Managed login and federation error
 * responses" describe, and creates no user.
 */
const SAML_METADATA = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example/saml"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;

describe('federation: refused states, bad ID tokens and misbehaving providers', () => {
  let s: TestServer;
  let rogue: RogueProvider;
  let poolId: string;
  let clientId: string;
  let cognitoOnlyClientId: string;
  let base: string;
  before(async () => {
    s = await startTestServer();
    rogue = await startRogueProvider(() => Math.floor(s.clock.now() / 1000));
    poolId = await createPool(s);
    await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'rogue-app' }));
    await s.client.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Rogue',
        ProviderType: 'OIDC',
        ProviderDetails: { client_id: rogue.clientId, client_secret: 'rogue-secret', authorize_scopes: 'openid email', oidc_issuer: rogue.url, attributes_request_method: 'GET' },
        AttributeMapping: { email: 'email' },
        IdpIdentifiers: ['rogue.example'],
      }),
    );
    await s.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'SAML', ProviderDetails: { MetadataFile: SAML_METADATA } }));
    const oauth = { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const], AllowedOAuthScopes: ['openid', 'email'], CallbackURLs: [APP_CALLBACK] };
    clientId = (await createClient(s, poolId, { ...oauth, SupportedIdentityProviders: ['COGNITO', 'Rogue', 'Corp'] })).clientId;
    cognitoOnlyClientId = (await createClient(s, poolId, { ...oauth, SupportedIdentityProviders: ['COGNITO'] })).clientId;
    base = `${s.url}/_domain/rogue-app`;
  });
  after(async () => {
    await rogue.close();
    await s.stop();
  });
  beforeEach(() => {
    rogue.answer = undefined;
    s.deps.outboundFetch = undefined;
  });

  const authorize = (more: Record<string, string>, client = clientId) =>
    `${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: client, redirect_uri: APP_CALLBACK, state: 'app-state', ...more })}`;

  /** The app's authorize request, up to cognate's redirect to the provider: the state and nonce it sent there. */
  async function begin(browser: Browser): Promise<{ state: string }> {
    const { res } = await browser.get(authorize({ identity_provider: 'Rogue' }));
    assert.equal(res.status, 302);
    const to = new URL(res.headers.get('location')!);
    assert.equal(`${to.origin}${to.pathname}`, `${rogue.url}/authorize`);
    rogue.nonce = to.searchParams.get('nonce')!;
    return { state: to.searchParams.get('state')! };
  }

  const idpResponse = (browser: Browser, query: Record<string, string>) => browser.get(`${base}/oauth2/idpresponse?${new URLSearchParams(query)}`);

  /** Where the app's callback was sent with an error: its error, error_description and state. */
  function appError(res: Response): Record<string, string | null> {
    assert.equal(res.status, 302);
    const to = new URL(res.headers.get('location')!);
    assert.equal(`${to.origin}${to.pathname}`, APP_CALLBACK);
    assert.equal(to.searchParams.get('code'), null);
    return { error: to.searchParams.get('error'), error_description: to.searchParams.get('error_description'), state: to.searchParams.get('state') };
  }

  const errorPageCode = (body: string) => /<code id="error">([^<]*)<\/code>/.exec(body)?.[1];

  async function noUsers(): Promise<void> {
    assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users, []);
  }

  it('a valid answer of the rogue provider signs in (the baseline the refusals below differ from), with client_secret_post', async () => {
    const browser = new Browser();
    const { state } = await begin(browser);
    const { res } = await idpResponse(browser, { code: 'c-1', state });
    const to = new URL(res.headers.get('location')!);
    assert.ok(to.searchParams.get('code'), res.headers.get('location')!);
    const sent = rogue.tokenRequests.at(-1)!;
    assert.equal(sent.get('client_secret'), 'rogue-secret');
    assert.equal(sent.get('client_id'), rogue.clientId);
    assert.equal(sent.get('code'), 'c-1');
    assert.equal(sent.get('redirect_uri'), `${base}/oauth2/idpresponse`);
    const users = (await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users!;
    assert.deepEqual(users.map((u) => u.Username), ['Rogue_rogue-user-1']);
    // The refusals below must create no user: start them from none.
    await s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'Rogue_rogue-user-1' }));
  });

  it('forged and missing states end on the error page, not at the app', async () => {
    const browser = new Browser();
    await begin(browser);
    const forged = await idpResponse(browser, { code: 'c', state: 'A'.repeat(43) });
    assert.equal(forged.res.status, 400);
    assert.equal(errorPageCode(forged.body), 'invalid_state');
    const missing = await idpResponse(browser, { code: 'c' });
    assert.equal(missing.res.status, 400);
    assert.equal(errorPageCode(missing.body), 'invalid_request');
  });

  it('a replayed state is refused: each state is taken once', async () => {
    const browser = new Browser();
    const { state } = await begin(browser);
    rogue.answer = { claims: { sub: 'replay-user' } };
    const first = await idpResponse(browser, { code: 'c-2', state });
    assert.ok(new URL(first.res.headers.get('location')!).searchParams.get('code'));
    const again = await idpResponse(browser, { code: 'c-2', state });
    assert.equal(again.res.status, 400);
    assert.equal(errorPageCode(again.body), 'invalid_state');
    await s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'Rogue_replay-user' }));
  });

  it('login CSRF: a code and state carried to another browser (without the binding cookie) are refused', async () => {
    const { state } = await begin(new Browser());
    const victim = new Browser();
    const { res, body } = await idpResponse(victim, { code: 'attacker-code', state });
    assert.equal(res.status, 400);
    assert.equal(errorPageCode(body), 'invalid_state');
  });

  for (const [name, answer, error, description] of [
    ['a wrong nonce', { claims: { nonce: 'not-the-nonce' } }, 'invalid_request', 'Bad id_token nonce'],
    ['no nonce', { claims: { nonce: undefined } }, 'invalid_request', 'Bad id_token nonce'],
    ['a wrong issuer', { claims: { iss: 'https://evil.example' } }, 'invalid_request', 'Bad id_token issuer https://evil.example'],
    ['a wrong audience', { claims: { aud: 'another-client' } }, 'invalid_request', 'Bad id_token audience'],
    ['an expired token', { claims: { exp: 1000 } }, 'invalid_request', 'Invalid id_token: expired'],
    ['a signature by another key', { signWith: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }, 'invalid_request', 'Invalid id_token: bad signature'],
    ['an error of its token endpoint', { status: 400, body: JSON.stringify({ error: 'invalid_grant', error_description: 'code expired' }) }, 'invalid_grant', 'Rogue Error - 400 invalid_grant code expired'],
    ['no id_token', { body: JSON.stringify({ access_token: 'x', token_type: 'Bearer' }) }, 'invalid_request', 'The identity provider answered no id_token.'],
  ] as const) {
    it(`the provider answering with ${name}: back to the app with an error, and no user is created`, async () => {
      const browser = new Browser();
      const { state } = await begin(browser);
      rogue.answer = answer as RogueProvider['answer'];
      const { res } = await idpResponse(browser, { code: 'c', state });
      assert.deepEqual(appError(res), { error, error_description: description, state: 'app-state' });
      await noUsers();
    });
  }

  it("the provider's own error (the person refused) goes back to the app with its code and the provider's name", async () => {
    const browser = new Browser();
    const { state } = await begin(browser);
    const { res } = await idpResponse(browser, { error: 'access_denied', error_description: 'User said no', state });
    assert.deepEqual(appError(res), { error: 'access_denied', error_description: 'Rogue Error - access_denied User said no', state: 'app-state' });
  });

  it(`a provider that floods (more than ${PROVIDER_MAX_BYTES} bytes) is cut off`, async () => {
    const browser = new Browser();
    const { state } = await begin(browser);
    rogue.answer = { body: JSON.stringify({ id_token: 'x'.repeat(PROVIDER_MAX_BYTES + 10) }) };
    const { res } = await idpResponse(browser, { code: 'c', state });
    assert.deepEqual(appError(res), { error: 'invalid_request', error_description: `Rogue Error - ${rogue.url} answered more than ${PROVIDER_MAX_BYTES} bytes`, state: 'app-state' });
  });

  it(`a provider that hangs is given up after ${PROVIDER_TIMEOUT_MS} ms (through the injected deps.outboundFetch)`, async () => {
    const browser = new Browser();
    const { state } = await begin(browser);
    const calls: string[] = [];
    s.deps.outboundFetch = (url, init) => {
      calls.push(url);
      return new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    };
    const started = performance.now();
    const { res } = await idpResponse(browser, { code: 'c', state });
    assert.ok(performance.now() - started >= PROVIDER_TIMEOUT_MS - 50);
    assert.deepEqual(appError(res), { error: 'invalid_request', error_description: `Rogue Error - ${rogue.url} did not answer within ${PROVIDER_TIMEOUT_MS} ms`, state: 'app-state' });
    // The discovery document is cached since /oauth2/authorize read it (outbound.ts providerDocument): the token call hangs.
    assert.deepEqual(calls, [`${rogue.url}/token`]);
  });

  it('the discovery document and the JWKS are read once for many sign-ins; a rotated key is fetched after 30 s, not before', async () => {
    const signInOnce = async () => {
      const browser = new Browser();
      const { state } = await begin(browser);
      return idpResponse(browser, { code: 'c', state });
    };
    const first = await signInOnce();
    assert.ok(new URL(first.res.headers.get('location')!).searchParams.get('code'), 'signed in');
    rogue.requests.length = 0;
    for (let i = 0; i < 3; i++) assert.ok(new URL((await signInOnce()).res.headers.get('location')!).searchParams.get('code'));
    assert.deepEqual(rogue.requests, ['/token', '/token', '/token'], 'no discovery or JWKS call while cached');

    rogue.rotate();
    rogue.requests.length = 0;
    const early = await signInOnce();
    assert.deepEqual(appError(early.res), { error: 'invalid_request', error_description: 'Invalid id_token: no key of the provider matches its kid', state: 'app-state' });
    assert.ok(!rogue.requests.includes('/jwks'), 'a JWKS younger than 30 s is not read again, whatever kid a token names');
    s.clock.advance(31_000);
    const later = await signInOnce();
    assert.ok(new URL(later.res.headers.get('location')!).searchParams.get('code'), 'signed in with the rotated key');
    assert.equal(rogue.requests.filter((p) => p === '/jwks').length, 1);
  });

  it('a provider the client does not support: unauthorized_client, back to the app', async () => {
    const { res } = await new Browser().get(authorize({ identity_provider: 'Rogue' }, cognitoOnlyClientId));
    assert.deepEqual(appError(res), { error: 'unauthorized_client', error_description: null, state: 'app-state' });
  });

  it('an idp_identifier picks its provider; an unknown one is unauthorized_client', async () => {
    const known = await new Browser().get(authorize({ idp_identifier: 'rogue.example' }));
    assert.ok(known.res.headers.get('location')!.startsWith(`${rogue.url}/authorize?`));
    const unknown = await new Browser().get(authorize({ idp_identifier: 'nobody.example' }));
    assert.equal(appError(unknown.res).error, 'unauthorized_client');
  });

  it('a SAML provider: its sign-in is not served, and the app is told so', async () => {
    const { res } = await new Browser().get(authorize({ identity_provider: 'Corp' }));
    assert.deepEqual(appError(res), { error: 'invalid_request', error_description: 'cognate does not serve sign-in through SAML identity providers (Corp).', state: 'app-state' });
  });
});
