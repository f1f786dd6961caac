import { timingSafeEqual } from 'node:crypto';
import { ALNUM, randomString, randomUuid } from '../../platform/random.js';
import type { DeviceRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { parseDeviceSecretVerifierConfig, parseSrpA, startSrpAsync, toSrpHex, verifySrpSignatureAsync } from '../auth/srp.js';
import type { Deps } from '../deps.js';
import { CognitoError, USER_DOES_NOT_EXIST, invalidParameter, notAuthorized, resourceNotFound } from '../errors.js';
import { deviceConfiguration, mfaConfiguration } from '../pools/config.js';
import { getPool } from '../pools/pools.js';
import { findUser } from '../users/users.js';
import { decodePageToken, encodePageToken } from '../pagination.js';

/**
 * Remembered devices (docs/compatibility.md, Devices; issue 5). A sign-in on a pool with device tracking gets a new device key
 * (`newDeviceMetadata`); the client proves it later with SRP against a verifier it registered through ConfirmDevice
 * (the device password never reaches us); a *remembered* device can stand in for MFA when the pool says so.
 *
 * Visibility rule, used by every lookup here: a device exists for its owner only. Another user's key, a forgotten
 * key and a key that was issued but never confirmed all answer `Device does not exist.` (clients drop the key and
 * retry on exactly that text, docs/compatibility.md) — except ConfirmDevice, which is how an issued key becomes a device.
 */
export const DEVICE_DOES_NOT_EXIST = 'Device does not exist.';
export const deviceDoesNotExist = () => resourceNotFound(DEVICE_DOES_NOT_EXIST);

/** Cognito's answer to a wrong DEVICE_PASSWORD_VERIFIER signature (raw capture in jonsaw/amazon-cognito-identity-dart#62). */
export const INCORRECT_USERNAME_OR_PASSWORD = 'Incorrect username or password.';

/** Supplying any DeviceConfiguration field turns device tracking on; none (or null) leaves it off (docs/compatibility.md, Devices). */
export function isDeviceTrackingOn(pool: PoolRecord): boolean {
  const c = deviceConfiguration(pool);
  return c !== undefined && (c.ChallengeRequiredOnNewDevice !== undefined || c.DeviceOnlyRememberedOnUserPrompt !== undefined);
}

/** DeviceOnlyRememberedOnUserPrompt: the user must opt in (UpdateDeviceStatus remembered) after ConfirmDevice. */
export function isRememberedOnlyOnUserPrompt(pool: PoolRecord): boolean {
  return isDeviceTrackingOn(pool) && deviceConfiguration(pool)?.DeviceOnlyRememberedOnUserPrompt === true;
}

/**
 * MFA is skipped only for a confirmed, *remembered* device proven by device SRP, on a pool whose
 * ChallengeRequiredOnNewDevice is true (current docs: "a remembered device can replace SMS and TOTP MFA") and whose
 * MFA is OPTIONAL or ON (with MFA OFF there is nothing to skip). A tracked but not remembered device still does MFA.
 * docs/compatibility.md, Devices, "Skipping MFA".
 */
export function canSkipMfa(pool: PoolRecord, device: DeviceRecord | undefined): boolean {
  if (!device || !device.confirmed || !device.remembered) return false;
  return rememberedDevicesReplaceMfa(pool);
}

/** Whether a remembered device may replace MFA on this pool at all (canSkipMfa without the device). */
export function rememberedDevicesReplaceMfa(pool: PoolRecord): boolean {
  if (!isDeviceTrackingOn(pool) || deviceConfiguration(pool)?.ChallengeRequiredOnNewDevice !== true) return false;
  return mfaConfiguration(pool) !== 'OFF';
}

export interface NewDeviceMetadata {
  DeviceKey: string;
  DeviceGroupKey: string;
}

/** DeviceLastAuthenticatedDate has whole seconds in Cognito's answers (aws-cli list-devices example; Amplify PR #12171). */
const wholeSeconds = (ms: number) => Math.floor(ms / 1000) * 1000;

/**
 * For a successful authentication without a known device (docs/compatibility.md, Devices, Skipping MFA): stores an unconfirmed device for the
 * user and returns the NewDeviceMetadata to put into AuthenticationResult — or undefined when the pool does not
 * track devices. Key `<region>_<uuid v4>`, group key `-` + 8 alphanumerics (docs/compatibility.md, Devices). Call it before issuing
 * tokens and pass `DeviceKey` as `deviceKey` to issueTokens: the tokens then carry `device_key`.
 */
export async function newDeviceMetadata(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  opts: { sourceIp?: string } = {},
): Promise<NewDeviceMetadata | undefined> {
  if (!isDeviceTrackingOn(pool)) return undefined;
  const now = deps.clock.now();
  const device: DeviceRecord = {
    poolId: pool.id,
    usernameKey: user.usernameKey,
    deviceKey: `${deps.region}_${randomUuid(deps.random)}`,
    groupKey: `-${randomString(deps.random, 8, ALNUM)}`,
    remembered: false,
    confirmed: false,
    attributes: ipAttribute(opts.sourceIp),
    createdAt: now,
    updatedAt: now,
    lastAuthenticatedAt: wholeSeconds(now),
  };
  await deps.store.devices.create(device);
  return { DeviceKey: device.deviceKey, DeviceGroupKey: device.groupKey };
}

// ---- lookups ----

/** last_ip_used as Cognito shows it: IPv4 clients appear as plain IPv4, not as Node's IPv4-mapped IPv6 form. */
function ipAttribute(sourceIp: string | undefined): Record<string, string> {
  if (!sourceIp) return {};
  return { last_ip_used: sourceIp.startsWith('::ffff:') && sourceIp.includes('.') ? sourceIp.slice(7) : sourceIp };
}

const isOwnedBy = (device: DeviceRecord, user: UserRecord) => device.poolId === user.poolId && device.usernameKey === user.usernameKey;

/** The user's device, confirmed or not (ConfirmDevice only). */
async function findIssuedDevice(deps: Pick<Deps, 'store'>, user: UserRecord, deviceKey: string): Promise<DeviceRecord> {
  const device = await deps.store.devices.get(user.poolId, deviceKey);
  if (!device || !isOwnedBy(device, user)) throw deviceDoesNotExist();
  return device;
}

/**
 * The user's confirmed device, or ResourceNotFoundException `Device does not exist.` for an unknown, forgotten,
 * unconfirmed or another user's key. For every device operation, and for a DEVICE_KEY sent in a sign-in or refresh.
 */
export async function getDevice(deps: Pick<Deps, 'store'>, user: UserRecord, deviceKey: string): Promise<DeviceRecord> {
  const device = await findIssuedDevice(deps, user, deviceKey);
  if (!device.confirmed || !device.verifier || !device.salt) throw deviceDoesNotExist();
  return device;
}

async function save(deps: Pick<Deps, 'store'>, device: DeviceRecord): Promise<DeviceRecord> {
  if (!(await deps.store.devices.update(device))) throw deviceDoesNotExist();
  return device;
}

// ---- ConfirmDevice, UpdateDeviceStatus, ForgetDevice ----

export interface ConfirmDeviceInput {
  deviceKey: string;
  verifierConfig?: { PasswordVerifier?: string; Salt?: string };
  deviceName?: string;
  sourceIp?: string;
}

/**
 * ConfirmDevice: registers the SRP verifier and salt the client derived from its random device password (docs/compatibility.md, Devices
 * item 2). The device is remembered at once unless the pool wants the user's opt-in (DeviceOnlyRememberedOnUserPrompt),
 * which is what UserConfirmationNecessary tells the client (item 3).
 */
export async function confirmDevice(deps: Deps, pool: PoolRecord, user: UserRecord, input: ConfirmDeviceInput): Promise<{ userConfirmationNecessary: boolean }> {
  const device = await findIssuedDevice(deps, user, input.deviceKey);
  if (device.confirmed) throw new CognitoError('DeviceKeyExistsException', 'Device key already exists.');
  const secret = parseDeviceSecretVerifierConfig(input.verifierConfig ?? {});
  if (!secret) throw invalidParameter('Invalid device secret verifier config.');
  const userConfirmationNecessary = isRememberedOnlyOnUserPrompt(pool);
  await save(deps, {
    ...device,
    verifier: secret.verifier.toString('base64'),
    salt: secret.salt.toString('base64'),
    ...(input.deviceName !== undefined ? { name: input.deviceName } : {}),
    confirmed: true,
    remembered: !userConfirmationNecessary,
    attributes: { ...device.attributes, ...ipAttribute(input.sourceIp) },
    updatedAt: deps.clock.now(),
  });
  return { userConfirmationNecessary };
}

export type DeviceRememberedStatus = 'remembered' | 'not_remembered';

/** UpdateDeviceStatus / AdminUpdateDeviceStatus. The status is optional in the model: without it nothing changes. */
export async function updateDeviceStatus(deps: Deps, user: UserRecord, deviceKey: string, status: DeviceRememberedStatus | undefined): Promise<void> {
  const device = await getDevice(deps, user, deviceKey);
  if (status === undefined) return;
  await save(deps, { ...device, remembered: status === 'remembered', updatedAt: deps.clock.now() });
}

/**
 * ForgetDevice / AdminForgetDevice: deletes the device and revokes nothing. Cognito's reference says only that the
 * device can no longer be used for device authentication (MFA is asked again); apps forget a device and stay signed
 * in (docs/compatibility.md "Devices", issue 15).
 */
export async function forgetDevice(deps: Deps, user: UserRecord, deviceKey: string): Promise<void> {
  await getDevice(deps, user, deviceKey);
  if (!(await deps.store.devices.delete(user.poolId, deviceKey))) throw deviceDoesNotExist();
}

// ---- GetDevice, ListDevices ----

export interface DeviceDescription {
  DeviceKey: string;
  DeviceAttributes: Array<{ Name: string; Value: string }>;
  DeviceCreateDate: Date;
  DeviceLastModifiedDate: Date;
  DeviceLastAuthenticatedDate: Date;
}

/**
 * DeviceType as Cognito answers it, attributes in the order of the aws-cli list-devices example:
 * device_status, device_name, dev:device_arn, dev:device_owner, last_ip_used, dev:device_remembered_status,
 * dev:device_sdk. device_name and last_ip_used only when known.
 */
export function describeDevice(deps: Pick<Deps, 'region' | 'accountId'>, user: UserRecord, device: DeviceRecord): DeviceDescription {
  const owner = `${user.username}.${device.poolId}`;
  const attrs: Array<[string, string | undefined]> = [
    ['device_status', 'valid'],
    ['device_name', device.name],
    ['dev:device_arn', `arn:aws:cognito-idp:${deps.region}:${deps.accountId}:owner/${owner}/device/${device.deviceKey}`],
    ['dev:device_owner', owner],
    ['last_ip_used', device.attributes.last_ip_used],
    ['dev:device_remembered_status', device.remembered ? 'remembered' : 'not_remembered'],
    ['dev:device_sdk', 'aws-sdk'],
  ];
  return {
    DeviceKey: device.deviceKey,
    DeviceAttributes: attrs.filter((a): a is [string, string] => a[1] !== undefined).map(([Name, Value]) => ({ Name, Value })),
    DeviceCreateDate: new Date(device.createdAt),
    DeviceLastModifiedDate: new Date(device.updatedAt),
    DeviceLastAuthenticatedDate: new Date(device.lastAuthenticatedAt ?? wholeSeconds(device.createdAt)),
  };
}

/** ListDevices' default and largest page (QueryLimitType 0–60); Limit 0 means the default. */
export const MAX_DEVICES_PAGE = 60;
const PAGE_KIND = 'devices';

/**
 * ListDevices / AdminListDevices: only *remembered* devices are listed (amazon-cognito-identity-js#199 "listDevices
 * only returns remembered devices"; Amplify JS #12171 tested against Cognito: a tracked, not remembered device is
 * not listed until rememberDevice). Pages follow the store's device-key order; the token is the last key given.
 */
export async function listDevices(
  deps: Pick<Deps, 'store' | 'region' | 'accountId'>,
  user: UserRecord,
  limit: number | undefined,
  paginationToken: string | undefined,
): Promise<{ devices: DeviceDescription[]; paginationToken?: string }> {
  const pageSize = limit && limit > 0 ? Math.min(limit, MAX_DEVICES_PAGE) : MAX_DEVICES_PAGE;
  let after = decodePageToken(PAGE_KIND, paginationToken);
  const devices: DeviceRecord[] = [];
  // Filtering happens above the store, so read until a page is full (or the user has no more devices).
  for (;;) {
    const batch = await deps.store.devices.listForUser(user.poolId, user.usernameKey, pageSize + 1, after);
    for (const d of batch) if (d.confirmed && d.remembered) devices.push(d);
    if (devices.length > pageSize || batch.length <= pageSize) break;
    after = batch[batch.length - 1]!.deviceKey;
  }
  const items = devices.slice(0, pageSize);
  const more = devices.length > pageSize;
  return {
    devices: items.map((d) => describeDevice(deps, user, d)),
    ...(more ? { paginationToken: encodePageToken(PAGE_KIND, items[items.length - 1]!.deviceKey) } : {}),
  };
}

// ---- device SRP (DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER) ----

/** What the flow keeps in the DEVICE_PASSWORD_VERIFIER challenge session between the two device steps. */
export interface DeviceSrpSessionData {
  deviceKey: string;
  /** Client A and server B, hex. */
  srpA: string;
  srpB: string;
  /** The server's secret exponent b, sealed: with b and the stored verifier a database reader could answer the challenge. */
  bSealed: string;
  /** deps.hashSecret(SECRET_BLOCK): the answer must echo the block this session issued. */
  secretBlockHash: string;
  [key: string]: unknown;
}

const SECRET_BLOCK_BYTES = 64;
const sealContext = (poolId: string, deviceKey: string) => `device-srp:${poolId}:${deviceKey}`;

/** Keyed hashes have a fixed length, so comparing lengths first leaks nothing. */
function sameSecretHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** b for this session; a record that does not open (not ours, another device's) yields an exponent that cannot verify. */
function openSecretExponent(deps: Pick<Deps, 'sealer'>, sealed: string, context: string): Buffer {
  try {
    return Buffer.from(deps.sealer.open(sealed, context), 'hex');
  } catch {
    return Buffer.alloc(0);
  }
}

const missing = (name: string) => invalidParameter(`Missing required parameter ${name}`);

/**
 * The answer to DEVICE_SRP_AUTH ({USERNAME, DEVICE_KEY, SRP_A}): picks b, computes B from the device's stored
 * verifier and returns the DEVICE_PASSWORD_VERIFIER challenge parameters (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html: SRP_B, SALT,
 * SECRET_BLOCK, USERNAME) and the session data to store with that challenge.
 */
export async function startDeviceSrp(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  deviceKey: string | undefined,
  srpAHex: string | undefined,
): Promise<{ challengeParameters: Record<string, string>; sessionData: DeviceSrpSessionData }> {
  if (!deviceKey) throw missing('DEVICE_KEY');
  if (!srpAHex) throw missing('SRP_A');
  const device = await getDevice(deps, user, deviceKey);
  const A = parseSrpA(srpAHex);
  if (!A) throw invalidParameter('Invalid SRP_A.');
  const { b, B } = await startSrpAsync(Buffer.from(device.verifier!, 'base64'), deps.random, deps.modPow);
  const secretBlock = deps.random.bytes(SECRET_BLOCK_BYTES).toString('base64');
  return {
    challengeParameters: {
      SRP_B: toSrpHex(B),
      SALT: toSrpHex(Buffer.from(device.salt!, 'base64')),
      SECRET_BLOCK: secretBlock,
      USERNAME: user.username,
    },
    sessionData: {
      deviceKey: device.deviceKey,
      srpA: A.toString('hex'),
      srpB: B.toString('hex'),
      bSealed: deps.sealer.seal(b.toString('hex'), sealContext(pool.id, device.deviceKey)),
      secretBlockHash: deps.hashSecret(secretBlock),
    },
  };
}

/**
 * The answer to DEVICE_PASSWORD_VERIFIER ({USERNAME, DEVICE_KEY, PASSWORD_CLAIM_SECRET_BLOCK,
 * PASSWORD_CLAIM_SIGNATURE, TIMESTAMP}): checks the SRP proof against the stored verifier (identity prefix =
 * DeviceGroupKey, identity = DeviceKey). A wrong proof, another session's secret block or another DEVICE_KEY answers
 * NotAuthorizedException `Incorrect username or password.` as Cognito does. On success the device's last
 * authentication (and IP) is recorded and the device returned: pass it to `canSkipMfa`, and its key to issueTokens.
 */
export async function verifyDevicePasswordVerifier(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  sessionData: Record<string, unknown>,
  responses: Record<string, string | undefined>,
  opts: { sourceIp?: string } = {},
): Promise<DeviceRecord> {
  const data = sessionData as Partial<DeviceSrpSessionData>;
  if (typeof data.deviceKey !== 'string' || typeof data.bSealed !== 'string' || typeof data.srpA !== 'string' || typeof data.srpB !== 'string' || typeof data.secretBlockHash !== 'string') {
    throw notAuthorized(INCORRECT_USERNAME_OR_PASSWORD);
  }
  for (const name of ['PASSWORD_CLAIM_SIGNATURE', 'PASSWORD_CLAIM_SECRET_BLOCK', 'TIMESTAMP'] as const) {
    if (!responses[name]) throw missing(name);
  }
  if (responses.DEVICE_KEY !== undefined && responses.DEVICE_KEY !== data.deviceKey) throw notAuthorized(INCORRECT_USERNAME_OR_PASSWORD);
  // Forgotten between the two steps: the same answer as at DEVICE_SRP_AUTH.
  const device = await getDevice(deps, user, data.deviceKey);

  const block = responses.PASSWORD_CLAIM_SECRET_BLOCK!;
  const ok =
    sameSecretHash(deps.hashSecret(block), data.secretBlockHash) &&
    (await verifySrpSignatureAsync(
      {
        identityPrefix: device.groupKey,
        identity: device.deviceKey,
        A: Buffer.from(data.srpA, 'hex'),
        B: Buffer.from(data.srpB, 'hex'),
        b: openSecretExponent(deps, data.bSealed, sealContext(pool.id, device.deviceKey)),
        verifier: Buffer.from(device.verifier!, 'base64'),
        secretBlock: Buffer.from(block, 'base64'),
        timestamp: responses.TIMESTAMP!,
        signature: responses.PASSWORD_CLAIM_SIGNATURE!,
        nowMs: deps.clock.now(),
      },
      deps.modPow,
    ));
  if (!ok) throw notAuthorized(INCORRECT_USERNAME_OR_PASSWORD);

  const now = deps.clock.now();
  return save(deps, {
    ...device,
    lastAuthenticatedAt: wholeSeconds(now),
    updatedAt: now,
    attributes: { ...device.attributes, ...ipAttribute(opts.sourceIp) },
  });
}

// ---- who owns the device, per operation ----

/**
 * GetDevice and ForgetDevice have AccessToken optional in the model, but a device is only ever addressed through its
 * owner: without a token there is nobody to check it against, so the answer is the missing-token one.
 */
export function requireAccessToken(token: string | undefined): string {
  if (!token) throw notAuthorized('Invalid Access Token');
  return token;
}

/**
 * The user named by an Admin*Device request. AdminGetDevice and AdminListDevices do not model UserNotFoundException,
 * so for them an unknown user is ResourceNotFoundException (same text); the other two model it and use it.
 */
export async function deviceOwner(
  deps: Pick<Deps, 'store'>,
  poolId: string,
  username: string,
  unknownUser: 'UserNotFoundException' | 'ResourceNotFoundException',
): Promise<UserRecord> {
  const pool = await getPool(deps, poolId);
  const user = await findUser(deps, pool, username);
  if (!user) throw new CognitoError(unknownUser, USER_DOES_NOT_EXIST);
  return user;
}
