import { createRequire } from 'node:module';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  type DeviceConfigurationType,
  type UserPoolMfaType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClientRecord, PoolRecord, UserRecord } from '../../src/store/types.js';
import { insertUser, makePassword, newUser } from '../../src/domain/users/users.js';
import { issueTokens } from '../../src/domain/tokens/tokens.js';
import { newDeviceMetadata } from '../../src/domain/devices/devices.js';
import { PASSWORD } from '../helpers/fixtures.js';
import type { TestServer } from '../helpers/server.js';

// The real client (amazon-cognito-identity-js, CommonJS build) generates device verifiers, as in src/domain/auth/srp.test.ts.
const require = createRequire(import.meta.url);
export const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
export const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const { Sha256 } = require('@aws-crypto/sha256-js');

export { PASSWORD };

export interface PoolFixture {
  pool: PoolRecord;
  client: ClientRecord;
}

/** A pool (optionally tracking devices) with an app client that allows USER_PASSWORD_AUTH. */
export async function createPool(
  s: TestServer,
  opts: { deviceConfiguration?: DeviceConfigurationType; mfa?: UserPoolMfaType; name?: string } = {},
): Promise<PoolFixture> {
  const { UserPool } = await s.client.send(
    new CreateUserPoolCommand({
      PoolName: opts.name ?? 'devices',
      ...(opts.deviceConfiguration ? { DeviceConfiguration: opts.deviceConfiguration } : {}),
      ...(opts.mfa ? { MfaConfiguration: opts.mfa, SoftwareTokenMfaConfiguration: { Enabled: true } } : {}),
    }),
  );
  const { UserPoolClient } = await s.client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool!.Id,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const pool = (await s.store.pools.get(UserPool!.Id!))!;
  const client = (await s.store.clients.get(pool.id, UserPoolClient!.ClientId!))!;
  return { pool, client };
}

/** A confirmed user with PASSWORD, created through the store (cognate has no AdminCreateUser yet). */
export async function createUser(s: TestServer, pool: PoolRecord, name: string): Promise<UserRecord> {
  const user = newUser(s.deps, pool, name, {}, 'CONFIRMED');
  user.data = { ...user.data, password: makePassword(s.deps, pool, user, PASSWORD) };
  await insertUser(s.deps, pool, user, 'User account already exists');
  return user;
}

/** A real USER_PASSWORD_AUTH sign-in: the access token every token-authorized device operation needs. */
export async function signIn(s: TestServer, f: PoolFixture, username: string): Promise<string> {
  const { AuthenticationResult } = await s.client.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.client.clientId, AuthParameters: { USERNAME: username, PASSWORD } }),
  );
  if (!AuthenticationResult?.AccessToken) throw new Error('sign-in did not issue tokens');
  return AuthenticationResult.AccessToken;
}

/**
 * Tokens of a sign-in made with a device (access token with `device_key`, a family bound to the device). Minted in
 * process, for the operation tests; sign-ins with devices through the wire are in *.e2e.test.ts.
 */
export async function deviceTokens(s: TestServer, f: PoolFixture, user: UserRecord, deviceKey: string) {
  return issueTokens(s.deps, s.keys, { pool: f.pool, client: f.client, user, deviceKey });
}

export interface DeviceSecret {
  DeviceKey: string;
  DeviceGroupKey: string;
  /** What ConfirmDevice sends: base64 salt and verifier, as CognitoUser.authenticateUserInternal builds them. */
  verifierConfig: { Salt: string; PasswordVerifier: string };
  /** The device password only the client knows. */
  randomPassword: string;
}

/** A device issued at sign-in (NewDeviceMetadata) and the secret the client generates for it with ACIJ. */
export async function issueDevice(s: TestServer, pool: PoolRecord, user: UserRecord, sourceIp?: string): Promise<DeviceSecret> {
  const meta = await newDeviceMetadata(s.deps, pool, user, { sourceIp });
  if (!meta) throw new Error('pool does not track devices');
  const helper = new AuthenticationHelper(pool.id.split('_')[1]);
  await new Promise<void>((resolve, reject) =>
    helper.generateHashDevice(meta.DeviceGroupKey, meta.DeviceKey, (err: unknown) => (err ? reject(err) : resolve())),
  );
  return {
    ...meta,
    verifierConfig: {
      Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
      PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
    },
    randomPassword: helper.getRandomPassword(),
  };
}

/** ACIJ CognitoUser.getDeviceResponse's client side: A for DEVICE_SRP_AUTH, then the DEVICE_PASSWORD_VERIFIER answer. */
export async function deviceClient(device: Pick<DeviceSecret, 'DeviceKey' | 'DeviceGroupKey'>, password: string) {
  const helper = new AuthenticationHelper(device.DeviceGroupKey);
  const A: any = await new Promise((resolve, reject) => helper.getLargeAValue((err: unknown, a: unknown) => (err ? reject(err) : resolve(a))));
  return {
    srpA: A.toString(16) as string,
    async answer(params: Record<string, string>, timestamp: string) {
      const hkdf: Buffer = await new Promise((resolve, reject) =>
        helper.getPasswordAuthenticationKey(
          device.DeviceKey,
          password,
          new BigInteger(params.SRP_B, 16),
          new BigInteger(params.SALT, 16),
          (err: unknown, key: Buffer) => (err ? reject(err) : resolve(key)),
        ),
      );
      const h = new Sha256(hkdf);
      h.update(
        Buffer.concat([
          Buffer.from(device.DeviceGroupKey, 'utf8'),
          Buffer.from(device.DeviceKey, 'utf8'),
          Buffer.from(params.SECRET_BLOCK!, 'base64'),
          Buffer.from(timestamp, 'utf8'),
        ]),
      );
      return {
        USERNAME: params.USERNAME!,
        DEVICE_KEY: device.DeviceKey,
        PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK!,
        PASSWORD_CLAIM_SIGNATURE: Buffer.from(h.digestSync()).toString('base64'),
        TIMESTAMP: timestamp,
      };
    },
  };
}
