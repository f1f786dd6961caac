import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetDeviceCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, fetchDevices, forgetDevice, rememberDevice, signIn, signOut } from 'aws-amplify/auth';
import { usernameKey } from '../../src/domain/users/users.js';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { devicePool, nextCode, OPT_IN, PASSWORD, totpUser } from './flow-helpers.js';

/**
 * Amplify JS v6 (aws-amplify/auth) headless in Node against cognate (`userPoolEndpoint`), with remembered devices
 * (issue 5 acceptance): after an MFA sign-in Amplify confirms the new device itself; `rememberDevice()`; after
 * `signOut()` the next `signIn()` runs device SRP and completes without MFA. A tracked device that is not remembered
 * still gets the MFA step (then device SRP); `forgetDevice()` brings MFA back.
 */
// Amplify names the device it confirms after `navigator.userAgent` (@aws-amplify/core getDeviceName). Node 20 has no
// `navigator` global (Node 21 added one), so without this the ReferenceError makes Amplify skip ConfirmDevice silently
// (getNewDeviceMetadata swallows errors) and no device is ever remembered. A browser always has one.
if (typeof (globalThis as { navigator?: unknown }).navigator === 'undefined') {
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true });
}

describe('Amplify JS v6 and remembered devices', () => {
  let s: TestServer;
  let ids: { poolId: string; clientId: string };
  before(async () => {
    s = await startTestServer();
    ids = await devicePool(s, OPT_IN, 'OPTIONAL');
    Amplify.configure({ Auth: { Cognito: { userPoolId: ids.poolId, userPoolClientId: ids.clientId, userPoolEndpoint: s.url } } });
  });
  after(async () => s.stop());
  afterEach(async () => {
    await signOut().catch(() => undefined);
  });

  async function currentDeviceKey(): Promise<unknown> {
    const { tokens } = await fetchAuthSession();
    return tokens?.accessToken.payload.device_key;
  }
  async function rememberedStatus(username: string, deviceKey: string): Promise<string | undefined> {
    const { Device } = await s.client.send(new AdminGetDeviceCommand({ UserPoolId: ids.poolId, Username: username, DeviceKey: deviceKey }));
    return Device!.DeviceAttributes!.find((a) => a.Name === 'dev:device_remembered_status')?.Value;
  }
  async function confirmedDevices(username: string): Promise<number> {
    const pool = (await s.store.pools.get(ids.poolId))!;
    return (await s.store.devices.listForUser(ids.poolId, usernameKey(pool, username), 100)).filter((d) => d.confirmed).length;
  }
  async function mfaSignIn(username: string, secret: string): Promise<void> {
    const challenge = await signIn({ username, password: PASSWORD });
    assert.equal(challenge.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const done = await confirmSignIn({ challengeResponse: nextCode(s, secret) });
    assert.equal(done.isSignedIn, true);
  }

  it('rememberDevice() after an MFA sign-in, then signIn completes without MFA; forgetDevice() brings MFA back', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'amy');
    await mfaSignIn('amy', secret);
    const deviceKey = await currentDeviceKey();
    assert.equal(typeof deviceKey, 'string', 'the tokens carry the new device');
    assert.equal(await rememberedStatus('amy', deviceKey as string), 'not_remembered', 'Amplify confirmed the device; the pool waits for the user');
    assert.deepEqual(await fetchDevices(), [], 'ListDevices lists remembered devices only');

    await rememberDevice();
    assert.equal(await rememberedStatus('amy', deviceKey as string), 'remembered');
    assert.deepEqual((await fetchDevices()).map((d) => d.id), [deviceKey]);
    await signOut();

    const again = await signIn({ username: 'amy', password: PASSWORD });
    assert.equal(again.isSignedIn, true, `expected DONE, got ${again.nextStep.signInStep}`);
    assert.equal(again.nextStep.signInStep, 'DONE');
    assert.equal(await currentDeviceKey(), deviceKey, 'signed in as the remembered device');
    assert.equal(await confirmedDevices('amy'), 1);

    await forgetDevice();
    await rejectsWith(
      s.client.send(new AdminGetDeviceCommand({ UserPoolId: ids.poolId, Username: 'amy', DeviceKey: deviceKey as string })),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
    // Issue 15: forgetDevice() leaves the app signed in: a forced refresh still gets tokens.
    const stillSignedIn = await fetchAuthSession({ forceRefresh: true });
    assert.ok(stillSignedIn.tokens?.accessToken, 'still signed in after forgetDevice()');
    await signOut();
    const afterForget = await signIn({ username: 'amy', password: PASSWORD });
    assert.equal(afterForget.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  });

  it('a device that is tracked but not remembered: MFA is asked, then device SRP; the tokens are that device\'s', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'ben');
    await mfaSignIn('ben', secret);
    const deviceKey = await currentDeviceKey();
    assert.equal(typeof deviceKey, 'string');
    await signOut();

    await mfaSignIn('ben', secret);
    assert.equal(await currentDeviceKey(), deviceKey, 'the MFA answer named the device, which proved itself');
    assert.equal(await confirmedDevices('ben'), 1, 'no second device');
    assert.equal(await rememberedStatus('ben', deviceKey as string), 'not_remembered');
  });
});
