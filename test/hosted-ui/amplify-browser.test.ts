import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { Agent } from 'node:https';
import { CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../helpers/server.js';
import { createConfirmedUser, createPool, PASSWORD } from '../helpers/fixtures.js';
import { startAmplifyApp, type AmplifyApp } from './amplify-app.js';

/**
 * Amplify JS v6 against the pool's domain, in a real browser: an app calls `signInWithRedirect()`, the browser goes to
 * `https://<prefix>.auth.<region>.localhost:<port>/oauth2/authorize` (the Host form, over `serve --tls`), the person
 * signs in on the managed-login page, and Amplify exchanges the code at /oauth2/token; `fetchAuthSession()` then holds
 * tokens aws-jwt-verify accepts. `signOut()` revokes the refresh token (RevokeToken on the API) and goes through
 * /logout back to the app; the single sign-on cookie is gone, so the next `signInWithRedirect()` shows the sign-in
 * page again. Screenshots go to test-artifacts/hosted-ui/.
 */
const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (Debian package chromium; .ci/run installs it)`;
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'hosted-ui');

describe('Amplify JS v6 signInWithRedirect and signOut against the domain (Playwright + Chromium)', { skip, timeout: 180_000 }, () => {
  let s: TestServer;
  let app: AmplifyApp;
  let browser: import('playwright-core').Browser;
  let ca: string;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const tls = await startTestServer({ env: { COGNATE_TLS: '1' } });
    ca = readFileSync(tls.tls!.certPath, 'utf8');
    // The fixtures' SDK client, trusting the generated certificate.
    tls.client.destroy();
    s = { ...tls, client: new CognitoIdentityProviderClient({ endpoint: tls.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1, requestHandler: { httpsAgent: new Agent({ ca }) } }) };
    app = await startAmplifyApp();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    s?.client.destroy();
    await s?.stop();
  });

  const shot = (page: import('playwright-core').Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** fetch over node:https trusting the server's generated certificate, for aws-jwt-verify's JWKS download. */
  const trustingGet = (url: string): Promise<ArrayBuffer> =>
    new Promise((resolve, reject) => {
      request(url, { ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const b = Buffer.concat(chunks);
          resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
        });
      })
        .on('error', reject)
        .end();
    });

  let counter = 0;

  /** A pool with a domain, an app client set up as Amplify needs it, the user alice, and the app configured for them. */
  async function amplifyPool(responseType: 'code' | 'token') {
    const poolId = await createPool(s, { PoolName: 'Amplify app' });
    const prefix = `amplify-${++counter}-${Math.floor(s.clock.now() / 1000) % 100000}`;
    await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    const { UserPoolClient } = await s.client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'amplify',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: [responseType === 'code' ? 'code' : 'implicit'],
        AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
        CallbackURLs: [app.url],
        LogoutURLs: [app.url],
        SupportedIdentityProviders: ['COGNITO'],
        EnableTokenRevocation: true,
      }),
    );
    const clientId = UserPoolClient!.ClientId!;
    await createConfirmedUser(s, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });
    const host = `${prefix}.auth.us-east-1.localhost`;
    app.configure({
      userPoolId: poolId,
      userPoolClientId: clientId,
      // RevokeToken (at sign-out) goes to the API, which the same server answers.
      userPoolEndpoint: s.url.replace('127.0.0.1', 'localhost'),
      loginWith: {
        oauth: { domain: `${host}:${new URL(s.url).port}`, scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], redirectSignIn: [app.url], redirectSignOut: [app.url], responseType },
      },
    });
    return { poolId, clientId, host };
  }

  /** Both tokens Amplify holds, as `fetchAuthSession()` gives them to the app. */
  async function sessionTokens(page: import('playwright-core').Page) {
    return page.evaluate(async () => {
      const auth = (window as unknown as { amplifyAuth: { fetchAuthSession(): Promise<{ tokens?: { idToken?: object; accessToken: object } }> } }).amplifyAuth;
      const { tokens } = await auth.fetchAuthSession();
      return { id: tokens?.idToken?.toString(), access: tokens?.accessToken.toString() };
    });
  }

  it('signs in through the hosted page and back, holds verifiable tokens, signs out through /logout', async () => {
    const { poolId, clientId, host } = await amplifyPool('code');
    // The generated certificate is self-signed: the browser is told to accept it, as a developer's would be.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, ignoreHTTPSErrors: true });
    const page = await context.newPage();
    try {
      await page.goto(app.url);
      await page.getByText(/^Signed out/).waitFor();
      await shot(page, 'amplify-01-app-signed-out');

      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.hostname === host && u.pathname === '/login');
      const authorize = new URL(page.url());
      assert.equal(authorize.protocol, 'https:');
      assert.equal(authorize.searchParams.get('client_id'), clientId);
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      assert.equal(authorize.searchParams.get('identity_provider'), 'COGNITO');
      await shot(page, 'amplify-02-hosted-sign-in');
      await page.getByLabel('Username').fill('alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();

      // Back in the app: Amplify exchanged the code at /oauth2/token (a cross-origin fetch) and holds the tokens.
      await page.waitForURL((u) => u.href.startsWith(app.url));
      await page.getByText('Signed in as alice').waitFor();
      assert.equal(new URL(page.url()).search, '', 'Amplify clears the code from the address bar');
      await shot(page, 'amplify-03-app-signed-in');
      const session = await sessionTokens(page);
      assert.ok(session.id && session.access, 'fetchAuthSession() has an ID and an access token');
      const jwksCache = new SimpleJwksCache({ fetcher: { fetch: trustingGet } });
      const issuer = s.deps.issuer(poolId);
      assert.ok(issuer.startsWith('https://'));
      const jwksUri = `${issuer}/.well-known/jwks.json`;
      const idClaims = await JwtRsaVerifier.create({ issuer, jwksUri, audience: clientId }, { jwksCache }).verify(session.id);
      assert.equal(idClaims.token_use, 'id');
      assert.equal(idClaims['cognito:username'], 'alice');
      assert.equal(idClaims.email, 'alice@example.com');
      const accessClaims = await JwtRsaVerifier.create({ issuer, jwksUri, audience: null }, { jwksCache }).verify(session.access);
      assert.equal(accessClaims.token_use, 'access');
      assert.equal(accessClaims.client_id, clientId);
      assert.equal(accessClaims.username, 'alice');
      assert.deepEqual(String(accessClaims.scope).split(' ').sort(), ['aws.cognito.signin.user.admin', 'email', 'openid', 'profile']);
      assert.equal((await context.cookies()).some((c) => c.name === 'cognito'), true, 'the domain set its single sign-on cookie');

      // signOut(): RevokeToken, then /logout?client_id&logout_uri, then back in the app, signed out.
      const originJti = String(accessClaims.origin_jti);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((u) => u.href.startsWith(app.url));
      await page.getByText(/^Signed out/).waitFor();
      await shot(page, 'amplify-04-app-signed-out-again');
      assert.equal((await context.cookies()).some((c) => c.name === 'cognito'), false, '/logout cleared the single sign-on cookie');
      const family = await s.store.tokens.getFamily(originJti);
      assert.ok(family?.revokedAt, 'signOut() revoked the refresh token');

      // A new signInWithRedirect shows the sign-in page again rather than signing alice straight back in.
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname === '/login');
      assert.equal(await page.getByRole('heading').first().innerText(), 'Sign in');
      await shot(page, 'amplify-05-hosted-sign-in-again');
    } finally {
      await context.close();
    }
  });

  it('signs in with the implicit flow (responseType token): the tokens come in the fragment', async () => {
    const { clientId, host } = await amplifyPool('token');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, ignoreHTTPSErrors: true });
    const page = await context.newPage();
    try {
      await page.goto(app.url);
      await page.getByText(/^Signed out/).waitFor();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.hostname === host && u.pathname === '/login');
      assert.equal(new URL(page.url()).searchParams.get('response_type'), 'token');
      await page.getByLabel('Username').fill('alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText('Signed in as alice').waitFor();
      const session = await sessionTokens(page);
      const claims = JSON.parse(Buffer.from(session.access!.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      assert.equal(claims.client_id, clientId);
      assert.equal(claims.username, 'alice');
      assert.ok(session.id);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((u) => u.href.startsWith(app.url));
      await page.getByText(/^Signed out/).waitFor();
      assert.equal((await context.cookies()).some((c) => c.name === 'cognito'), false);
    } finally {
      await context.close();
    }
  });
});
