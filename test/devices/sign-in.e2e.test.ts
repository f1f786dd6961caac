import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetDeviceCommand,
  AdminUpdateDeviceStatusCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { formatSrpTimestamp } from '../../src/domain/auth/srp.js';
import { rawCall, rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, srpClient } from '../mfa/helpers.js';
import { deviceClient, type DeviceSecret } from './fixtures.js';
import {
  answerTotp,
  claims,
  confirmNewDevice,
  devicePool,
  firstFactor,
  FLOWS,
  nextCode,
  OPT_IN,
  PASSWORD,
  proveDevice,
  totpUser,
  type Step,
} from './flow-helpers.js';

/**
 * The sign-in flows with devices, black-box through SDK v3 (docs/compatibility.md, Devices; issue 5 phase 2): which step comes when, what
 * the tokens carry, and every way a device is refused.
 */
const DOES_NOT_EXIST = 'Device does not exist.';
const INCORRECT = 'Incorrect username or password.';
const KEY_RE = /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UNKNOWN_KEY = 'us-east-1_00000000-0000-4000-8000-000000000000';

describe('sign-in with devices (SDK v3 on the wire)', () => {
  let s: TestServer;
  let ids: { poolId: string; clientId: string };

  before(async () => {
    s = await startTestServer();
    ids = await devicePool(s, OPT_IN, 'OPTIONAL');
  });
  after(async () => s.stop());

  /**
   * RespondToAuthChallenge as raw JSON: SDK v3 may drop a null map value, ACIJ sends `"DEVICE_KEY": null` as is.
   * Returns the decoded response or throws an error named like the SDK's.
   */
  async function respondRaw(body: Record<string, unknown>): Promise<Step> {
    const r = await rawCall(s.url, 'RespondToAuthChallenge', JSON.stringify(body));
    if (r.status === 200) return r.json as Step;
    throw Object.assign(new Error(r.json.message), { name: String(r.json.__type).split('#').pop() });
  }

  /** Signs `username` in with TOTP and confirms the new device (remembered or not). */
  async function enrolledDevice(username: string, secret: string, remember: boolean): Promise<DeviceSecret> {
    const mfa = await firstFactor(s, ids, username, 'USER_PASSWORD_AUTH');
    const done = await answerTotp(s, ids.clientId, mfa, username, nextCode(s, secret));
    return confirmNewDevice(s, done.AuthenticationResult, remember);
  }

  it('every token-issuing flow without a device returns NewDeviceMetadata, and its access token carries that device_key', async () => {
    await addUser(s, ids.poolId, 'nia');
    const keys = new Set<string>();
    for (const flow of FLOWS) {
      const r = await firstFactor(s, ids, 'nia', flow);
      const meta = r.AuthenticationResult?.NewDeviceMetadata;
      assert.ok(meta, flow);
      assert.match(meta.DeviceKey!, KEY_RE);
      assert.match(meta.DeviceGroupKey!, /^-[A-Za-z0-9]{8}$/);
      assert.equal(claims(r.AuthenticationResult!.AccessToken).device_key, meta.DeviceKey, flow);
      assert.equal(claims(r.AuthenticationResult!.IdToken).device_key, undefined, 'the id token has no device_key');
      keys.add(meta.DeviceKey!);
    }
    assert.equal(keys.size, FLOWS.length, 'a new key per sign-in');

    // After MFA.
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'mo');
    const mfa = await firstFactor(s, ids, 'mo', 'USER_SRP_AUTH');
    assert.equal(mfa.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const afterMfa = await answerTotp(s, ids.clientId, mfa, 'mo', nextCode(s, secret));
    assert.ok(afterMfa.AuthenticationResult?.NewDeviceMetadata);
    assert.equal(claims(afterMfa.AuthenticationResult.AccessToken).device_key, afterMfa.AuthenticationResult.NewDeviceMetadata.DeviceKey);

    // After NEW_PASSWORD_REQUIRED.
    await addUser(s, ids.poolId, 'newbie', 'Temp-Passw0rd!', { status: 'FORCE_CHANGE_PASSWORD', temporaryDays: 7 });
    const np = await firstFactor(s, ids, 'newbie', 'USER_PASSWORD_AUTH', undefined, 'Temp-Passw0rd!');
    assert.equal(np.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal(np.AuthenticationResult, undefined);
    const changed = await s.client.send(
      new RespondToAuthChallengeCommand({ ClientId: ids.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: np.Session, ChallengeResponses: { USERNAME: 'newbie', NEW_PASSWORD: PASSWORD } }),
    );
    assert.ok(changed.AuthenticationResult?.NewDeviceMetadata);

    // Not on refresh: the refreshed access token keeps the sign-in's device_key, and no new device is issued.
    const signedIn = (await firstFactor(s, ids, 'nia', 'USER_PASSWORD_AUTH')).AuthenticationResult!;
    const refreshed = await s.client.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ids.clientId, AuthParameters: { REFRESH_TOKEN: signedIn.RefreshToken! } }),
    );
    assert.equal(refreshed.AuthenticationResult!.NewDeviceMetadata, undefined);
    assert.equal(claims(refreshed.AuthenticationResult!.AccessToken).device_key, signedIn.NewDeviceMetadata!.DeviceKey);
    const viaGetTokens = await s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: ids.clientId, RefreshToken: signedIn.RefreshToken! }));
    assert.equal(viaGetTokens.AuthenticationResult!.NewDeviceMetadata, undefined);
  });

  it('a pool that does not track devices returns no NewDeviceMetadata and no device_key', async () => {
    const untracked = await devicePool(s, undefined, 'OFF');
    await addUser(s, untracked.poolId, 'uma');
    for (const flow of FLOWS) {
      const r = await firstFactor(s, untracked, 'uma', flow);
      assert.ok(r.AuthenticationResult?.AccessToken, flow);
      assert.equal(r.AuthenticationResult.NewDeviceMetadata, undefined, flow);
      assert.equal(claims(r.AuthenticationResult.AccessToken).device_key, undefined, flow);
    }
  });

  it('a remembered device replaces MFA in every flow: DEVICE_SRP_AUTH right after the first factor, then tokens with its device_key and no new device', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'rita');
    const device = await enrolledDevice('rita', secret, true);
    for (const flow of FLOWS) {
      const step = await firstFactor(s, ids, 'rita', flow, device.DeviceKey);
      assert.equal(step.ChallengeName, 'DEVICE_SRP_AUTH', flow);
      assert.ok(step.Session);
      assert.deepEqual(step.ChallengeParameters, {});
      const done = await proveDevice(s, ids.clientId, step, 'rita', device);
      assert.ok(done.AuthenticationResult?.AccessToken, flow);
      assert.equal(done.AuthenticationResult.NewDeviceMetadata, undefined, flow);
      assert.equal(claims(done.AuthenticationResult.AccessToken).device_key, device.DeviceKey, flow);
    }
    // The device sign-in is recorded on the device.
    const { Device } = await s.client.send(new AdminGetDeviceCommand({ UserPoolId: ids.poolId, Username: 'rita', DeviceKey: device.DeviceKey }));
    assert.equal(Device!.DeviceLastAuthenticatedDate!.getTime(), Math.floor(s.clock.now() / 1000) * 1000);
    // Without the device, MFA as before.
    assert.equal((await firstFactor(s, ids, 'rita', 'USER_PASSWORD_AUTH')).ChallengeName, 'SOFTWARE_TOKEN_MFA');
  });

  it('a tracked but not remembered device: MFA first; the MFA answer naming the device leads to device SRP and the device\'s tokens; without it, a new device', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'tom');
    const device = await enrolledDevice('tom', secret, false);
    for (const flow of FLOWS) {
      const mfa = await firstFactor(s, ids, 'tom', flow, device.DeviceKey);
      assert.equal(mfa.ChallengeName, 'SOFTWARE_TOKEN_MFA', flow);
      const step = await answerTotp(s, ids.clientId, mfa, 'tom', nextCode(s, secret), device.DeviceKey);
      assert.equal(step.ChallengeName, 'DEVICE_SRP_AUTH', flow);
      const done = await proveDevice(s, ids.clientId, step, 'tom', device);
      assert.equal(done.AuthenticationResult!.NewDeviceMetadata, undefined);
      assert.equal(claims(done.AuthenticationResult!.AccessToken).device_key, device.DeviceKey);
    }
    // Amplify before its 2025 fix (amplify-js#14622) sent no DEVICE_KEY with the MFA code: Cognito then issued a new device.
    const mfa = await firstFactor(s, ids, 'tom', 'USER_SRP_AUTH', device.DeviceKey);
    const fresh = await answerTotp(s, ids.clientId, mfa, 'tom', nextCode(s, secret));
    assert.ok(fresh.AuthenticationResult?.NewDeviceMetadata);
    assert.notEqual(fresh.AuthenticationResult.NewDeviceMetadata.DeviceKey, device.DeviceKey);
  });

  it('DEVICE_SRP_AUTH after an MFA answer also accepts that MFA answer\'s Session (ACIJ sendMFACode keeps it), once; other sessions do not stand in', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'kim');
    const device = await enrolledDevice('kim', secret, false);
    const mfa = await firstFactor(s, ids, 'kim', 'USER_PASSWORD_AUTH', device.DeviceKey);
    const step = await answerTotp(s, ids.clientId, mfa, 'kim', nextCode(s, secret), device.DeviceKey);
    assert.equal(step.ChallengeName, 'DEVICE_SRP_AUTH');
    assert.notEqual(step.Session, mfa.Session);
    // The MFA session stands for the DEVICE_SRP_AUTH session it led to …
    const done = await proveDevice(s, ids.clientId, { ...step, Session: mfa.Session }, 'kim', device);
    assert.equal(claims(done.AuthenticationResult!.AccessToken).device_key, device.DeviceKey);
    // … which is thereby used up, under either name.
    const c = await deviceClient(device, device.randomPassword);
    for (const Session of [mfa.Session, step.Session]) {
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: ids.clientId, ChallengeName: 'DEVICE_SRP_AUTH', Session, ChallengeResponses: { USERNAME: 'kim', DEVICE_KEY: device.DeviceKey, SRP_A: c.srpA } })),
        'NotAuthorizedException',
        'Invalid session for the user, session can only be used once.',
      );
    }
    // An MFA session not (yet) answered, or answered without a device, has no DEVICE_SRP_AUTH successor.
    const pending = await firstFactor(s, ids, 'kim', 'USER_PASSWORD_AUTH', device.DeviceKey);
    const noDevice = await firstFactor(s, ids, 'kim', 'USER_PASSWORD_AUTH');
    assert.ok((await answerTotp(s, ids.clientId, noDevice, 'kim', nextCode(s, secret))).AuthenticationResult);
    for (const Session of [pending.Session, noDevice.Session]) {
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: ids.clientId, ChallengeName: 'DEVICE_SRP_AUTH', Session, ChallengeResponses: { USERNAME: 'kim', DEVICE_KEY: device.DeviceKey, SRP_A: c.srpA } })),
        'NotAuthorizedException',
        'Invalid session for the user.',
      );
    }
  });

  it('remembered devices do not replace MFA when the pool says no (ChallengeRequiredOnNewDevice false): MFA, then device SRP', async () => {
    const strict = await devicePool(s, { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false }, 'OPTIONAL');
    const secret = await totpUser(s, strict.poolId, strict.clientId, 'sam');
    const mfa = await firstFactor(s, strict, 'sam', 'USER_PASSWORD_AUTH');
    const device = await confirmNewDevice(s, (await answerTotp(s, strict.clientId, mfa, 'sam', nextCode(s, secret))).AuthenticationResult, false);
    const { Device } = await s.client.send(new AdminGetDeviceCommand({ UserPoolId: strict.poolId, Username: 'sam', DeviceKey: device.DeviceKey }));
    assert.ok(Device!.DeviceAttributes!.some((a) => a.Name === 'dev:device_remembered_status' && a.Value === 'remembered'));
    const again = await firstFactor(s, strict, 'sam', 'USER_PASSWORD_AUTH', device.DeviceKey);
    assert.equal(again.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const step = await answerTotp(s, strict.clientId, again, 'sam', nextCode(s, secret), device.DeviceKey);
    const done = await proveDevice(s, strict.clientId, step, 'sam', device);
    assert.equal(claims(done.AuthenticationResult!.AccessToken).device_key, device.DeviceKey);
  });

  it('without MFA to ask, a known device still proves itself before the tokens (which are its own)', async () => {
    await addUser(s, ids.poolId, 'ned');
    const first = await firstFactor(s, ids, 'ned', 'USER_SRP_AUTH');
    const device = await confirmNewDevice(s, first.AuthenticationResult, false);
    const step = await firstFactor(s, ids, 'ned', 'USER_SRP_AUTH', device.DeviceKey);
    assert.equal(step.ChallengeName, 'DEVICE_SRP_AUTH');
    const done = await proveDevice(s, ids.clientId, step, 'ned', device);
    assert.equal(claims(done.AuthenticationResult!.AccessToken).device_key, device.DeviceKey);
    assert.equal(done.AuthenticationResult!.NewDeviceMetadata, undefined);
  });

  it('an unknown, unconfirmed, forgotten or another user\'s DEVICE_KEY: ResourceNotFoundException "Device does not exist." — only after a correct password', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'una');
    const mine = await enrolledDevice('una', secret, true);
    await addUser(s, ids.poolId, 'other');
    const theirs = await confirmNewDevice(s, (await firstFactor(s, ids, 'other', 'USER_PASSWORD_AUTH')).AuthenticationResult, true);
    const unconfirmed = (await firstFactor(s, ids, 'other', 'USER_PASSWORD_AUTH')).AuthenticationResult!.NewDeviceMetadata!.DeviceKey!;
    const forgottenResult = (await firstFactor(s, ids, 'other', 'USER_PASSWORD_AUTH')).AuthenticationResult!;
    const forgotten = await confirmNewDevice(s, forgottenResult, true);
    await s.client.send(new ForgetDeviceCommand({ AccessToken: (await firstFactor(s, ids, 'other', 'USER_PASSWORD_AUTH')).AuthenticationResult!.AccessToken, DeviceKey: forgotten.DeviceKey }));

    for (const flow of FLOWS) {
      await rejectsWith(firstFactor(s, ids, 'una', flow, theirs.DeviceKey), 'ResourceNotFoundException', DOES_NOT_EXIST);
      await rejectsWith(firstFactor(s, ids, 'una', flow, UNKNOWN_KEY), 'ResourceNotFoundException', DOES_NOT_EXIST);
      await rejectsWith(firstFactor(s, ids, 'other', flow, unconfirmed), 'ResourceNotFoundException', DOES_NOT_EXIST);
      await rejectsWith(firstFactor(s, ids, 'other', flow, forgotten.DeviceKey), 'ResourceNotFoundException', DOES_NOT_EXIST);
      // A wrong password is refused as such, device or not: the device lookup comes after the first factor.
      if (flow !== 'USER_SRP_AUTH') await rejectsWith(firstFactor(s, ids, 'una', flow, UNKNOWN_KEY, 'Wrong-passw0rd!'), 'NotAuthorizedException', INCORRECT);
    }
    // The MFA answer's DEVICE_KEY is checked before the code: the session survives for the retry without it.
    const mfa = await firstFactor(s, ids, 'una', 'USER_PASSWORD_AUTH');
    const code = nextCode(s, secret);
    await rejectsWith(answerTotp(s, ids.clientId, mfa, 'una', code, theirs.DeviceKey), 'ResourceNotFoundException', DOES_NOT_EXIST);
    assert.ok((await answerTotp(s, ids.clientId, mfa, 'una', code)).AuthenticationResult?.NewDeviceMetadata);
    // Her own device still works.
    const step = await firstFactor(s, ids, 'una', 'USER_PASSWORD_AUTH', mine.DeviceKey);
    assert.equal(step.ChallengeName, 'DEVICE_SRP_AUTH');
  });

  it('PASSWORD_VERIFIER with an unknown device is refused before the session is used: the retry with the same session and DEVICE_KEY null (ACIJ) or absent (Amplify) signs in', async () => {
    await addUser(s, ids.poolId, 'rex');
    for (const retry of [{ DEVICE_KEY: null }, {}] as Array<Record<string, unknown>>) {
      const srp = await srpClient(s, ids.poolId);
      const start = await s.client.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: ids.clientId, AuthParameters: { USERNAME: 'rex', SRP_A: srp.srpA } }));
      const proof = await srp.answer(start.ChallengeParameters!);
      const answer = (extra: Record<string, unknown>) =>
        respondRaw({ ClientId: ids.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: start.Session, ChallengeResponses: { ...proof, ...extra } });
      await rejectsWith(answer({ DEVICE_KEY: UNKNOWN_KEY }), 'ResourceNotFoundException', DOES_NOT_EXIST);
      const done = await answer(retry);
      assert.ok(done.AuthenticationResult?.NewDeviceMetadata, JSON.stringify(retry));
    }
  });

  it('USER_SRP_AUTH may name the device in InitiateAuth; the PASSWORD_VERIFIER answer\'s DEVICE_KEY (even null) wins over it', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'ida');
    const device = await enrolledDevice('ida', secret, true);
    const start = async () => {
      const srp = await srpClient(s, ids.poolId);
      const r = await s.client.send(
        new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: ids.clientId, AuthParameters: { USERNAME: 'ida', SRP_A: srp.srpA, DEVICE_KEY: device.DeviceKey } }),
      );
      return { r, proof: await srp.answer(r.ChallengeParameters!) };
    };
    const answer = (r: Step, responses: Record<string, unknown>) =>
      respondRaw({ ClientId: ids.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: r.Session, ChallengeResponses: responses });
    const a = await start();
    assert.equal((await answer(a.r, a.proof)).ChallengeName, 'DEVICE_SRP_AUTH');
    const b = await start();
    assert.equal((await answer(b.r, { ...b.proof, DEVICE_KEY: null })).ChallengeName, 'SOFTWARE_TOKEN_MFA');
  });

  it('device SRP refusals: wrong device secret, another of the user\'s devices at DEVICE_SRP_AUTH, a used DEVICE_PASSWORD_VERIFIER session, a session of the wrong step', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'val');
    const device = await enrolledDevice('val', secret, true);
    const second = await enrolledDevice('val', secret, true);

    // The wrong secret: the tampered device password of the acceptance scenario.
    let step = await firstFactor(s, ids, 'val', 'USER_PASSWORD_AUTH', device.DeviceKey);
    await rejectsWith(proveDevice(s, ids.clientId, step, 'val', device, `${device.randomPassword}x`), 'NotAuthorizedException', INCORRECT);

    // DEVICE_SRP_AUTH was offered for one device; answering it with another (whose secret the caller has) is refused.
    step = await firstFactor(s, ids, 'val', 'USER_PASSWORD_AUTH', device.DeviceKey);
    await rejectsWith(proveDevice(s, ids.clientId, step, 'val', second), 'NotAuthorizedException', INCORRECT);
    // … the refusal used nothing up: the right device still answers that session.
    const ok = await proveDevice(s, ids.clientId, step, 'val', device);
    assert.equal(claims(ok.AuthenticationResult!.AccessToken).device_key, device.DeviceKey);
    // An unknown key at DEVICE_SRP_AUTH.
    step = await firstFactor(s, ids, 'val', 'USER_PASSWORD_AUTH', device.DeviceKey);
    const c = await deviceClient(device, device.randomPassword);
    await rejectsWith(
      s.client.send(
        new RespondToAuthChallengeCommand({ ClientId: ids.clientId, ChallengeName: 'DEVICE_SRP_AUTH', Session: step.Session, ChallengeResponses: { USERNAME: 'val', DEVICE_KEY: UNKNOWN_KEY, SRP_A: c.srpA } }),
      ),
      'ResourceNotFoundException',
      DOES_NOT_EXIST,
    );

    // A DEVICE_PASSWORD_VERIFIER session answers once, right or wrong.
    const verifier = await s.client.send(
      new RespondToAuthChallengeCommand({ ClientId: ids.clientId, ChallengeName: 'DEVICE_SRP_AUTH', Session: step.Session, ChallengeResponses: { USERNAME: 'val', DEVICE_KEY: device.DeviceKey, SRP_A: c.srpA } }),
    );
    assert.deepEqual(Object.keys(verifier.ChallengeParameters!).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME']);
    const responses = await c.answer(verifier.ChallengeParameters!, formatSrpTimestamp(s.clock.now()));
    const send = () => s.client.send(new RespondToAuthChallengeCommand({ ClientId: ids.clientId, ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: verifier.Session, ChallengeResponses: responses }));
    assert.ok((await send()).AuthenticationResult);
    await rejectsWith(send(), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
    // The used DEVICE_SRP_AUTH session is gone too, and a session of another step is refused.
    await rejectsWith(
      s.client.send(new RespondToAuthChallengeCommand({ ClientId: ids.clientId, ChallengeName: 'DEVICE_SRP_AUTH', Session: step.Session, ChallengeResponses: { USERNAME: 'val', DEVICE_KEY: device.DeviceKey, SRP_A: c.srpA } })),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
    const mfa = await firstFactor(s, ids, 'val', 'USER_PASSWORD_AUTH');
    await rejectsWith(
      s.client.send(new RespondToAuthChallengeCommand({ ClientId: ids.clientId, ChallengeName: 'DEVICE_SRP_AUTH', Session: mfa.Session, ChallengeResponses: { USERNAME: 'val', DEVICE_KEY: device.DeviceKey, SRP_A: c.srpA } })),
      'NotAuthorizedException',
      'Invalid session for the user.',
    );
  });

  it('a device no longer remembered by the time it proves itself: MFA follows device SRP, and the tokens are still the device\'s', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'wes');
    const device = await enrolledDevice('wes', secret, true);
    const step = await firstFactor(s, ids, 'wes', 'USER_PASSWORD_AUTH', device.DeviceKey);
    assert.equal(step.ChallengeName, 'DEVICE_SRP_AUTH');
    await s.client.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: ids.poolId, Username: 'wes', DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'not_remembered' }));
    const mfa = await proveDevice(s, ids.clientId, step, 'wes', device);
    assert.equal(mfa.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const done = await answerTotp(s, ids.clientId, mfa, 'wes', nextCode(s, secret));
    assert.equal(done.AuthenticationResult!.NewDeviceMetadata, undefined);
    assert.equal(claims(done.AuthenticationResult!.AccessToken).device_key, device.DeviceKey);
  });

  it('refresh with a DEVICE_KEY: it must be the user\'s confirmed device; forgetting a device revokes no tokens', async () => {
    const secret = await totpUser(s, ids.poolId, ids.clientId, 'fay');
    const device = await enrolledDevice('fay', secret, true);
    await addUser(s, ids.poolId, 'gus');
    const gusDevice = await confirmNewDevice(s, (await firstFactor(s, ids, 'gus', 'USER_PASSWORD_AUTH')).AuthenticationResult, true);

    const signedIn = (await proveDevice(s, ids.clientId, await firstFactor(s, ids, 'fay', 'USER_SRP_AUTH', device.DeviceKey), 'fay', device)).AuthenticationResult!;
    const refresh = (DEVICE_KEY?: string) =>
      s.client.send(
        new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ids.clientId, AuthParameters: { REFRESH_TOKEN: signedIn.RefreshToken!, ...(DEVICE_KEY ? { DEVICE_KEY } : {}) } }),
      );
    const getTokens = (DeviceKey?: string) => s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: ids.clientId, RefreshToken: signedIn.RefreshToken!, DeviceKey }));
    assert.equal(claims((await refresh(device.DeviceKey)).AuthenticationResult!.AccessToken).device_key, device.DeviceKey);
    assert.equal(claims((await getTokens(device.DeviceKey)).AuthenticationResult!.AccessToken).device_key, device.DeviceKey);
    await rejectsWith(refresh(gusDevice.DeviceKey), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(getTokens(gusDevice.DeviceKey), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(refresh(UNKNOWN_KEY), 'ResourceNotFoundException', DOES_NOT_EXIST);

    // Issue 15 fidelity bug 3: ForgetDevice only ends device authentication (Cognito's reference; Amplify's
    // forgetDevice() stays signed in). The caller's tokens and refresh tokens keep working; the device is gone.
    const issuing = (await firstFactor(s, ids, 'gus', 'USER_PASSWORD_AUTH')).AuthenticationResult!;
    const issued = await confirmNewDevice(s, issuing, true);
    await s.client.send(new ForgetDeviceCommand({ AccessToken: signedIn.AccessToken, DeviceKey: device.DeviceKey }));
    await s.client.send(new ForgetDeviceCommand({ AccessToken: issuing.AccessToken, DeviceKey: issued.DeviceKey }));
    await s.client.send(new GetUserCommand({ AccessToken: signedIn.AccessToken! }));
    await rejectsWith(s.client.send(new GetDeviceCommand({ AccessToken: signedIn.AccessToken!, DeviceKey: device.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    assert.ok((await refresh()).AuthenticationResult!.AccessToken);
    assert.ok((await getTokens()).AuthenticationResult!.AccessToken);
    assert.ok(
      (await s.client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ids.clientId, AuthParameters: { REFRESH_TOKEN: issuing.RefreshToken! } })))
        .AuthenticationResult!.AccessToken,
    );
    await rejectsWith(refresh(device.DeviceKey), 'ResourceNotFoundException', DOES_NOT_EXIST);
    // And the forgotten device signs in no more.
    await rejectsWith(firstFactor(s, ids, 'fay', 'USER_PASSWORD_AUTH', device.DeviceKey), 'ResourceNotFoundException', DOES_NOT_EXIST);
  });

  it('PreventUserExistenceErrors: an unknown user\'s PASSWORD_VERIFIER with a DEVICE_KEY looks like a real user\'s unknown key', async () => {
    const { clientId } = await createClient(s, ids.poolId, { PreventUserExistenceErrors: 'ENABLED' });
    await addUser(s, ids.poolId, 'real');
    for (const name of ['real', 'ghost']) {
      const srp = await srpClient(s, ids.poolId);
      const start = await s.client.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, SRP_A: srp.srpA } }));
      const proof = await srp.answer(start.ChallengeParameters!);
      const answer = (extra: Record<string, string>) =>
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: start.Session, ChallengeResponses: { ...proof, ...extra } }));
      await rejectsWith(answer({ DEVICE_KEY: UNKNOWN_KEY }), 'ResourceNotFoundException', DOES_NOT_EXIST);
      if (name === 'ghost') await rejectsWith(answer({}), 'NotAuthorizedException', INCORRECT);
      else assert.ok((await answer({})).AuthenticationResult);
    }
  });
});
