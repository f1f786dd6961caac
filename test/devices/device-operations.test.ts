import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  ConfirmDeviceCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  ListDevicesCommand,
  UpdateDeviceStatusCommand,
  type DeviceType,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import type { UserRecord } from '../../src/store/types.js';
import { createPool, createUser, deviceTokens, issueDevice, signIn, type DeviceSecret, type PoolFixture } from './fixtures.js';

const DOES_NOT_EXIST = 'Device does not exist.';
const attrs = (d: DeviceType | undefined) => Object.fromEntries((d?.DeviceAttributes ?? []).map((a) => [a.Name!, a.Value!]));
const originJti = (accessToken: string) => JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')).origin_jti as string;

describe('device operations (ConfirmDevice, UpdateDeviceStatus, GetDevice, ListDevices, ForgetDevice)', () => {
  let s: TestServer;
  // Remembers devices at once and lets remembered devices replace MFA.
  let always: PoolFixture;
  // DeviceOnlyRememberedOnUserPrompt: the user opts in after ConfirmDevice.
  let optIn: PoolFixture;
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  let aliceToken: string;
  let bobToken: string;
  let carolToken: string;

  const confirm = (token: string, d: DeviceSecret, name?: string) =>
    s.client.send(new ConfirmDeviceCommand({ AccessToken: token, DeviceKey: d.DeviceKey, DeviceSecretVerifierConfig: d.verifierConfig, DeviceName: name }));

  before(async () => {
    s = await startTestServer();
    always = await createPool(s, { name: 'always', deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } });
    optIn = await createPool(s, { name: 'opt-in', deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } });
    alice = await createUser(s, always.pool, 'alice');
    bob = await createUser(s, always.pool, 'bob');
    carol = await createUser(s, optIn.pool, 'carol');
    aliceToken = await signIn(s, always, 'alice');
    bobToken = await signIn(s, always, 'bob');
    carolToken = await signIn(s, optIn, 'carol');
  });
  after(async () => s.stop());

  it('ConfirmDevice stores the verifier and salt (never a password) and, without a user prompt, remembers the device at once', async () => {
    const device = await issueDevice(s, always.pool, alice);
    const { UserConfirmationNecessary } = await confirm(aliceToken, device, 'Pixel 9');
    assert.equal(UserConfirmationNecessary, false);

    const stored = (await s.store.devices.get(always.pool.id, device.DeviceKey))!;
    assert.equal(stored.confirmed, true);
    assert.equal(stored.remembered, true);
    assert.equal(stored.name, 'Pixel 9');
    assert.equal(BigInt(`0x${Buffer.from(stored.verifier!, 'base64').toString('hex')}`), BigInt(`0x${Buffer.from(device.verifierConfig.PasswordVerifier, 'base64').toString('hex')}`));
    assert.equal(BigInt(`0x${Buffer.from(stored.salt!, 'base64').toString('hex')}`), BigInt(`0x${Buffer.from(device.verifierConfig.Salt, 'base64').toString('hex')}`));
    assert.ok(!JSON.stringify(stored).includes(device.randomPassword), 'the device password is nowhere in the record');

    const { Device } = await s.client.send(new GetDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey }));
    assert.equal(attrs(Device)['dev:device_remembered_status'], 'remembered');
  });

  it('ConfirmDevice on a pool with DeviceOnlyRememberedOnUserPrompt answers UserConfirmationNecessary and leaves the device not remembered', async () => {
    const device = await issueDevice(s, optIn.pool, carol);
    const { UserConfirmationNecessary } = await confirm(carolToken, device);
    assert.equal(UserConfirmationNecessary, true);
    const { Device } = await s.client.send(new GetDeviceCommand({ AccessToken: carolToken, DeviceKey: device.DeviceKey }));
    assert.equal(attrs(Device)['dev:device_remembered_status'], 'not_remembered');
    assert.equal((await s.store.devices.get(optIn.pool.id, device.DeviceKey))!.remembered, false);

    await s.client.send(new UpdateDeviceStatusCommand({ AccessToken: carolToken, DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'remembered' }));
    const after = await s.client.send(new GetDeviceCommand({ AccessToken: carolToken, DeviceKey: device.DeviceKey }));
    assert.equal(attrs(after.Device)['dev:device_remembered_status'], 'remembered');
  });

  it('GetDevice returns the device attributes and dates as Cognito does', async () => {
    const issuedAt = s.clock.now();
    const device = await issueDevice(s, always.pool, alice, '::ffff:192.0.2.1');
    s.clock.advance(90_500);
    const confirmedAt = s.clock.now();
    await confirm(aliceToken, device, 'Firefox on Linux');

    const { Device } = await s.client.send(new GetDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey }));
    assert.equal(Device!.DeviceKey, device.DeviceKey);
    const owner = `alice.${always.pool.id}`;
    assert.deepEqual(
      Device!.DeviceAttributes!.map((a) => a.Name),
      ['device_status', 'device_name', 'dev:device_arn', 'dev:device_owner', 'last_ip_used', 'dev:device_remembered_status', 'dev:device_sdk'],
    );
    assert.deepEqual(attrs(Device), {
      device_status: 'valid',
      device_name: 'Firefox on Linux',
      'dev:device_arn': `arn:aws:cognito-idp:us-east-1:000000000000:owner/${owner}/device/${device.DeviceKey}`,
      'dev:device_owner': owner,
      // ConfirmDevice came from this test's loopback connection, after a sign-in from 192.0.2.1.
      last_ip_used: '127.0.0.1',
      'dev:device_remembered_status': 'remembered',
      'dev:device_sdk': 'aws-sdk',
    });
    assert.ok(Device!.DeviceCreateDate instanceof Date);
    assert.equal(Device!.DeviceCreateDate!.getTime(), issuedAt);
    assert.equal(Device!.DeviceLastModifiedDate!.getTime(), confirmedAt);
    // The last authentication is the sign-in that issued the key, in whole seconds.
    assert.equal(Device!.DeviceLastAuthenticatedDate!.getTime(), Math.floor(issuedAt / 1000) * 1000);

    // Epoch seconds on the wire (fractions allowed), as for every Cognito timestamp.
    const raw = await rawCall(s.url, 'GetDevice', JSON.stringify({ AccessToken: aliceToken, DeviceKey: device.DeviceKey }));
    assert.equal(raw.status, 200);
    assert.equal(raw.json.Device.DeviceLastModifiedDate, confirmedAt / 1000);
  });

  it('a device without a name or a known IP leaves those attributes out', async () => {
    const device = await issueDevice(s, always.pool, bob);
    const raw = await rawCall(
      s.url,
      'ConfirmDevice',
      JSON.stringify({ AccessToken: bobToken, DeviceKey: device.DeviceKey, DeviceSecretVerifierConfig: device.verifierConfig }),
    );
    assert.equal(raw.status, 200);
    const stored = (await s.store.devices.get(always.pool.id, device.DeviceKey))!;
    await s.store.devices.update({ ...stored, attributes: {} });
    const { Device } = await s.client.send(new GetDeviceCommand({ AccessToken: bobToken, DeviceKey: device.DeviceKey }));
    assert.deepEqual(Object.keys(attrs(Device)), ['device_status', 'dev:device_arn', 'dev:device_owner', 'dev:device_remembered_status', 'dev:device_sdk']);
  });

  it('ConfirmDevice refuses unknown keys, other users\' keys, a second confirmation and a missing or bad verifier', async () => {
    const device = await issueDevice(s, always.pool, alice);
    await rejectsWith(confirm(aliceToken, { ...device, DeviceKey: 'us-east-1_00000000-0000-4000-8000-000000000000' }), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(confirm(bobToken, device), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(
      s.client.send(new ConfirmDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey })),
      'InvalidParameterException',
      'Invalid device secret verifier config.',
    );
    await rejectsWith(
      confirm(aliceToken, { ...device, verifierConfig: { ...device.verifierConfig, PasswordVerifier: 'AQ==' } }),
      'InvalidParameterException',
      'Invalid device secret verifier config.',
    );
    assert.equal((await s.store.devices.get(always.pool.id, device.DeviceKey))!.confirmed, false, 'refused attempts change nothing');
    await rejectsWith(confirm('not-a-token', device), 'NotAuthorizedException', 'Invalid Access Token');

    await confirm(aliceToken, device);
    // A second ConfirmDevice must not replace the verifier the device authenticates with.
    const other = await issueDevice(s, always.pool, alice);
    await rejectsWith(
      confirm(aliceToken, { ...device, verifierConfig: other.verifierConfig }),
      'DeviceKeyExistsException',
      'Device key already exists.',
    );
    const stored = (await s.store.devices.get(always.pool.id, device.DeviceKey))!;
    assert.equal(BigInt(`0x${Buffer.from(stored.verifier!, 'base64').toString('hex')}`), BigInt(`0x${Buffer.from(device.verifierConfig.PasswordVerifier, 'base64').toString('hex')}`));
  });

  it('another user\'s device key is rejected by every device operation (Device does not exist.)', async () => {
    const device = await issueDevice(s, always.pool, alice);
    await confirm(aliceToken, device);
    await rejectsWith(s.client.send(new GetDeviceCommand({ AccessToken: bobToken, DeviceKey: device.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(
      s.client.send(new UpdateDeviceStatusCommand({ AccessToken: bobToken, DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'not_remembered' })),
      'ResourceNotFoundException',
      DOES_NOT_EXIST,
    );
    await rejectsWith(s.client.send(new ForgetDeviceCommand({ AccessToken: bobToken, DeviceKey: device.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    const { Devices } = await s.client.send(new ListDevicesCommand({ AccessToken: bobToken }));
    assert.ok(!Devices!.some((d) => d.DeviceKey === device.DeviceKey));
    // Still Alice's, untouched.
    const stored = (await s.store.devices.get(always.pool.id, device.DeviceKey))!;
    assert.equal(stored.remembered, true);
  });

  it('a key issued at sign-in but never confirmed does not exist for GetDevice, UpdateDeviceStatus and ForgetDevice', async () => {
    const device = await issueDevice(s, always.pool, alice);
    await rejectsWith(s.client.send(new GetDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(
      s.client.send(new UpdateDeviceStatusCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'remembered' })),
      'ResourceNotFoundException',
      DOES_NOT_EXIST,
    );
    await rejectsWith(s.client.send(new ForgetDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    assert.equal((await s.store.devices.get(always.pool.id, device.DeviceKey))!.remembered, false);
  });

  it('GetDevice and ForgetDevice without an AccessToken (optional in the model) answer NotAuthorizedException', async () => {
    const device = await issueDevice(s, always.pool, alice);
    await confirm(aliceToken, device);
    await rejectsWith(s.client.send(new GetDeviceCommand({ DeviceKey: device.DeviceKey })), 'NotAuthorizedException', 'Invalid Access Token');
    await rejectsWith(s.client.send(new ForgetDeviceCommand({ DeviceKey: device.DeviceKey })), 'NotAuthorizedException', 'Invalid Access Token');
    assert.ok(await s.store.devices.get(always.pool.id, device.DeviceKey), 'not forgotten');
  });

  it('UpdateDeviceStatus switches between remembered and not_remembered; without a status nothing changes', async () => {
    const device = await issueDevice(s, always.pool, alice);
    await confirm(aliceToken, device);
    const status = async () => attrs((await s.client.send(new GetDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey }))).Device)['dev:device_remembered_status'];
    s.clock.advance(1000);
    await s.client.send(new UpdateDeviceStatusCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'not_remembered' }));
    assert.equal(await status(), 'not_remembered');
    assert.equal((await s.store.devices.get(always.pool.id, device.DeviceKey))!.updatedAt, s.clock.now());
    await s.client.send(new UpdateDeviceStatusCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey }));
    assert.equal(await status(), 'not_remembered');
    await s.client.send(new UpdateDeviceStatusCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'remembered' }));
    assert.equal(await status(), 'remembered');
    await rejectsWith(
      s.client.send(new UpdateDeviceStatusCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'forever' as never })),
      'InvalidParameterException',
      /deviceRememberedStatus/,
    );
  });

  it('ForgetDevice deletes the device and revokes no tokens, not even those signed in with it (issue 15)', async () => {
    const device = await issueDevice(s, always.pool, alice);
    await confirm(aliceToken, device);
    const withDevice = await deviceTokens(s, always, alice, device.DeviceKey);
    const otherDevice = await issueDevice(s, always.pool, alice);
    await confirm(aliceToken, otherDevice);
    const withOtherDevice = await deviceTokens(s, always, alice, otherDevice.DeviceKey);

    await s.client.send(new ForgetDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey }));

    await rejectsWith(s.client.send(new GetDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    const { Devices } = await s.client.send(new ListDevicesCommand({ AccessToken: aliceToken }));
    assert.ok(!Devices!.some((d) => d.DeviceKey === device.DeviceKey));
    assert.equal(await s.store.devices.get(always.pool.id, device.DeviceKey), undefined);

    // The device's sign-in stays signed in (Cognito's reference: only device authentication ends); so does another's.
    assert.equal((await s.store.tokens.getFamily(originJti(withDevice.AccessToken)))!.revokedAt, undefined);
    await s.client.send(new ListDevicesCommand({ AccessToken: withDevice.AccessToken }));
    await rejectsWith(s.client.send(new GetDeviceCommand({ AccessToken: withDevice.AccessToken, DeviceKey: device.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    assert.equal((await s.store.tokens.getFamily(originJti(withOtherDevice.AccessToken)))!.revokedAt, undefined);
    await s.client.send(new GetDeviceCommand({ AccessToken: withOtherDevice.AccessToken, DeviceKey: otherDevice.DeviceKey }));

    // Forgotten is forgotten: a second ForgetDevice and a ConfirmDevice of the old key find nothing.
    await rejectsWith(s.client.send(new ForgetDeviceCommand({ AccessToken: aliceToken, DeviceKey: device.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(confirm(aliceToken, device), 'ResourceNotFoundException', DOES_NOT_EXIST);
  });

  it('ListDevices lists only remembered devices, in pages of Limit with a PaginationToken', async () => {
    const dave = await createUser(s, always.pool, 'dave');
    const token = await signIn(s, always, 'dave');
    const remembered: string[] = [];
    for (let i = 0; i < 7; i++) {
      const device = await issueDevice(s, always.pool, dave);
      await confirm(token, device, `device ${i}`);
      if (i % 3 === 1) {
        await s.client.send(new UpdateDeviceStatusCommand({ AccessToken: token, DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'not_remembered' }));
      } else {
        remembered.push(device.DeviceKey);
      }
    }
    await issueDevice(s, always.pool, dave); // issued, never confirmed

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await s.client.send(new ListDevicesCommand({ AccessToken: token, Limit: 2, PaginationToken }));
      pageSizes.push(page.Devices!.length);
      for (const d of page.Devices!) {
        seen.push(d.DeviceKey!);
        assert.equal(attrs(d)['dev:device_remembered_status'], 'remembered');
        assert.ok(d.DeviceCreateDate instanceof Date && d.DeviceLastModifiedDate instanceof Date && d.DeviceLastAuthenticatedDate instanceof Date);
      }
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    assert.equal(remembered.length, 5);
    assert.deepEqual(pageSizes, [2, 2, 1]);
    assert.deepEqual([...seen].sort(), [...remembered].sort());

    const all = await s.client.send(new ListDevicesCommand({ AccessToken: token }));
    assert.deepEqual(all.Devices!.map((d) => d.DeviceKey).sort(), [...remembered].sort());
    assert.equal(all.PaginationToken, undefined);
    const zero = await s.client.send(new ListDevicesCommand({ AccessToken: token, Limit: 0 }));
    assert.equal(zero.Devices!.length, 5, 'Limit 0 means the default page');
    // Exactly a full page: no token pointing at an empty page.
    const five = await s.client.send(new ListDevicesCommand({ AccessToken: token, Limit: 5 }));
    assert.equal(five.Devices!.length, 5);
    assert.equal(five.PaginationToken, undefined);

    await rejectsWith(s.client.send(new ListDevicesCommand({ AccessToken: token, PaginationToken: 'bm9wZQ' })), 'InvalidParameterException', 'Invalid pagination token.');
    await rejectsWith(s.client.send(new ListDevicesCommand({ AccessToken: token, Limit: 61 })), 'InvalidParameterException', /limit/);
    const { Devices: aliceDevices } = await s.client.send(new ListDevicesCommand({ AccessToken: aliceToken, Limit: 60 }));
    assert.ok(!aliceDevices!.some((d) => remembered.includes(d.DeviceKey!)), 'another user sees none of them');
  });
});

describe('Admin device operations (AdminGetDevice, AdminListDevices, AdminUpdateDeviceStatus, AdminForgetDevice)', () => {
  let s: TestServer;
  let f: PoolFixture;
  let frank: UserRecord;
  let grace: UserRecord;
  let frankToken: string;
  let frankDevice: DeviceSecret;

  before(async () => {
    s = await startTestServer();
    f = await createPool(s, { deviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } });
    frank = await createUser(s, f.pool, 'frank');
    grace = await createUser(s, f.pool, 'grace');
    frankToken = await signIn(s, f, 'frank');
    frankDevice = await issueDevice(s, f.pool, frank);
    await s.client.send(
      new ConfirmDeviceCommand({ AccessToken: frankToken, DeviceKey: frankDevice.DeviceKey, DeviceSecretVerifierConfig: frankDevice.verifierConfig, DeviceName: 'laptop' }),
    );
  });
  after(async () => s.stop());

  const admin = { get: AdminGetDeviceCommand, list: AdminListDevicesCommand, update: AdminUpdateDeviceStatusCommand, forget: AdminForgetDeviceCommand };

  it('AdminGetDevice describes the device exactly as GetDevice does, by user name or alias', async () => {
    const viaAdmin = await s.client.send(new admin.get({ UserPoolId: f.pool.id, Username: 'Frank', DeviceKey: frankDevice.DeviceKey }));
    const viaToken = await s.client.send(new GetDeviceCommand({ AccessToken: frankToken, DeviceKey: frankDevice.DeviceKey }));
    assert.deepEqual(viaAdmin.Device, viaToken.Device);
    assert.equal(attrs(viaAdmin.Device).device_name, 'laptop');
    const bySub = await s.client.send(new admin.get({ UserPoolId: f.pool.id, Username: frank.sub, DeviceKey: frankDevice.DeviceKey }));
    assert.deepEqual(bySub.Device, viaToken.Device);
  });

  it('AdminUpdateDeviceStatus remembers a device that waited for the user prompt; AdminListDevices then lists it', async () => {
    const before = await s.client.send(new admin.list({ UserPoolId: f.pool.id, Username: 'frank' }));
    assert.deepEqual(before.Devices, [], 'not remembered yet: not listed');
    await s.client.send(new admin.update({ UserPoolId: f.pool.id, Username: 'frank', DeviceKey: frankDevice.DeviceKey, DeviceRememberedStatus: 'remembered' }));
    const listed = await s.client.send(new admin.list({ UserPoolId: f.pool.id, Username: 'frank' }));
    assert.deepEqual(listed.Devices!.map((d) => d.DeviceKey), [frankDevice.DeviceKey]);
    assert.equal(attrs(listed.Devices![0])['dev:device_remembered_status'], 'remembered');
    const viaToken = await s.client.send(new ListDevicesCommand({ AccessToken: frankToken }));
    assert.deepEqual(listed.Devices, viaToken.Devices);
  });

  it('AdminListDevices pages with Limit and PaginationToken', async () => {
    const heidi = await createUser(s, f.pool, 'heidi');
    const token = await signIn(s, f, 'heidi');
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) {
      const d = await issueDevice(s, f.pool, heidi);
      await s.client.send(new ConfirmDeviceCommand({ AccessToken: token, DeviceKey: d.DeviceKey, DeviceSecretVerifierConfig: d.verifierConfig }));
      await s.client.send(new admin.update({ UserPoolId: f.pool.id, Username: 'heidi', DeviceKey: d.DeviceKey, DeviceRememberedStatus: 'remembered' }));
      keys.push(d.DeviceKey);
    }
    const first = await s.client.send(new admin.list({ UserPoolId: f.pool.id, Username: 'heidi', Limit: 2 }));
    assert.equal(first.Devices!.length, 2);
    assert.ok(first.PaginationToken);
    const second = await s.client.send(new admin.list({ UserPoolId: f.pool.id, Username: 'heidi', Limit: 2, PaginationToken: first.PaginationToken }));
    assert.equal(second.Devices!.length, 1);
    assert.equal(second.PaginationToken, undefined);
    assert.deepEqual([...first.Devices!, ...second.Devices!].map((d) => d.DeviceKey).sort(), [...keys].sort());
  });

  it('the Admin operations reject another user\'s device key, unknown users and unknown pools with their modelled errors', async () => {
    const key = frankDevice.DeviceKey;
    const pool = f.pool.id;
    await rejectsWith(s.client.send(new admin.get({ UserPoolId: pool, Username: 'grace', DeviceKey: key })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(
      s.client.send(new admin.update({ UserPoolId: pool, Username: 'grace', DeviceKey: key, DeviceRememberedStatus: 'not_remembered' })),
      'ResourceNotFoundException',
      DOES_NOT_EXIST,
    );
    await rejectsWith(s.client.send(new admin.forget({ UserPoolId: pool, Username: 'grace', DeviceKey: key })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    const graceList = await s.client.send(new admin.list({ UserPoolId: pool, Username: 'grace' }));
    assert.deepEqual(graceList.Devices, []);
    assert.ok(grace);

    // AdminGetDevice and AdminListDevices do not model UserNotFoundException; the other two do.
    await rejectsWith(s.client.send(new admin.get({ UserPoolId: pool, Username: 'nobody', DeviceKey: key })), 'ResourceNotFoundException', 'User does not exist.');
    await rejectsWith(s.client.send(new admin.list({ UserPoolId: pool, Username: 'nobody' })), 'ResourceNotFoundException', 'User does not exist.');
    await rejectsWith(
      s.client.send(new admin.update({ UserPoolId: pool, Username: 'nobody', DeviceKey: key, DeviceRememberedStatus: 'remembered' })),
      'UserNotFoundException',
      'User does not exist.',
    );
    await rejectsWith(s.client.send(new admin.forget({ UserPoolId: pool, Username: 'nobody', DeviceKey: key })), 'UserNotFoundException', 'User does not exist.');

    const missingPool = 'us-east-1_missing00';
    for (const cmd of [
      new admin.get({ UserPoolId: missingPool, Username: 'frank', DeviceKey: key }),
      new admin.list({ UserPoolId: missingPool, Username: 'frank' }),
      new admin.update({ UserPoolId: missingPool, Username: 'frank', DeviceKey: key, DeviceRememberedStatus: 'remembered' }),
      new admin.forget({ UserPoolId: missingPool, Username: 'frank', DeviceKey: key }),
    ]) {
      await rejectsWith(s.client.send(cmd as never), 'ResourceNotFoundException', `User pool ${missingPool} does not exist.`);
    }
    // Nothing happened to Frank's device.
    assert.ok(await s.store.devices.get(pool, key));
  });

  it('AdminForgetDevice deletes the device and revokes no tokens; the key then does not exist', async () => {
    const d = await issueDevice(s, f.pool, frank);
    await s.client.send(new ConfirmDeviceCommand({ AccessToken: frankToken, DeviceKey: d.DeviceKey, DeviceSecretVerifierConfig: d.verifierConfig }));
    const tokens = await deviceTokens(s, f, frank, d.DeviceKey);
    await s.client.send(new admin.forget({ UserPoolId: f.pool.id, Username: 'frank', DeviceKey: d.DeviceKey }));
    await rejectsWith(s.client.send(new admin.get({ UserPoolId: f.pool.id, Username: 'frank', DeviceKey: d.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await rejectsWith(s.client.send(new GetDeviceCommand({ AccessToken: frankToken, DeviceKey: d.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    await s.client.send(new ListDevicesCommand({ AccessToken: tokens.AccessToken }));
    await rejectsWith(s.client.send(new admin.forget({ UserPoolId: f.pool.id, Username: 'frank', DeviceKey: d.DeviceKey })), 'ResourceNotFoundException', DOES_NOT_EXIST);
    // Frank's other device is still there.
    await s.client.send(new admin.get({ UserPoolId: f.pool.id, Username: 'frank', DeviceKey: frankDevice.DeviceKey }));
  });
});
