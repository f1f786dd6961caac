import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type AttributeType,
  type CreateUserPoolClientRequest,
  type CreateUserPoolRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import type { OutboxMessage } from '../../src/store/types.js';
import type { TestServer } from './server.js';

/** Satisfies the default policy (length, lower, upper, digit, symbol). */
export const PASSWORD = 'Passw0rd!long';

export async function createPool(s: TestServer, extra: Partial<CreateUserPoolRequest> = {}): Promise<string> {
  const { UserPool } = await s.client.send(new CreateUserPoolCommand({ PoolName: 'users', ...extra }));
  return UserPool!.Id!;
}

export async function createClient(s: TestServer, poolId: string, extra: Partial<CreateUserPoolClientRequest> = {}) {
  const { UserPoolClient } = await s.client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      ...extra,
    }),
  );
  return { clientId: UserPoolClient!.ClientId!, clientSecret: UserPoolClient!.ClientSecret };
}

export const attrs = (o: Record<string, string>): AttributeType[] => Object.entries(o).map(([Name, Value]) => ({ Name, Value }));
export const attrsOf = (list: AttributeType[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((a) => [a.Name!, a.Value ?? '']));

/** A CONFIRMED user with a permanent password, created through the API (no invitation sent). */
export async function createConfirmedUser(s: TestServer, poolId: string, username: string, attributes: Record<string, string> = {}, password = PASSWORD) {
  const { User } = await s.client.send(
    new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, UserAttributes: attrs(attributes), MessageAction: 'SUPPRESS' }),
  );
  await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
  return User!;
}

/** A real sign-in (ADMIN_USER_PASSWORD_AUTH) returning the access token. */
export async function signIn(s: TestServer, poolId: string, clientId: string, username: string, password = PASSWORD): Promise<string> {
  const r = await s.client.send(
    new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  if (!r.AuthenticationResult?.AccessToken) throw new Error(`sign-in answered a challenge: ${r.ChallengeName}`);
  return r.AuthenticationResult.AccessToken;
}

export async function outbox(s: TestServer, poolId: string, username?: string): Promise<OutboxMessage[]> {
  return s.store.outbox.list({ poolId, username, limit: 100 });
}

/** The newest message to the user (optionally of one purpose); fails when there is none. */
export async function lastMessage(s: TestServer, poolId: string, username: string, purpose?: string): Promise<OutboxMessage> {
  const m = (await outbox(s, poolId, username)).find((x) => !purpose || x.purpose === purpose);
  if (!m) throw new Error(`no message to ${username}${purpose ? ` for ${purpose}` : ''}`);
  return m;
}

export async function lastCode(s: TestServer, poolId: string, username: string, purpose?: string): Promise<string> {
  const m = await lastMessage(s, poolId, username, purpose);
  if (!m.code) throw new Error('message without code');
  return m.code;
}

export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret).update(username + clientId).digest('base64');
}

/** A code that is not `code` (same length). */
export const otherCode = (code: string) => (code === '000000' ? '111111' : '000000');

export const HOUR = 3600_000;
