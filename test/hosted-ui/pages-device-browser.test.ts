import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetDeviceCommand, AdminListDevicesCommand, AdminUpdateDeviceStatusCommand, AdminForgetDeviceCommand, SetUserPoolMfaConfigCommand, UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { totpCode } from '../../src/domain/mfa/totp.js';
import type { TestServer } from '../helpers/server.js';
import { createConfirmedUser, createPool, PASSWORD } from '../helpers/fixtures.js';
import { browserSuite, chromiumSkip, hostedApp, type HostedApp } from './harness.js';

/**
 * "Remember this device" on the managed-login pages, in a real browser (Playwright + Chromium): on a pool whose
 * DeviceConfiguration lets a remembered device replace MFA, the person ticks the box on the MFA page; the browser
 * becomes one of their devices (AdminListDevices shows it, remembered); after signing out, the next sign-in with the
 * password goes straight back to the app without MFA. A device set to not_remembered, a forgotten device, and
 * another browser are all asked for MFA again. Screenshots go to test-artifacts/hosted-ui/.
 */

describe('managed login remembers the device after MFA (Playwright + Chromium)', { skip: chromiumSkip, timeout: 180_000 }, () => {
  const run = browserSuite();
  let s: TestServer, browser: import('playwright-core').Browser, APP: string;
  before(() => void ({ s, browser, app: APP } = run));

  const shot = (page: import('playwright-core').Page, name: string) => run.shot(page, name);

  /** The sign-in an authorization code the app got is for: user and device (the code is used up). */
  async function codeOf(page: import('playwright-core').Page) {
    await page.waitForURL((u) => u.href.startsWith(APP));
    const code = new URL(page.url()).searchParams.get('code');
    assert.ok(code, `no code in ${page.url()}`);
    const record = await s.store.authorizationCodes.take(s.deps.hashSecret(code), s.clock.now());
    return { username: record?.usernameKey, deviceKey: record?.deviceKey };
  }

  async function signInWithPassword(page: import('playwright-core').Page, pages: HostedApp) {
    await page.goto(pages.authorizeUrl);
    await page.waitForURL(/\/login\?/);
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** A pool with MFA ON (TOTP), the device settings given (none: no device tracking), the user ada and its pages. */
  async function mfaPoolWithAda(name: string, devices?: { DeviceOnlyRememberedOnUserPrompt: boolean }): Promise<{ poolId: string; pages: HostedApp }> {
    const poolId = await createPool(s, { PoolName: name });
    await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    if (devices) {
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, ...devices } }));
    }
    await createConfirmedUser(s, poolId, 'ada', { email: 'ada@example.com' });
    return { poolId, pages: await hostedApp(s, poolId, APP) };
  }

  async function signOut(page: import('playwright-core').Page, pages: HostedApp) {
    await page.goto(`${pages.base}/logout?${new URL(pages.authorizeUrl).searchParams}`);
    await page.waitForURL(/\/login\?/);
  }

  it('a ticked "Remember this device" skips MFA at the next sign-in, until the device is not remembered or forgotten', async () => {
    const { poolId, pages } = await mfaPoolWithAda('Remembering', { DeviceOnlyRememberedOnUserPrompt: true });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const listDevices = async () => (await s.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'ada' }))).Devices ?? [];
    try {
      // First sign-in: MFA is required and ada has none, so TOTP is set up — with the choice to remember the browser.
      await signInWithPassword(page, pages);
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByRole('heading').innerText(), 'Set up an authenticator app');
      const secret = (await page.locator('#totp-secret').innerText()).trim();
      await page.getByLabel(/6-digit code/).fill(totpCode(secret, s.clock.now()));
      await page.getByLabel('Remember this device').check();
      await shot(page, 'device-01-totp-setup-remember');
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      const first = await codeOf(page);
      assert.equal(first.username, 'ada');
      const devices = await listDevices();
      assert.equal(devices.length, 1);
      const attributes = Object.fromEntries((devices[0]!.DeviceAttributes ?? []).map((a) => [a.Name, a.Value]));
      assert.equal(attributes.device_status, 'valid');
      assert.equal(attributes['dev:device_remembered_status'], 'remembered');
      assert.match(attributes.device_name ?? '', /Chrome|HeadlessChrome/);
      assert.equal(first.deviceKey, devices[0]!.DeviceKey, "the app's tokens belong to the device");
      const device = await context.cookies().then((list) => list.find((c) => c.name === 'cognate-device'));
      assert.ok(device?.httpOnly, 'the device is kept in an HttpOnly cookie');

      // Signed out (the SSO cookie is gone): the password, then straight back to the app — the remembered device
      // replaced the TOTP code.
      s.clock.advance(60_000);
      await signOut(page, pages);
      await signInWithPassword(page, pages);
      const second = await codeOf(page);
      assert.equal(second.username, 'ada');
      assert.equal(second.deviceKey, devices[0]!.DeviceKey);
      await shot(page, 'device-02-back-in-app-without-mfa');

      // Another browser is another device: MFA.
      const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const otherPage = await other.newPage();
        await signInWithPassword(otherPage, pages);
        await otherPage.waitForURL(/\/challenge\?/);
        assert.equal(await otherPage.getByRole('heading').innerText(), 'Enter the code from your authenticator app');
        assert.equal(await otherPage.getByLabel('Remember this device').isChecked(), false);
        await shot(otherPage, 'device-03-other-browser-totp');
      } finally {
        await other.close();
      }

      // The device no longer remembered (AdminUpdateDeviceStatus): MFA again.
      await s.client.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'ada', DeviceKey: devices[0]!.DeviceKey, DeviceRememberedStatus: 'not_remembered' }));
      s.clock.advance(60_000);
      await signOut(page, pages);
      await signInWithPassword(page, pages);
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByRole('heading').innerText(), 'Enter the code from your authenticator app');
      await page.getByLabel('Code').fill(totpCode(secret, s.clock.now()));
      await page.getByRole('button', { name: 'Sign in' }).click();
      assert.equal((await codeOf(page)).username, 'ada');
      const still = await s.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'ada', DeviceKey: devices[0]!.DeviceKey }));
      assert.equal(still.Device?.DeviceAttributes?.find((a) => a.Name === 'dev:device_remembered_status')?.Value, 'not_remembered');

      // Forgotten (AdminForgetDevice): MFA again, and the stale device cookie is dropped.
      await s.client.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'ada', DeviceKey: devices[0]!.DeviceKey }));
      s.clock.advance(60_000);
      await signOut(page, pages);
      await signInWithPassword(page, pages);
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByRole('heading').innerText(), 'Enter the code from your authenticator app');
      assert.equal((await context.cookies()).some((c) => c.name === 'cognate-device'), false);
    } finally {
      await context.close();
    }
  });

  it('a pool that always remembers devices remembers without asking; a pool without device tracking shows no choice', async () => {
    const { pages } = await mfaPoolWithAda('Always', { DeviceOnlyRememberedOnUserPrompt: false });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await signInWithPassword(page, pages);
      await page.waitForURL(/\/challenge\?/);
      assert.equal(await page.getByLabel('Remember this device').count(), 0);
      const secret = (await page.locator('#totp-secret').innerText()).trim();
      await page.getByLabel(/6-digit code/).fill(totpCode(secret, s.clock.now()));
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      assert.ok((await codeOf(page)).deviceKey);
      s.clock.advance(60_000);
      await signOut(page, pages);
      await signInWithPassword(page, pages);
      assert.equal((await codeOf(page)).username, 'ada');
    } finally {
      await context.close();
    }

    const { pages: plainPages } = await mfaPoolWithAda('No tracking');
    const ctx2 = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const p2 = await ctx2.newPage();
      await signInWithPassword(p2, plainPages);
      await p2.waitForURL(/\/challenge\?/);
      assert.equal(await p2.getByLabel('Remember this device').count(), 0);
    } finally {
      await ctx2.close();
    }
  });
});
