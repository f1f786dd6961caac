import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminCreateUserCommand, AdminGetUserCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { totpCode } from '../../src/domain/mfa/totp.js';
import { addUser, createPool, lastCode, otherCode, PASSWORD } from '../helpers/fixtures.js';
import { chromiumSkip, hostedApp, browserSuite } from './harness.js';

/**
 * Managed login in a real browser: Playwright drives Debian's Chromium (headless) through the pages as a person
 * would — sign up, confirm with the code from the outbox, sign in, set up TOTP by reading the secret from the page,
 * sign out, sign in again answering the TOTP challenge; add a passkey after a sign-in and sign in with it through
 * a virtual WebAuthn authenticator (Chrome DevTools Protocol). Every page is saved as a screenshot in
 * test-artifacts/hosted-ui/ (git-ignored) for a reviewer to look at.
 */
describe('managed login pages in a real browser (Playwright + Chromium)', { skip: chromiumSkip, timeout: 180_000 }, () => {
  const run = browserSuite();

  const phone = () => run.phone();

  /** Whose sign-in an authorization code the app got is for (the code is used up, as /oauth2/token would). */
  async function signedInAs(back: URL): Promise<string | undefined> {
    const code = back.searchParams.get('code');
    assert.ok(code, `no code in ${back.href}`);
    return (await run.s.store.authorizationCodes.take(run.s.deps.hashSecret(code), run.s.clock.now()))?.usernameKey;
  }

  /** Waits until the pages sent the browser back to the app, and returns the URL it was sent to. */
  async function backInApp(page: import('playwright-core').Page): Promise<URL> {
    await page.waitForURL((u) => u.href.startsWith(run.app));
    return new URL(page.url());
  }

  const shot = (page: import('playwright-core').Page, name: string) => run.shot(page, name);

  it('signs up, confirms with the emailed code, sets up TOTP from the page, signs out and signs in again with a TOTP code', async () => {
    const poolId = await createPool(run.s, { AutoVerifiedAttributes: ['email'], PoolName: 'Example app' });
    await run.s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const pages = await hostedApp(run.s, poolId, run.app, { GenerateSecret: true });
    const { context, page } = await phone();
    try {
      await page.goto(pages.authorizeUrl);
      await page.waitForURL(/\/login\?/);
      await shot(page, '01-sign-in');
      assert.equal(await page.title(), 'Sign in');

      await page.getByRole('link', { name: 'Sign up' }).click();
      await page.getByLabel('Username').fill('ada');
      await page.getByLabel('Email address').fill('ada@example.com');
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Sign up' }).click();
      // The API's own refusal, announced.
      assert.match(await page.getByRole('alert').innerText(), /Password did not conform with policy/);
      await shot(page, '02-sign-up-error');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.waitForURL(/\/confirmUser\?/);
      assert.match(await page.locator('main').innerText(), /We sent a code to a\*\*\*@e\*\*\*/);
      await shot(page, '03-confirm-account');

      await page.getByLabel('Confirmation code').fill(await lastCode(run.s, poolId, 'ada'));
      await page.getByRole('button', { name: 'Confirm account' }).click();
      await page.waitForURL(/\/login\?/);
      assert.match(await page.getByRole('status').innerText(), /Your account is confirmed/);
      assert.equal(await page.getByLabel('Username').inputValue(), 'ada');
      await shot(page, '04-confirmed-sign-in');

      await page.getByLabel('Password').fill('Wrong-Passw0rd!');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      assert.equal(await page.getByRole('alert').innerText(), 'Incorrect username or password.');
      await shot(page, '05-wrong-password');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();

      // MFA is required and ada has none: the TOTP set-up page with a QR code and the secret in text.
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByRole('heading').innerText(), 'Set up an authenticator app');
      assert.equal(await page.locator('.qr svg').count(), 1);
      await shot(page, '06-totp-setup');
      const secret = (await page.locator('#totp-secret').innerText()).trim();
      assert.match(secret, /^[A-Z2-7]{32,}$/);
      await page.getByLabel(/6-digit code/).fill(otherCode(totpCode(secret, run.s.clock.now())));
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      assert.match(await page.getByRole('alert').innerText(), /Code mismatch/);
      await shot(page, '07-totp-setup-wrong-code');
      await page.getByLabel(/6-digit code/).fill(totpCode(secret, run.s.clock.now()));
      await page.getByRole('button', { name: 'Verify and sign in' }).click();

      const first = await backInApp(page);
      assert.equal(await signedInAs(first), 'ada');
      assert.equal(first.searchParams.get('state'), 'st4te');
      const ada = await run.s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ada' }));
      assert.equal(ada.UserStatus, 'CONFIRMED');
      assert.deepEqual(ada.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);

      // Single sign-on: another /login of the same browser goes straight back to the app.
      await page.goto(pages.authorizeUrl);
      assert.equal(await signedInAs(await backInApp(page)), 'ada');

      // Sign out through /logout (the form that sends the browser to sign in again): the SSO cookie is gone, so the
      // password, then the TOTP challenge.
      run.s.clock.advance(30_000);
      await page.goto(`${pages.base}/logout?${new URL(pages.authorizeUrl).searchParams}`);
      await page.waitForURL(/\/login\?/);
      assert.equal((await context.cookies()).some((c) => c.name === 'cognito'), false);
      await page.getByLabel('Username').fill('ada');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByRole('heading').innerText(), 'Enter the code from your authenticator app');
      await shot(page, '08-totp-code');
      await page.getByLabel('Code').fill(totpCode(secret, run.s.clock.now()));
      await page.getByRole('button', { name: 'Sign in' }).click();
      assert.equal(await signedInAs(await backInApp(page)), 'ada');
    } finally {
      await context.close();
    }
  });

  it('resets a forgotten password with the emailed code, and changes a temporary password at the first sign-in', async () => {
    const poolId = await createPool(run.s, { AutoVerifiedAttributes: ['email'], PoolName: 'Example app' });
    await addUser(run.s, poolId, 'hedy', PASSWORD, { attributes: { email: 'hedy@example.com', email_verified: 'true' } });
    await run.s.client.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alan', TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'alan@example.com' }] }),
    );
    const pages = await hostedApp(run.s, poolId, run.app);
    const { context, page } = await phone();
    try {
      await page.goto(pages.authorizeUrl);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByLabel('Username').fill('hedy');
      await shot(page, '12-forgot-password');
      await page.getByRole('button', { name: 'Reset my password' }).click();
      await page.waitForURL(/\/confirmForgotPassword\?/);
      await page.getByLabel('Code').fill(await lastCode(run.s, poolId, 'hedy'));
      await page.getByLabel('New password', { exact: true }).fill('N3w-Passw0rd!');
      await page.getByLabel('Confirm new password').fill('N3w-Passw0rd!');
      await shot(page, '13-reset-password');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.waitForURL(/\/login\?/);
      assert.match(await page.getByRole('status').innerText(), /Your password has been reset/);
      await page.getByLabel('Password').fill('N3w-Passw0rd!');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      assert.equal(await signedInAs(await backInApp(page)), 'hedy');

      await context.clearCookies({ name: 'cognito' });
      await page.goto(pages.authorizeUrl);
      await page.getByLabel('Username').fill('alan');
      await page.getByLabel('Password').fill('Temp-Passw0rd!');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByRole('heading').innerText(), 'Change your password');
      await page.getByLabel('New password', { exact: true }).fill('Alan-N3w-Passw0rd!');
      await page.getByLabel('Confirm new password').fill('Something-else-1!');
      await page.getByRole('button', { name: 'Change password and sign in' }).click();
      assert.equal(await page.getByRole('alert').innerText(), 'Passwords do not match.');
      await shot(page, '14-new-password-required');
      await page.getByLabel('New password', { exact: true }).fill('Alan-N3w-Passw0rd!');
      await page.getByLabel('Confirm new password').fill('Alan-N3w-Passw0rd!');
      await page.getByRole('button', { name: 'Change password and sign in' }).click();
      assert.equal(await signedInAs(await backInApp(page)), 'alan');
      const alan = await run.s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alan' }));
      assert.equal(alan.UserStatus, 'CONFIRMED');
    } finally {
      await context.close();
    }
  });

  it('offers a passkey after a sign-in, registers it through the browser, and signs in with it', async () => {
    const poolId = await createPool(run.s, {
      PoolName: 'Passkeys',
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    });
    await run.s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }));
    await addUser(run.s, poolId, 'grace', PASSWORD, { attributes: { email: 'grace@example.com', email_verified: 'true' } });
    const pages = await hostedApp(run.s, poolId, run.app, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const { context, page } = await phone();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    try {
      await page.goto(pages.authorizeUrl);
      await page.getByLabel('Username').fill('grace');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByRole('heading').innerText(), 'Add a passkey');
      await shot(page, '09-passkey-offer');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      assert.equal(await signedInAs(await backInApp(page)), 'grace');
      const stored = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      assert.equal(stored.credentials.length, 1);
      assert.equal(stored.credentials[0]!.rpId, 'localhost');

      await context.clearCookies({ name: 'cognito' });
      await page.goto(pages.authorizeUrl);
      await page.getByLabel('Username').fill('grace');
      await page.getByRole('button', { name: 'Other sign-in options' }).click();
      await page.waitForURL(/\/challenge\?/);
      await shot(page, '10-choose-factor');
      await page.getByRole('button', { name: 'Passkey' }).click();
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByRole('heading').innerText(), 'Sign in with a passkey');
      await shot(page, '11-passkey-sign-in');
      await page.getByRole('button', { name: 'Continue with passkey' }).click();
      assert.equal(await signedInAs(await backInApp(page)), 'grace');
      const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      assert.ok(after.credentials[0]!.signCount >= 1, 'the authenticator counted the assertion');
    } finally {
      await context.close();
    }
  });
});
