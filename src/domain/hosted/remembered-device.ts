import type { UserRecord } from '../../store/types.js';
import { createVerifier, formatSrpTimestamp, generateSalt, srpClientSignature, startSrpClient, toSrpHex } from '../auth/srp.js';
import { DEVICE_PASSWORD_VERIFIER, DEVICE_SRP_AUTH } from '../auth/device-flow.js';
import type { AuthServices } from '../auth/sign-in.js';
import type { Deps } from '../deps.js';
import { confirmDevice, isRememberedOnlyOnUserPrompt, newDeviceMetadata, rememberedDevicesReplaceMfa, updateDeviceStatus } from '../devices/devices.js';
import { answerChallenge, type HostedRequest, type HostedStep } from './sign-in.js';

/**
 * "Remember this device" on the managed-login pages (docs/hosted-ui.md, "Remembered devices"): the browser becomes one
 * of the user's devices, exactly as an app using amazon-cognito-identity-js or Amplify makes one — a device key from
 * the sign-in (NewDeviceMetadata), ConfirmDevice with the SRP verifier of a random device password, the remembered
 * status — so ListDevices shows it and ForgetDevice / UpdateDeviceStatus `not_remembered` end it. The pages keep the
 * device key, group key and password in a sealed cookie (the browser cannot run SRP itself without a script), and at
 * the next sign-in name the device (DEVICE_KEY) and prove it with device SRP (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER)
 * on the browser's behalf: the API's own rules then skip MFA for it (canSkipMfa).
 */

/** What the browser holds for its device (sealed in a cookie by the pages). */
export interface BrowserDevice {
  deviceKey: string;
  groupKey: string;
  password: string;
}

/** Whether the pages offer to remember the browser: only where a remembered device replaces MFA. */
export const offersToRememberDevice = rememberedDevicesReplaceMfa;

/** Whether the person chooses (DeviceOnlyRememberedOnUserPrompt, "User opt-in"); otherwise the device is always remembered. */
export const asksBeforeRemembering = isRememberedOnlyOnUserPrompt;

/** Random device passwords as ACIJ makes them: 40 random bytes, base64. */
const DEVICE_PASSWORD_BYTES = 40;

/**
 * Makes the browser a remembered device of `user`, who has just signed in with MFA: a new device (as a sign-in's
 * NewDeviceMetadata), confirmed with the verifier of a fresh random password, and remembered (the person asked, or the
 * pool always remembers). Undefined when the pool does not track devices.
 */
export async function rememberBrowser(deps: Deps, req: HostedRequest, user: UserRecord, deviceName: string): Promise<BrowserDevice | undefined> {
  const metadata = await newDeviceMetadata(deps, req.pool, user, { sourceIp: req.sourceIp });
  if (!metadata) return undefined;
  const password = deps.random.bytes(DEVICE_PASSWORD_BYTES).toString('base64');
  const salt = generateSalt(deps.random);
  const verifier = createVerifier(metadata.DeviceGroupKey, metadata.DeviceKey, password, salt);
  await confirmDevice(deps, req.pool, user, {
    deviceKey: metadata.DeviceKey,
    verifierConfig: { Salt: salt.toString('base64'), PasswordVerifier: verifier.toString('base64') },
    deviceName,
    ...(req.sourceIp ? { sourceIp: req.sourceIp } : {}),
  });
  await updateDeviceStatus(deps, user, metadata.DeviceKey, 'remembered');
  return { deviceKey: metadata.DeviceKey, groupKey: metadata.DeviceGroupKey, password };
}

/**
 * Answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER for the browser's device (what ACIJ's device authentication
 * sends), and returns the step after them: signed in, as the remembered device replaced MFA.
 */
export async function proveBrowserDevice(
  deps: Deps,
  svc: AuthServices,
  req: HostedRequest,
  username: string,
  session: string,
  device: BrowserDevice,
): Promise<HostedStep> {
  const { a, A } = startSrpClient(deps.random);
  const verifierStep = await answerChallenge(deps, svc, req, {
    username,
    challenge: DEVICE_SRP_AUTH,
    session,
    responses: { DEVICE_KEY: device.deviceKey, SRP_A: toSrpHex(A) },
  });
  if (verifierStep.kind !== 'challenge' || verifierStep.challenge !== DEVICE_PASSWORD_VERIFIER) return verifierStep;
  const p = verifierStep.parameters;
  const timestamp = formatSrpTimestamp(deps.clock.now());
  const signature = srpClientSignature({
    identityPrefix: device.groupKey,
    identity: device.deviceKey,
    password: device.password,
    a,
    A,
    srpBHex: p.SRP_B ?? '',
    saltHex: p.SALT ?? '',
    secretBlock: Buffer.from(p.SECRET_BLOCK ?? '', 'base64'),
    timestamp,
  });
  return answerChallenge(deps, svc, req, {
    username: p.USERNAME ?? username,
    challenge: DEVICE_PASSWORD_VERIFIER,
    session: verifierStep.session,
    responses: { DEVICE_KEY: device.deviceKey, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK ?? '', PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp },
  });
}
