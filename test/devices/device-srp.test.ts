import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfirmDeviceCommand, ForgetDeviceCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import type { PoolRecord, UserRecord } from '../../src/store/types.js';
import { formatSrpTimestamp } from '../../src/domain/auth/srp.js';
import {
  canSkipMfa,
  isDeviceTrackingOn,
  newDeviceMetadata,
  startDeviceSrp,
  verifyDevicePasswordVerifier,
  type DeviceSrpSessionData,
} from '../../src/domain/devices/devices.js';
import { createPool, createUser, deviceClient, issueDevice, signIn, type DeviceSecret, type PoolFixture } from './fixtures.js';

const DOES_NOT_EXIST = 'Device does not exist.';
const INCORRECT = 'Incorrect username or password.';

// The sign-in flow calls these between DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER (src/domain/auth/device-flow.ts); here the
// client side is amazon-cognito-identity-js's AuthenticationHelper, as CognitoUser.getDeviceResponse drives it.
describe('device SRP: startDeviceSrp → verifyDevicePasswordVerifier against the ACIJ client', () => {
  let s: TestServer;
  let f: PoolFixture;
  let alice: UserRecord;
  let bob: UserRecord;
  let aliceToken: string;
  let device: DeviceSecret;

  before(async () => {
    s = await startTestServer();
    f = await createPool(s, { deviceConfiguration: { ChallengeRequiredOnNewDevice: true } });
    alice = await createUser(s, f.pool, 'alice');
    bob = await createUser(s, f.pool, 'bob');
    aliceToken = await signIn(s, f, 'alice');
    device = await issueDevice(s, f.pool, alice);
    await s.client.send(new ConfirmDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey, DeviceSecretVerifierConfig: device.verifierConfig }));
  });
  after(async () => s.stop());

  /** One exchange: the client's A, the server's challenge, the client's answer with `password`. */
  async function exchange(password: string) {
    const client = await deviceClient(device, password);
    const started = await startDeviceSrp(s.deps, f.pool, alice, device.DeviceKey, client.srpA);
    const responses = await client.answer(started.challengeParameters, formatSrpTimestamp(s.clock.now()));
    return { ...started, responses, client };
  }

  it('the device that holds the secret passes; the device record notes the authentication', async () => {
    s.clock.advance(61_700);
    const { challengeParameters, sessionData, responses } = await exchange(device.randomPassword);
    assert.deepEqual(Object.keys(challengeParameters).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME']);
    assert.equal(challengeParameters.USERNAME, 'alice');
    assert.match(challengeParameters.SRP_B!, /^[0-9a-f]+$/);
    // The session data carries no usable secret in the clear: b is sealed, the secret block only hashed.
    const stored = JSON.stringify(sessionData);
    assert.ok(!stored.includes(challengeParameters.SECRET_BLOCK!));

    const verified = await verifyDevicePasswordVerifier(s.deps, f.pool, alice, sessionData, responses, { sourceIp: '198.51.100.7' });
    assert.equal(verified.deviceKey, device.DeviceKey);
    const record = (await s.store.devices.get(f.pool.id, device.DeviceKey))!;
    assert.equal(record.lastAuthenticatedAt, Math.floor(s.clock.now() / 1000) * 1000);
    assert.equal(record.updatedAt, s.clock.now());
    assert.equal(record.attributes.last_ip_used, '198.51.100.7');
  });

  it('a wrong device secret fails with NotAuthorizedException "Incorrect username or password."', async () => {
    const before = (await s.store.devices.get(f.pool.id, device.DeviceKey))!;
    s.clock.advance(5_000);
    const { sessionData, responses } = await exchange(`${device.randomPassword}x`);
    await rejectsWith(verifyDevicePasswordVerifier(s.deps, f.pool, alice, sessionData, responses), 'NotAuthorizedException', INCORRECT);
    assert.deepEqual(await s.store.devices.get(f.pool.id, device.DeviceKey), before, 'a failed proof records nothing');
  });

  it('a genuine proof is refused with another session\'s secret block, another DEVICE_KEY, a stale TIMESTAMP or a tampered session', async () => {
    const one = await exchange(device.randomPassword);
    const two = await exchange(device.randomPassword);
    // Sanity: both answers are good for their own sessions.
    await verifyDevicePasswordVerifier(s.deps, f.pool, alice, one.sessionData, one.responses);

    // Signed correctly for session two's SRP values, but over session one's secret block: only the binding of the
    // block to its session refuses it.
    const crossed = await two.client.answer(
      { ...two.challengeParameters, SECRET_BLOCK: one.challengeParameters.SECRET_BLOCK! },
      formatSrpTimestamp(s.clock.now()),
    );
    await rejectsWith(verifyDevicePasswordVerifier(s.deps, f.pool, alice, two.sessionData, crossed), 'NotAuthorizedException', INCORRECT);
    await rejectsWith(
      verifyDevicePasswordVerifier(s.deps, f.pool, alice, two.sessionData, { ...two.responses, DEVICE_KEY: 'us-east-1_00000000-0000-4000-8000-000000000000' }),
      'NotAuthorizedException',
      INCORRECT,
    );
    const tampered: DeviceSrpSessionData = { ...two.sessionData, bSealed: one.sessionData.bSealed };
    await rejectsWith(verifyDevicePasswordVerifier(s.deps, f.pool, alice, tampered, two.responses), 'NotAuthorizedException', INCORRECT);
    const garbage: DeviceSrpSessionData = { ...two.sessionData, bSealed: 'not a sealed value' };
    await rejectsWith(verifyDevicePasswordVerifier(s.deps, f.pool, alice, garbage, two.responses), 'NotAuthorizedException', INCORRECT);
    s.clock.advance(10 * 60_000);
    await rejectsWith(verifyDevicePasswordVerifier(s.deps, f.pool, alice, two.sessionData, two.responses), 'NotAuthorizedException', INCORRECT);
  });

  it('missing answers are InvalidParameterException "Missing required parameter …"', async () => {
    const { sessionData, responses } = await exchange(device.randomPassword);
    for (const name of ['PASSWORD_CLAIM_SIGNATURE', 'PASSWORD_CLAIM_SECRET_BLOCK', 'TIMESTAMP'] as const) {
      const { [name]: _dropped, ...rest } = responses;
      await rejectsWith(verifyDevicePasswordVerifier(s.deps, f.pool, alice, sessionData, rest), 'InvalidParameterException', `Missing required parameter ${name}`);
    }
    await rejectsWith(startDeviceSrp(s.deps, f.pool, alice, device.DeviceKey, undefined), 'InvalidParameterException', 'Missing required parameter SRP_A');
    await rejectsWith(startDeviceSrp(s.deps, f.pool, alice, undefined, 'abc'), 'InvalidParameterException', 'Missing required parameter DEVICE_KEY');
    await rejectsWith(startDeviceSrp(s.deps, f.pool, alice, device.DeviceKey, '0'), 'InvalidParameterException', 'Invalid SRP_A.');
  });

  it('unknown, unconfirmed and other users\' device keys: ResourceNotFoundException "Device does not exist."', async () => {
    const client = await deviceClient(device, device.randomPassword);
    await rejectsWith(startDeviceSrp(s.deps, f.pool, bob, device.DeviceKey, client.srpA), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(
      startDeviceSrp(s.deps, f.pool, alice, 'us-east-1_00000000-0000-4000-8000-000000000000', client.srpA),
      'ResourceNotFoundException',
      DOES_NOT_EXIST,
    );
    const unconfirmed = await issueDevice(s, f.pool, alice);
    await rejectsWith(startDeviceSrp(s.deps, f.pool, alice, unconfirmed.DeviceKey, client.srpA), 'ResourceNotFoundException', DOES_NOT_EXIST);
    // A proof made for Alice's device does not make Bob signed in with it.
    const { sessionData, responses } = await exchange(device.randomPassword);
    await rejectsWith(verifyDevicePasswordVerifier(s.deps, f.pool, bob, sessionData, responses), 'ResourceNotFoundException', DOES_NOT_EXIST);
  });

  it('a device forgotten between DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER does not exist any more', async () => {
    const other = await issueDevice(s, f.pool, alice);
    await s.client.send(new ConfirmDeviceCommand({ AccessToken: aliceToken, DeviceKey: other.DeviceKey, DeviceSecretVerifierConfig: other.verifierConfig }));
    const client = await deviceClient(other, other.randomPassword);
    const started = await startDeviceSrp(s.deps, f.pool, alice, other.DeviceKey, client.srpA);
    const responses = await client.answer(started.challengeParameters, formatSrpTimestamp(s.clock.now()));
    await s.client.send(new ForgetDeviceCommand({ AccessToken: aliceToken, DeviceKey: other.DeviceKey }));
    await rejectsWith(verifyDevicePasswordVerifier(s.deps, f.pool, alice, started.sessionData, responses), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(startDeviceSrp(s.deps, f.pool, alice, other.DeviceKey, client.srpA), 'ResourceNotFoundException', DOES_NOT_EXIST);
  });
});

describe('device tracking rules', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  const pool = (config: Record<string, unknown>): PoolRecord => ({ id: 'us-east-1_AbCdEfGhI', name: 'p', createdAt: 0, updatedAt: 0, config });
  const device = (remembered: boolean, confirmed = true) => ({
    poolId: 'us-east-1_AbCdEfGhI',
    usernameKey: 'u',
    deviceKey: 'us-east-1_k',
    groupKey: '-g',
    verifier: 'AA==',
    salt: 'AA==',
    remembered,
    confirmed,
    attributes: {},
    createdAt: 0,
    updatedAt: 0,
  });

  it('any DeviceConfiguration field turns tracking on; none, {} or null leave it off', () => {
    assert.equal(isDeviceTrackingOn(pool({})), false);
    assert.equal(isDeviceTrackingOn(pool({ DeviceConfiguration: null })), false);
    assert.equal(isDeviceTrackingOn(pool({ DeviceConfiguration: {} })), false);
    assert.equal(isDeviceTrackingOn(pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: false } })), true);
    assert.equal(isDeviceTrackingOn(pool({ DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: false } })), true);
  });

  it('MFA is skipped only for a remembered device, ChallengeRequiredOnNewDevice=true and pool MFA OPTIONAL or ON (docs/compatibility.md, Devices, Skipping MFA)', () => {
    const skipping = { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } };
    assert.equal(canSkipMfa(pool({ ...skipping, MfaConfiguration: 'ON' }), device(true)), true);
    assert.equal(canSkipMfa(pool({ ...skipping, MfaConfiguration: 'OPTIONAL' }), device(true)), true);
    assert.equal(canSkipMfa(pool({ ...skipping, MfaConfiguration: 'OFF' }), device(true)), false, 'nothing to skip');
    assert.equal(canSkipMfa(pool({ ...skipping, MfaConfiguration: 'ON' }), device(false)), false, 'tracked, not remembered');
    assert.equal(canSkipMfa(pool({ ...skipping, MfaConfiguration: 'ON' }), device(true, false)), false, 'never confirmed');
    assert.equal(canSkipMfa(pool({ ...skipping, MfaConfiguration: 'ON' }), undefined), false, 'no device');
    assert.equal(
      canSkipMfa(pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false }, MfaConfiguration: 'ON' }), device(true)),
      false,
      'pool does not let devices replace MFA',
    );
    assert.equal(canSkipMfa(pool({ MfaConfiguration: 'ON' }), device(true)), false, 'tracking off');
  });

  it('newDeviceMetadata: a `<region>_<uuid v4>` key and a `-` + 8 alphanumerics group key, stored unconfirmed; nothing without tracking', async () => {
    const tracked = await createPool(s, { deviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: false } });
    const untracked = await createPool(s, {});
    const user = await createUser(s, tracked.pool, 'ivan');
    const other = await createUser(s, untracked.pool, 'ivan');

    assert.equal(await newDeviceMetadata(s.deps, untracked.pool, other), undefined);
    const before = s.clock.now();
    const metas = [await newDeviceMetadata(s.deps, tracked.pool, user), await newDeviceMetadata(s.deps, tracked.pool, user)];
    for (const meta of metas) {
      assert.ok(meta);
      assert.match(meta.DeviceKey, /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(meta.DeviceKey, /^[\w-]+_[0-9a-f-]+$/, 'the model pattern of DeviceKeyType');
      assert.ok(meta.DeviceKey.length <= 55);
      assert.match(meta.DeviceGroupKey, /^-[A-Za-z0-9]{8}$/);
      const record = (await s.store.devices.get(tracked.pool.id, meta.DeviceKey))!;
      assert.equal(record.usernameKey, user.usernameKey);
      assert.equal(record.groupKey, meta.DeviceGroupKey);
      assert.equal(record.confirmed, false);
      assert.equal(record.remembered, false);
      assert.equal(record.verifier, undefined);
      assert.equal(record.createdAt, before);
    }
    assert.notEqual(metas[0]!.DeviceKey, metas[1]!.DeviceKey);
    assert.notEqual(metas[0]!.DeviceGroupKey, metas[1]!.DeviceGroupKey);
  });
});
