import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { accessTokenFor, addUser, createClient, mfaPool, PASSWORD } from '../mfa/helpers.js';

/**
 * Passkeys in a real browser: Playwright drives Debian's Chromium (headless) with a virtual WebAuthn authenticator
 * (Chrome DevTools Protocol `WebAuthn.addVirtualAuthenticator`). A page served from http://localhost (a secure
 * context, the relying party `localhost`) calls cognate itself: StartWebAuthnRegistration →
 * navigator.credentials.create → CompleteWebAuthnRegistration, then InitiateAuth USER_AUTH (WEB_AUTHN) →
 * navigator.credentials.get → RespondToAuthChallenge. Every credential is the browser's own.
 */
const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (Debian package chromium; .ci/run installs it)`;

/** The page: base64url ⇄ ArrayBuffer for the JSON forms of WebAuthn options and credentials, and a JSON 1.1 call. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>passkey</title><script>
const b64u = {
  decode: (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4)), (c) => c.charCodeAt(0)).buffer,
  encode: (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''),
};
async function call(api, target, body) {
  const r = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.' + target }, body: JSON.stringify(body) });
  const json = await r.json();
  if (!r.ok) throw new Error(target + ': ' + json.__type + ': ' + json.message);
  return json;
}
/** The members every PublicKeyCredential's JSON form has (WebAuthn Level 3 toJSON(), written out for older browsers). */
const credentialJson = (cred, response) => ({
  id: cred.id, rawId: b64u.encode(cred.rawId), type: cred.type,
  authenticatorAttachment: cred.authenticatorAttachment || undefined,
  clientExtensionResults: cred.getClientExtensionResults(),
  response,
});
async function register(api, accessToken) {
  const { CredentialCreationOptions: o } = await call(api, 'StartWebAuthnRegistration', { AccessToken: accessToken });
  const cred = await navigator.credentials.create({ publicKey: {
    ...o,
    challenge: b64u.decode(o.challenge),
    user: { ...o.user, id: b64u.decode(o.user.id) },
    excludeCredentials: (o.excludeCredentials || []).map((c) => ({ ...c, id: b64u.decode(c.id) })),
  } });
  const Credential = credentialJson(cred, {
    clientDataJSON: b64u.encode(cred.response.clientDataJSON),
    attestationObject: b64u.encode(cred.response.attestationObject),
    transports: cred.response.getTransports ? cred.response.getTransports() : [],
  });
  await call(api, 'CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential });
  return cred.id;
}
async function signIn(api, clientId, username) {
  const start = await call(api, 'InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
  if (start.ChallengeName !== 'WEB_AUTHN') throw new Error('expected WEB_AUTHN, got ' + start.ChallengeName);
  const o = JSON.parse(start.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS);
  const cred = await navigator.credentials.get({ publicKey: {
    ...o,
    challenge: b64u.decode(o.challenge),
    allowCredentials: (o.allowCredentials || []).map((c) => ({ ...c, id: b64u.decode(c.id) })),
  } });
  const credential = credentialJson(cred, {
    clientDataJSON: b64u.encode(cred.response.clientDataJSON),
    authenticatorData: b64u.encode(cred.response.authenticatorData),
    signature: b64u.encode(cred.response.signature),
    userHandle: cred.response.userHandle ? b64u.encode(cred.response.userHandle) : undefined,
  });
  const done = await call(api, 'RespondToAuthChallenge', { ChallengeName: 'WEB_AUTHN', ClientId: clientId, Session: start.Session,
    ChallengeResponses: { USERNAME: username, CREDENTIAL: JSON.stringify(credential) } });
  return { result: done.AuthenticationResult, credential: JSON.stringify(credential), session: start.Session };
}
</script><p>cognate passkey test page</p>`;

describe('passkeys in a real browser (Playwright + Chromium + a virtual authenticator)', { skip, timeout: 120_000 }, () => {
  let s: TestServer;
  let web: Server;
  let browser: import('playwright-core').Browser;
  before(async () => {
    s = await startTestServer();
    web = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => web?.close(resolve));
    await s?.stop();
  });

  it('registers a passkey and signs in with USER_AUTH + WEB_AUTHN, the browser producing both credentials', async () => {
    const { poolId } = await mfaPool(
      s,
      { MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } },
      { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
    );
    const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await addUser(s, poolId, 'browser', PASSWORD, { attributes: { email: 'browser@example.com', email_verified: 'true' } });
    const accessToken = await accessTokenFor(s, poolId, clientId, 'browser');

    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    const port = (web.address() as AddressInfo).port;
    await page.goto(`http://localhost:${port}/`);
    assert.equal(await page.evaluate(() => window.isSecureContext), true);

    const api = s.url;
    const credentialId = await page.evaluate(([a, t]) => (window as any).register(a, t) as Promise<string>, [api, accessToken] as const);
    const stored = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(stored.credentials.length, 1);
    assert.equal(Buffer.from(stored.credentials[0]!.credentialId, 'base64').toString('base64url'), credentialId);
    assert.equal(stored.credentials[0]!.rpId, 'localhost');

    const signedIn = await page.evaluate(([a, c]) => (window as any).signIn(a, c, 'browser') as Promise<{ result: any; credential: string; session: string }>, [
      api,
      clientId,
    ] as const);
    assert.match(signedIn.result.AccessToken, /^eyJ/);
    const { Username } = await s.client.send(new GetUserCommand({ AccessToken: signedIn.result.AccessToken }));
    assert.equal(Username, 'browser');
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.ok(after.credentials[0]!.signCount >= 1, 'the authenticator counted the assertion');

    // The browser's assertion, replayed, is refused: its session is used up.
    const replay = await page.evaluate(
      async ([a, c, session, credential]) => {
        const r = await fetch(a, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.RespondToAuthChallenge' },
          body: JSON.stringify({ ChallengeName: 'WEB_AUTHN', ClientId: c, Session: session, ChallengeResponses: { USERNAME: 'browser', CREDENTIAL: credential } }),
        });
        return r.json();
      },
      [api, clientId, signedIn.session, signedIn.credential] as const,
    );
    assert.deepEqual(replay, { __type: 'NotAuthorizedException', message: 'Invalid session for the user, session can only be used once.' });

    // A second sign-in with the same passkey: the counter moved on, so it is accepted again.
    const again = await page.evaluate(([a, c]) => (window as any).signIn(a, c, 'browser') as Promise<{ result: any }>, [api, clientId] as const);
    assert.match(again.result.AccessToken, /^eyJ/);
    await page.close();
  });
});
