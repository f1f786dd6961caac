import assert from 'node:assert/strict';
import {
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  UpdateDeviceStatusCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type CreateUserPoolRequest,
  type DeviceConfigurationType,
  type NewDeviceMetadataType,
} from '@aws-sdk/client-cognito-identity-provider';
import { formatSrpTimestamp } from '../../src/domain/auth/srp.js';
import type { TestServer } from '../helpers/server.js';
import { accessTokenFor, addUser, codeAt, mfaPool, PASSWORD, signIn, TOTP } from '../mfa/helpers.js';
import { AuthenticationHelper, deviceClient, type DeviceSecret } from './fixtures.js';

/**
 * Sign-in with devices through the wire (SDK v3), the way amazon-cognito-identity-js and Amplify drive it, for the
 * black-box tests in this folder.
 */
export { PASSWORD };

/** The device settings of the acceptance scenario: remembered only when the user says so; remembered devices replace MFA. */
export const OPT_IN: DeviceConfigurationType = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true };

export type Flow = 'USER_PASSWORD_AUTH' | 'ADMIN_USER_PASSWORD_AUTH' | 'USER_SRP_AUTH';
export const FLOWS: Flow[] = ['USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_SRP_AUTH'];

export interface Step {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  AuthenticationResult?: AuthenticationResultType;
}

/** A pool (tracking devices per `device`, MFA per `mfa` with TOTP available) and a client allowing every password flow. */
export async function devicePool(
  s: TestServer,
  device: DeviceConfigurationType | undefined,
  mfa: 'OFF' | 'OPTIONAL' | 'ON' = 'OPTIONAL',
  create: Partial<CreateUserPoolRequest> = {},
): Promise<{ poolId: string; clientId: string }> {
  return mfaPool(s, mfa === 'OFF' ? undefined : { MfaConfiguration: mfa, ...TOTP }, { ...(device ? { DeviceConfiguration: device } : {}), ...create });
}

/** A fresh TOTP code: the server's clock moves on 30 s first, since each code works once. */
export function nextCode(s: TestServer, secret: string): string {
  s.clock.advance(30_000);
  return codeAt(s, secret, 0);
}

/** A user with a verified software token, enabled and preferred (set up through the token operations); its secret. */
export async function totpUser(s: TestServer, poolId: string, clientId: string, username: string): Promise<string> {
  await addUser(s, poolId, username);
  const AccessToken = await accessTokenFor(s, poolId, clientId, username);
  const secret = (await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken }))).SecretCode!;
  await s.client.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: nextCode(s, secret) }));
  await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  return secret;
}

/** The first factor through one of the flows; `deviceKey` goes where ACIJ/Amplify put it (AuthParameters, or the PASSWORD_VERIFIER answer). */
export async function firstFactor(
  s: TestServer,
  ids: { poolId: string; clientId: string },
  username: string,
  flow: Flow,
  deviceKey?: string,
  password = PASSWORD,
): Promise<Step> {
  return signIn(s, ids.poolId, ids.clientId, username, flow, password, deviceKey ? { DEVICE_KEY: deviceKey } : {});
}

/** Answers SOFTWARE_TOKEN_MFA (naming the device in DEVICE_KEY, as ACIJ sendMFACode and Amplify handleMFAChallenge do). */
export async function answerTotp(s: TestServer, clientId: string, step: Step, username: string, code: string, deviceKey?: string): Promise<Step> {
  assert.equal(step.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  return s.client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: step.Session,
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
    }),
  );
}

/** What a client does with NewDeviceMetadata (ACIJ generateHashDevice): a random device password and its verifier. */
export async function deviceSecretFor(meta: NewDeviceMetadataType): Promise<DeviceSecret> {
  const helper = new AuthenticationHelper('unused');
  await new Promise<void>((resolve, reject) => helper.generateHashDevice(meta.DeviceGroupKey, meta.DeviceKey, (err: unknown) => (err ? reject(err) : resolve())));
  return {
    DeviceKey: meta.DeviceKey!,
    DeviceGroupKey: meta.DeviceGroupKey!,
    verifierConfig: {
      Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
      PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
    },
    randomPassword: helper.getRandomPassword(),
  };
}

/** ConfirmDevice for the NewDeviceMetadata of `result` (then, if asked, UpdateDeviceStatus remembered). */
export async function confirmNewDevice(s: TestServer, result: AuthenticationResultType | undefined, remember: boolean): Promise<DeviceSecret> {
  assert.ok(result?.NewDeviceMetadata, 'the sign-in issued a new device');
  const device = await deviceSecretFor(result.NewDeviceMetadata);
  const AccessToken = result.AccessToken!;
  await s.client.send(new ConfirmDeviceCommand({ AccessToken, DeviceKey: device.DeviceKey, DeviceSecretVerifierConfig: device.verifierConfig, DeviceName: 'test' }));
  if (remember) await s.client.send(new UpdateDeviceStatusCommand({ AccessToken, DeviceKey: device.DeviceKey, DeviceRememberedStatus: 'remembered' }));
  return device;
}

/** DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER with the device's (or a given) password, as ACIJ getDeviceResponse does. */
export async function proveDevice(s: TestServer, clientId: string, step: Step, username: string, device: DeviceSecret, password = device.randomPassword): Promise<Step> {
  assert.equal(step.ChallengeName, 'DEVICE_SRP_AUTH');
  const c = await deviceClient(device, password);
  const verifier = await s.client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: step.Session,
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.DeviceKey, SRP_A: c.srpA },
    }),
  );
  assert.equal(verifier.ChallengeName, 'DEVICE_PASSWORD_VERIFIER');
  return s.client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: verifier.Session,
      ChallengeResponses: await c.answer(verifier.ChallengeParameters!, formatSrpTimestamp(s.clock.now())),
    }),
  );
}

export function claims(jwt: string | undefined): Record<string, unknown> {
  assert.ok(jwt);
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}
