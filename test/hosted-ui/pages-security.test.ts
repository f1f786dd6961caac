import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, PASSWORD } from '../helpers/fixtures.js';
import { hostedApp } from './harness.js';

/**
 * The managed-login pages' defences, over plain HTTP (no browser): forms refuse a post without the token bound to
 * the browser's CSRF cookie; what a person typed comes back escaped; the step cookie of one app client is nothing to
 * another; no Session, code or password ever appears in a URL the pages send the browser to.
 */
const APP = 'https://app.example.com/cb';

interface Jar {
  cookies: Map<string, string>;
}

function remember(jar: Jar, res: Response): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    const name = pair!.slice(0, i);
    const value = pair!.slice(i + 1);
    if (/Max-Age=0/.test(c)) jar.cookies.delete(name);
    else jar.cookies.set(name, value);
  }
}

const cookieHeader = (jar: Jar) => [...jar.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

async function get(jar: Jar, url: string): Promise<{ res: Response; body: string }> {
  const res = await fetch(url, { headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });
  remember(jar, res);
  return { res, body: await res.text() };
}

async function post(jar: Jar, url: string, form: Record<string, string>): Promise<{ res: Response; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  remember(jar, res);
  return { res, body: await res.text() };
}

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;

describe('managed login pages: CSRF, escaping, state binding', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  let otherClientId: string;
  let base: string;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    const app = await hostedApp(s, poolId, APP);
    clientId = app.clientId;
    base = app.base;
    otherClientId = (await createClient(s, poolId, { CallbackURLs: [APP], AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], SupportedIdentityProviders: ['COGNITO'] })).clientId;
    await addUser(s, poolId, 'lin', PASSWORD);
  });
  after(async () => {
    await s?.stop();
  });

  const login = (client = clientId) => `${base}/login?response_type=code&client_id=${client}&redirect_uri=${encodeURIComponent(APP)}`;

  it('cross-site form post: a sign-in without the CSRF token of the browser’s cookie is refused, and nobody is signed in', async () => {
    const victim: Jar = { cookies: new Map() };
    const page = await get(victim, login());
    assert.equal(page.res.status, 200);
    assert.ok(victim.cookies.has('XSRF-TOKEN'));
    // An attacker's page can make the victim's browser post (with its cookies), but cannot read the token.
    const forged = await post(victim, login(), { username: 'lin', password: PASSWORD, action: 'password' });
    assert.equal(forged.res.status, 403);
    assert.equal(victim.cookies.has('cognito'), false);
    // A token from another browser's cookie is no good either.
    const attacker: Jar = { cookies: new Map() };
    const theirs = csrfOf((await get(attacker, login())).body);
    const mixed = await post(victim, login(), { _csrf: theirs, username: 'lin', password: PASSWORD, action: 'password' });
    assert.equal(mixed.res.status, 403);
    // With its own token the same post signs in and goes back to the app.
    const ok = await post(victim, login(), { _csrf: csrfOf(page.body), username: 'lin', password: PASSWORD, action: 'password' });
    assert.equal(ok.res.status, 302);
    assert.match(ok.res.headers.get('location')!, /^https:\/\/app\.example\.com\/cb\?code=/);
    assert.ok(victim.cookies.has('cognito'));
  });

  it('reflected XSS: the user name typed comes back escaped, and pages allow no script but their own', async () => {
    const jar: Jar = { cookies: new Map() };
    const page = await get(jar, login());
    assert.match(page.res.headers.get('content-security-policy')!, /default-src 'none'/);
    assert.doesNotMatch(page.res.headers.get('content-security-policy')!, /script-src/);
    const evil = '"><script>alert(1)</script>';
    const r = await post(jar, login(), { _csrf: csrfOf(page.body), username: evil, password: 'x', action: 'password' });
    assert.equal(r.res.status, 400);
    assert.equal(r.body.includes('<script>alert(1)</script>'), false);
    assert.ok(r.body.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    // A LEGACY client (PreventUserExistenceErrors off) says so, as Cognito's pages do.
    assert.match(r.body, /role="alert">User does not exist\.</);
  });

  it('a step cookie made for one app client is not accepted by another client’s pages', async () => {
    await s.client.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const jar: Jar = { cookies: new Map() };
    const page = await get(jar, login());
    const r = await post(jar, login(), { _csrf: csrfOf(page.body), username: 'lin', password: PASSWORD, action: 'password' });
    assert.equal(r.res.status, 303);
    const next = r.res.headers.get('location')!;
    // No Session, secret or password in the URL: only the authorize parameters.
    assert.equal(next, `${base}/challenge?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(APP)}`);
    const setup = await get(jar, next);
    assert.match(setup.body, /Set up an authenticator app/);
    const elsewhere = await get(jar, next.replace(clientId, otherClientId));
    assert.equal(elsewhere.res.status, 400);
    assert.match(elsewhere.body, /Your session has expired/);
    await s.client.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF' }),
    );
  });

  it('a /login whose parameters were changed is checked as /oauth2/authorize checks them: no form for an unknown client or a foreign redirect_uri', async () => {
    const jar: Jar = { cookies: new Map() };
    const missing = await get(jar, `${base}/login`);
    assert.equal(missing.res.status, 302);
    assert.equal(missing.res.headers.get('location'), `${base}/error?error=invalid_request`);
    const foreign = await get(jar, `${base}/login?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`);
    assert.equal(foreign.res.status, 302);
    assert.equal(foreign.res.headers.get('location'), `${base}/error?error=redirect_mismatch&client_id=${clientId}`);
  });
});
