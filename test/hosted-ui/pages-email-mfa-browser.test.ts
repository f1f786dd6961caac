import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetUserCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';
import { createConfirmedUser, createPool, lastCode, PASSWORD } from '../helpers/fixtures.js';
import { browserSuite, chromiumSkip, hostedApp, type HostedApp } from './harness.js';

/**
 * Email as an MFA factor on the managed-login pages, in a real browser (Playwright + Chromium): a pool that requires MFA
 * with an authenticator app or email lets a person without MFA choose; choosing email asks for the address, the code
 * sent there (read from the outbox) completes the set-up (MFA_SETUP answered with EMAIL, then EMAIL_OTP), and the next
 * sign-in asks for an emailed code. Screenshots: test-artifacts/hosted-ui/email-mfa-*.png.
 */
describe('email MFA set-up and codes on the managed-login pages (Playwright + Chromium)', { skip: chromiumSkip, timeout: 120_000 }, () => {
  const run = browserSuite();
  let s: TestServer, browser: import('playwright-core').Browser, APP: string;
  before(() => void ({ s, browser, app: APP } = run));

  async function signInWithPassword(page: import('playwright-core').Page, pages: HostedApp, lang?: string) {
    await page.goto(lang ? `${pages.authorizeUrl}&lang=${lang}` : pages.authorizeUrl);
    await page.waitForURL(/\/login\?/);
    await page.getByLabel('Username').fill('eve');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/challenge\?/);
  }

  it('chooses email among the factors to set up, confirms the address with the emailed code, and signs in with an emailed code later', async () => {
    const poolId = await createPool(s, { PoolName: 'Email MFA' });
    await s.client.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Your code' } }),
    );
    await createConfirmedUser(s, poolId, 'eve');
    const pages = await hostedApp(s, poolId, APP);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      // `lang` (as Amplify's signInWithRedirect sends it) is accepted and kept by every page of the sign-in.
      await signInWithPassword(page, pages, 'de');
      assert.equal(new URL(page.url()).searchParams.get('lang'), 'de');
      assert.equal(await page.getByRole('heading').innerText(), 'Set up multi-factor authentication');
      await run.shot(page, 'email-mfa-01-choose-factor');
      await page.getByRole('button', { name: 'Email message' }).click();
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByRole('heading').innerText(), 'Set up email verification');
      await page.getByLabel('Email address').fill('not-an-address');
      await page.getByRole('button', { name: 'Send code' }).click();
      assert.equal(await page.getByRole('alert').innerText(), 'Invalid email address format.');
      await page.getByLabel('Email address').fill('eve@example.com');
      await run.shot(page, 'email-mfa-02-address');
      await page.getByRole('button', { name: 'Send code' }).click();
      await page.waitForURL(/\/challenge\?/);
      assert.equal(new URL(page.url()).searchParams.get('lang'), 'de');
      assert.equal(await page.getByRole('heading').innerText(), 'Enter the code we emailed you');
      assert.match(await page.locator('main').innerText(), /We sent a code to e\*\*\*@e\*\*\*/);
      await run.shot(page, 'email-mfa-03-code');
      await page.getByLabel('Code').fill(await lastCode(s, poolId, 'eve'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.href.startsWith(APP));
      const eve = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'eve' }));
      assert.deepEqual(eve.UserMFASettingList, ['EMAIL_OTP']);
      const attributes = Object.fromEntries((eve.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
      assert.equal(attributes.email, 'eve@example.com');
      assert.equal(attributes.email_verified, 'true');

      // Signed out: the next sign-in asks for a code sent by email.
      s.clock.advance(60_000);
      await page.goto(`${pages.base}/logout?${new URL(pages.authorizeUrl).searchParams}`);
      await page.waitForURL(/\/login\?/);
      await signInWithPassword(page, pages);
      assert.equal(await page.getByRole('heading').innerText(), 'Enter the code we emailed you');
      await page.getByLabel('Code').fill(await lastCode(s, poolId, 'eve'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.href.startsWith(APP));
    } finally {
      await context.close();
    }
  });
});
