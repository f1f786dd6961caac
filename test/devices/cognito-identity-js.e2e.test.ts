import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetDeviceCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { usernameKey } from '../../src/domain/users/users.js';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { memoryStorage } from '../mfa/helpers.js';
import { devicePool, nextCode, OPT_IN, PASSWORD, totpUser } from './flow-helpers.js';

/**
 * amazon-cognito-identity-js end to end with remembered devices (issue 5 acceptance): a TOTP sign-in whose
 * NewDeviceMetadata the library confirms itself (ConfirmDevice), setDeviceStatusRemembered, sign-out, and the next
 * authenticateUser with the same storage runs device SRP instead of MFA. A tampered device secret fails; after
 * forgetDevice MFA is back (and the session stays signed in). A device that is tracked but not remembered still gets MFA (then device SRP).
 */
type Outcome =
  | { kind: 'success'; session: CognitoUserSession; userConfirmationNecessary?: boolean }
  | { kind: 'totpRequired' | 'mfaRequired' | 'selectMFAType' | 'mfaSetup'; name: string };

function callbacks(resolve: (o: Outcome) => void, reject: (e: unknown) => void) {
  return {
    onSuccess: (session: CognitoUserSession, userConfirmationNecessary?: boolean) => resolve({ kind: 'success', session, userConfirmationNecessary }),
    onFailure: reject,
    totpRequired: (name: string) => resolve({ kind: 'totpRequired', name }),
    mfaRequired: (name: string) => resolve({ kind: 'mfaRequired', name }),
    selectMFAType: (name: string) => resolve({ kind: 'selectMFAType', name }),
    mfaSetup: (name: string) => resolve({ kind: 'mfaSetup', name }),
    newPasswordRequired: () => reject(new Error('unexpected newPasswordRequired')),
    customChallenge: () => reject(new Error('unexpected customChallenge')),
  };
}

const success = (o: Outcome) => {
  assert.equal(o.kind, 'success', `expected tokens, got ${o.kind}`);
  return o as Extract<Outcome, { kind: 'success' }>;
};

describe('amazon-cognito-identity-js and remembered devices', () => {
  let s: TestServer;
  let ids: { poolId: string; clientId: string };
  before(async () => {
    s = await startTestServer();
    ids = await devicePool(s, OPT_IN, 'OPTIONAL');
  });
  after(async () => s.stop());

  /** A browser: one storage that outlives sign-outs and CognitoUser objects. */
  function browser() {
    const storage = memoryStorage();
    const pool = new CognitoUserPool({ UserPoolId: ids.poolId, ClientId: ids.clientId, endpoint: s.url, Storage: storage as never });
    const prefix = (username: string) => `CognitoIdentityServiceProvider.${ids.clientId}.${username}`;
    return {
      storage,
      user: (username: string, flow?: 'USER_PASSWORD_AUTH') => {
        const u = new CognitoUser({ Username: username, Pool: pool, Storage: storage as never });
        if (flow) u.setAuthenticationFlowType(flow);
        return u;
      },
      deviceKey: (username: string) => storage.getItem(`${prefix(username)}.deviceKey`),
      devicePasswordItem: (username: string) => `${prefix(username)}.randomPasswordKey`,
    };
  }
  const authenticate = (user: CognitoUser) =>
    new Promise<Outcome>((res, rej) => user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: PASSWORD }), callbacks(res, rej)));
  const sendMFACode = (user: CognitoUser, code: string) => new Promise<Outcome>((res, rej) => user.sendMFACode(code, callbacks(res, rej), 'SOFTWARE_TOKEN_MFA'));
  const call = (fn: (cb: { onSuccess: (r: string) => void; onFailure: (e: unknown) => void }) => void) =>
    new Promise<string>((res, rej) => fn({ onSuccess: res, onFailure: rej }));
  const signOut = (user: CognitoUser) => new Promise<void>((res, rej) => user.signOut((err?: Error) => (err ? rej(err) : res())));

  async function serverDevice(username: string, deviceKey: string) {
    const { Device } = await s.client.send(new AdminGetDeviceCommand({ UserPoolId: ids.poolId, Username: username, DeviceKey: deviceKey }));
    return Object.fromEntries(Device!.DeviceAttributes!.map((a) => [a.Name!, a.Value!]));
  }
  async function confirmedDevices(username: string) {
    const pool = (await s.store.pools.get(ids.poolId))!;
    return (await s.store.devices.listForUser(ids.poolId, usernameKey(pool, username), 100)).filter((d) => d.confirmed);
  }

  it('TOTP sign-in confirms the new device, setDeviceStatusRemembered; after sign-out the same storage signs in by device SRP without MFA; a tampered device secret fails; forgetDevice brings MFA back', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'ada');
    const b = browser();

    // 1. MFA sign-in; ACIJ confirms the NewDeviceMetadata itself and reports UserConfirmationNecessary.
    const first = b.user('ada');
    assert.equal((await authenticate(first)).kind, 'totpRequired');
    const signedIn = success(await sendMFACode(first, nextCode(s, secret)));
    assert.equal(signedIn.userConfirmationNecessary, true, 'DeviceOnlyRememberedOnUserPrompt');
    const deviceKey = b.deviceKey('ada');
    assert.ok(deviceKey, 'the library stored the confirmed device');
    assert.equal(signedIn.session.getAccessToken().payload.device_key, deviceKey);
    assert.equal((await serverDevice('ada', deviceKey))['dev:device_remembered_status'], 'not_remembered');

    // 2. The user opts in.
    assert.equal(await call((cb) => first.setDeviceStatusRemembered(cb)), 'SUCCESS');
    assert.equal((await serverDevice('ada', deviceKey))['dev:device_remembered_status'], 'remembered');
    await signOut(first);

    // 3. Same storage, new sign-in: device SRP instead of MFA, in the library's default flow (USER_SRP_AUTH) and in USER_PASSWORD_AUTH.
    for (const flow of [undefined, 'USER_PASSWORD_AUTH'] as const) {
      const again = b.user('ada', flow);
      const r = success(await authenticate(again));
      assert.equal(r.session.getAccessToken().payload.device_key, deviceKey, flow ?? 'USER_SRP_AUTH');
      assert.equal(b.deviceKey('ada'), deviceKey, 'no new device');
      await signOut(again);
    }
    assert.equal((await confirmedDevices('ada')).length, 1);

    // 4. A tampered device secret: the device SRP proof fails, so does the sign-in.
    const item = b.devicePasswordItem('ada');
    const genuine = b.storage.getItem(item)!;
    b.storage.setItem(item, `${genuine.slice(0, -2)}xx`);
    await assert.rejects(authenticate(b.user('ada')), (e: Error & { code?: string }) => {
      assert.equal(e.name === 'NotAuthorizedException' || e.code === 'NotAuthorizedException', true, `${e.name}: ${e.message}`);
      assert.equal(e.message, 'Incorrect username or password.');
      return true;
    });
    b.storage.setItem(item, genuine);

    // 5. forgetDevice (from a device sign-in): the device is gone and MFA is back, but the session stays signed in
    //    (issue 15: forgetting a device revokes no tokens).
    const last = b.user('ada');
    const lastSession = success(await authenticate(last)).session;
    assert.equal(await call((cb) => last.forgetDevice(cb)), 'SUCCESS');
    assert.equal(b.deviceKey('ada'), null, 'the library dropped the device');
    await rejectsWith(
      s.client.send(new AdminGetDeviceCommand({ UserPoolId: ids.poolId, Username: 'ada', DeviceKey: deviceKey })),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
    const refreshed = await s.client.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ids.clientId, AuthParameters: { REFRESH_TOKEN: lastSession.getRefreshToken().getToken() } }),
    );
    assert.ok(refreshed.AuthenticationResult!.AccessToken, 'the refresh token still works');
    const afterForget = b.user('ada');
    assert.equal((await authenticate(afterForget)).kind, 'totpRequired');
  });

  it('a device that is tracked but not remembered: MFA is asked, then device SRP, and the tokens are that device\'s (no new device)', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'bea');
    const b = browser();
    const first = b.user('bea');
    assert.equal((await authenticate(first)).kind, 'totpRequired');
    assert.equal(success(await sendMFACode(first, nextCode(s, secret))).userConfirmationNecessary, true);
    const deviceKey = b.deviceKey('bea')!;
    assert.ok(deviceKey);
    await signOut(first);

    const again = b.user('bea');
    assert.equal((await authenticate(again)).kind, 'totpRequired', 'MFA is asked for a device that is not remembered');
    const r = success(await sendMFACode(again, nextCode(s, secret)));
    assert.equal(r.session.getAccessToken().payload.device_key, deviceKey);
    assert.equal(b.deviceKey('bea'), deviceKey);
    assert.equal((await confirmedDevices('bea')).length, 1, 'the device was recognised, not issued again');
    assert.equal((await serverDevice('bea', deviceKey))['dev:device_remembered_status'], 'not_remembered');
  });
});
