import type { ChallengeSessionRecord, ClientRecord, DeviceRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { notAuthorized } from '../errors.js';
import { getDevice, INCORRECT_USERNAME_OR_PASSWORD, startDeviceSrp, verifyDevicePasswordVerifier } from '../devices/devices.js';
import { LOCKOUT, releaseAttempts, reserveAttempt } from '../users/attempts.js';
import { ATTEMPTS_EXCEEDED, requireParam } from './first-factor.js';
import { advanceSession, createSession, encodeSession, SESSION_INVALID } from './sessions.js';

/**
 * The device steps of a sign-in (docs/compatibility.md, Devices): DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER. The state machine in
 * sign-in.ts decides when they come; this file runs them against domain/devices.
 *
 * Which challenge comes when, as amazon-cognito-identity-js and Amplify JS v6 drive it:
 * - A remembered device that may replace MFA (canSkipMfa): DEVICE_SRP_AUTH straight after the first factor (both
 *   clients handle it as the answer to PASSWORD_VERIFIER, and Amplify also as the answer to USER_PASSWORD_AUTH).
 * - Any other known device: the MFA decision first; DEVICE_SRP_AUTH after the MFA answer that names the device in
 *   its DEVICE_KEY (ACIJ sendMFACode and Amplify handleMFAChallenge both send it and both handle DEVICE_SRP_AUTH in
 *   reply). ACIJ's getDeviceResponse takes the DEVICE_PASSWORD_VERIFIER reply as tokens, so no MFA challenge may
 *   follow device SRP in that case.
 */
export const DEVICE_SRP_AUTH = 'DEVICE_SRP_AUTH';
export const DEVICE_PASSWORD_VERIFIER = 'DEVICE_PASSWORD_VERIFIER';

/** What the DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER sessions carry besides the SRP state. */
interface DeviceStepData {
  kind: 'device-srp';
  deviceKey: string;
  /**
   * The MFA decision was already made (passed, or nothing to ask). False when device SRP was offered instead of MFA
   * because the device may replace it: then the device must still qualify after its proof.
   */
  secondFactorDone: boolean;
}

/**
 * The device a request names in DEVICE_KEY: undefined when none (absent, null or empty: ACIJ retries with
 * `DEVICE_KEY: null` after `Device does not exist.`), else the user's confirmed device or ResourceNotFoundException
 * `Device does not exist.`.
 */
export async function namedDevice(deps: Deps, user: UserRecord, deviceKey: unknown): Promise<DeviceRecord | undefined> {
  if (typeof deviceKey !== 'string' || deviceKey === '') return undefined;
  return getDevice(deps, user, deviceKey);
}

/**
 * The DEVICE_SRP_AUTH challenge for the user's device (ChallengeParameters empty; see docs/compatibility.md).
 * `after` is the MFA session whose correct answer led here: the new session is then its successor (below).
 */
export async function deviceSrpChallenge(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  device: DeviceRecord,
  secondFactorDone: boolean,
  after?: ChallengeSessionRecord,
): Promise<{ ChallengeName: string; ChallengeParameters: Record<string, string>; Session: string }> {
  const data: DeviceStepData = { kind: 'device-srp', deviceKey: device.deviceKey, secondFactorDone };
  const raw = after ? successorBytes(deps, after.idHash) : undefined;
  const session = await createSession(deps, { pool, client, user, challenge: DEVICE_SRP_AUTH, data: { ...data }, ...(raw ? { raw } : {}) });
  return { ChallengeName: DEVICE_SRP_AUTH, ChallengeParameters: {}, Session: session };
}

/**
 * amazon-cognito-identity-js's sendMFACode answers DEVICE_SRP_AUTH through getDeviceResponse without taking the new
 * Session from the reply: it sends the MFA challenge's Session again, which was used up by the correct code. So the
 * DEVICE_SRP_AUTH session that follows an MFA answer has bytes derived (keyed hash) from the MFA session's stored id,
 * and a DEVICE_SRP_AUTH answer presenting that MFA session is taken as presenting its successor. Only the holder of
 * the MFA session — who was sent the successor in the same reply — can present it; the successor is single-use.
 */
function successorBytes(deps: Pick<Deps, 'hashSecret'>, idHash: string): Buffer {
  return Buffer.from(deps.hashSecret(`device-srp-successor:${idHash}`), 'base64url');
}

/** The Session a DEVICE_SRP_AUTH answer refers to: its own, or the successor of the MFA session it presents. */
export async function deviceSrpSession(deps: Deps, session: string, isMfaChallenge: (name: string) => boolean): Promise<string> {
  const record = await deps.store.sessions.get(deps.hashSecret(session));
  if (!record || !isMfaChallenge(record.challenge)) return session;
  return encodeSession(successorBytes(deps, record.idHash));
}

function stepData(record: ChallengeSessionRecord): DeviceStepData {
  const data = record.data as Partial<DeviceStepData>;
  if (data.kind !== 'device-srp' || typeof data.deviceKey !== 'string') throw notAuthorized(SESSION_INVALID);
  return { kind: 'device-srp', deviceKey: data.deviceKey, secondFactorDone: data.secondFactorDone === true };
}

/**
 * The answer to DEVICE_SRP_AUTH ({USERNAME, DEVICE_KEY, SRP_A}) → the DEVICE_PASSWORD_VERIFIER challenge. The
 * DEVICE_KEY must be the device the challenge was issued for. Everything is checked before the session is used up,
 * so an unknown device (`Device does not exist.`) leaves it usable.
 */
export async function answerDeviceSrpAuth(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  record: ChallengeSessionRecord,
  responses: Record<string, string>,
): Promise<{ ChallengeName: string; ChallengeParameters: Record<string, string>; Session: string }> {
  const data = stepData(record);
  const deviceKey = requireParam(responses, 'DEVICE_KEY');
  const started = await startDeviceSrp(deps, pool, user, deviceKey, requireParam(responses, 'SRP_A'));
  // Another of the user's devices than the one this sign-in was offered device SRP for.
  if (deviceKey !== data.deviceKey) throw notAuthorized(INCORRECT_USERNAME_OR_PASSWORD);
  await advanceSession(deps, record);
  const session = await createSession(deps, {
    pool,
    client,
    user,
    challenge: DEVICE_PASSWORD_VERIFIER,
    data: { ...started.sessionData, kind: 'device-srp', secondFactorDone: data.secondFactorDone },
  });
  return { ChallengeName: DEVICE_PASSWORD_VERIFIER, ChallengeParameters: started.challengeParameters, Session: session };
}

/**
 * The answer to DEVICE_PASSWORD_VERIFIER: the session is used up before the proof is checked (each server B is
 * verified once, as for PASSWORD_VERIFIER); a wrong proof is `Incorrect username or password.`. Returns the proven
 * device and whether the MFA decision is already behind this sign-in.
 */
export async function answerDevicePasswordVerifier(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  record: ChallengeSessionRecord,
  responses: Record<string, string>,
  opts: { sourceIp?: string },
): Promise<{ device: DeviceRecord; secondFactorDone: boolean }> {
  const data = stepData(record);
  for (const name of ['PASSWORD_CLAIM_SIGNATURE', 'PASSWORD_CLAIM_SECRET_BLOCK', 'TIMESTAMP']) requireParam(responses, name);
  await advanceSession(deps, record);
  // Each proof takes its slot before it is checked (users/attempts.ts), like a password.
  if (!(await reserveAttempt(deps, pool, user.usernameKey, 'device', LOCKOUT))) throw notAuthorized(ATTEMPTS_EXCEEDED);
  const device = await verifyDevicePasswordVerifier(deps, pool, user, record.data, responses, opts);
  await releaseAttempts(deps, pool, user.usernameKey, 'device');
  return { device, secondFactorDone: data.secondFactorDone };
}
