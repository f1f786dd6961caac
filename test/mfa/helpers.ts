import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  type SetUserPoolMfaConfigRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { totpCode } from '../../src/domain/mfa/totp.js';
import { issueTokens } from '../../src/domain/tokens/tokens.js';
import { usernameKey } from '../../src/domain/users/users.js';
import { addUser, createClient, createPool, PASSWORD, srpClient, type UserOptions } from '../helpers/fixtures.js';
import type { TestServer } from '../helpers/server.js';

export { addUser, createClient, createPool, PASSWORD, srpClient, memoryStorage, setUser } from '../helpers/fixtures.js';

/** A pool with the given MFA configuration (through SetUserPoolMfaConfig) and a client allowing every password flow. */
export async function mfaPool(
  s: TestServer,
  mfa: Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'> | undefined,
  create: Parameters<typeof createPool>[1] = {},
): Promise<{ poolId: string; clientId: string }> {
  const poolId = await createPool(s, create);
  if (mfa) await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...mfa }));
  const { clientId } = await createClient(s, poolId);
  return { poolId, clientId };
}

export const SMS = { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms', ExternalId: 'x' } } };
export const TOTP = { SoftwareTokenMfaConfiguration: { Enabled: true } };
export const EMAIL = { EmailMfaConfiguration: { Message: 'Your email code is {####}', Subject: 'Sign-in code' } };

/** A user and an access token minted in-process (no dependence on a sign-in flow). */
export async function userWithToken(s: TestServer, poolId: string, clientId: string, username: string, opts: UserOptions = {}): Promise<string> {
  await addUser(s, poolId, username, PASSWORD, opts);
  return accessTokenFor(s, poolId, clientId, username);
}

export async function accessTokenFor(s: TestServer, poolId: string, clientId: string, username: string): Promise<string> {
  const pool = (await s.store.pools.get(poolId))!;
  const client = (await s.store.clients.get(poolId, clientId))!;
  const user = (await s.store.users.get(poolId, usernameKey(pool, username)))!;
  return (await issueTokens(s.deps, s.keys, { pool, client, user })).AccessToken;
}

export async function userRecord(s: TestServer, poolId: string, username: string) {
  const pool = (await s.store.pools.get(poolId))!;
  return (await s.store.users.get(poolId, usernameKey(pool, username)))!;
}

/** The newest code sent to the user (SMS or email) from the outbox. */
export async function lastCode(s: TestServer, poolId: string, username: string, channel?: 'SMS' | 'EMAIL'): Promise<{ code: string; destination: string; body: string; subject?: string; channel: string }> {
  const messages = await s.store.outbox.list({ poolId, username, channel, limit: 1000 });
  const m = messages.sort((a, b) => (b.id ?? 0) - (a.id ?? 0))[0];
  if (!m?.code) throw new Error(`no code in the outbox for ${username}`);
  return { code: m.code, destination: m.destination, body: m.body, subject: m.subject, channel: m.channel };
}

export async function outboxCount(s: TestServer, poolId: string, username: string): Promise<number> {
  return (await s.store.outbox.list({ poolId, username, limit: 1000 })).length;
}

/** The TOTP code for the server's clock, `steps` 30-second steps away. */
export function codeAt(s: TestServer, secret: string, steps = 0): string {
  return totpCode(secret, s.clock.now() + steps * 30_000);
}

export type Flow = 'USER_PASSWORD_AUTH' | 'ADMIN_USER_PASSWORD_AUTH' | 'USER_SRP_AUTH';

export interface Step {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  AuthenticationResult?: { AccessToken?: string };
}

/**
 * Signs in with a password through one of the flows, up to the step after the first factor. `extra` (e.g. DEVICE_KEY)
 * goes where ACIJ and Amplify put it: into AuthParameters, or into the PASSWORD_VERIFIER answer.
 */
export async function signIn(
  s: TestServer,
  poolId: string,
  clientId: string,
  username: string,
  flow: Flow,
  password = PASSWORD,
  extra: Record<string, string> = {},
): Promise<Step> {
  if (flow === 'USER_PASSWORD_AUTH') {
    return s.client.send(new InitiateAuthCommand({ AuthFlow: flow, ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password, ...extra } }));
  }
  if (flow === 'ADMIN_USER_PASSWORD_AUTH') {
    return s.client.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, AuthFlow: flow, ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password, ...extra } }),
    );
  }
  const srp = await srpClient(s, poolId);
  const start = await s.client.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, SRP_A: srp.srpA } }));
  return s.client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: start.Session,
      ChallengeResponses: { ...(await srp.answer(start.ChallengeParameters!, password)), ...extra },
    }),
  );
}

/** Answers a challenge through RespondToAuthChallenge (or the Admin variant). */
export async function respond(
  s: TestServer,
  poolId: string,
  clientId: string,
  step: Step,
  responses: Record<string, string>,
  admin = false,
): Promise<Step> {
  const common = { ClientId: clientId, ChallengeName: step.ChallengeName as never, Session: step.Session, ChallengeResponses: responses };
  if (admin) return s.client.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ...common }));
  return s.client.send(new RespondToAuthChallengeCommand(common));
}
