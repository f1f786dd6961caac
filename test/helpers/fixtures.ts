import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  type AttributeType,
  type CreateUserPoolClientRequest,
  type CreateUserPoolRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { formatSrpTimestamp, userPoolNameForSrp } from '../../src/domain/auth/srp.js';
import { insertUser, makePassword, newUser } from '../../src/domain/users/users.js';
import type { OutboxMessage, UserStatus } from '../../src/store/types.js';
import type { TestServer } from './server.js';

/**
 * The one fixtures module of the black-box tests: pools, clients and users made through the API (or, for states the
 * API cannot reach directly, through the domain and the store), sign-in helpers, the outbox, and real-client helpers.
 */

/** Satisfies the default policy (length, lower, upper, digit, symbol) and every policy the tests configure. */
export const PASSWORD = 'Corr3ct-Horse!';

export async function createPool(s: TestServer, extra: Partial<CreateUserPoolRequest> = {}): Promise<string> {
  const { UserPool } = await s.client.send(new CreateUserPoolCommand({ PoolName: 'test', ...extra }));
  return UserPool!.Id!;
}

export async function createClient(
  s: TestServer,
  poolId: string,
  extra: Partial<CreateUserPoolClientRequest> = {},
): Promise<{ clientId: string; clientSecret?: string }> {
  const { UserPoolClient } = await s.client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
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

// ---- users in a given state, token use, real clients ----

export interface UserOptions {
  status?: UserStatus;
  attributes?: Record<string, string>;
  /** A temporary password valid this many days (FORCE_CHANGE_PASSWORD users). */
  temporaryDays?: number;
  enabled?: boolean;
}

/** Creates a user in-process through the domain and the store (no dependence on AdminCreateUser). */
export async function addUser(s: TestServer, poolId: string, username: string, password = PASSWORD, opts: UserOptions = {}): Promise<void> {
  const pool = (await s.store.pools.get(poolId))!;
  const user = newUser(s.deps, pool, username, { ...(opts.attributes ?? {}) }, opts.status ?? 'CONFIRMED');
  user.enabled = opts.enabled ?? true;
  user.data = { password: makePassword(s.deps, pool, user, password, opts.temporaryDays) };
  await insertUser(s.deps, pool, user, 'User account already exists');
}

export async function setUser(s: TestServer, poolId: string, username: string, change: (u: any) => void): Promise<void> {
  const pool = (await s.store.pools.get(poolId))!;
  const key = pool.config.UsernameConfiguration && (pool.config.UsernameConfiguration as any).CaseSensitive ? username : username.toLowerCase();
  const user = (await s.store.users.get(poolId, key))!;
  change(user);
  if (!(await s.store.users.update(user))) throw new Error('setUser: concurrent update');
}

export async function passwordSignIn(s: TestServer, clientId: string, username: string, password = PASSWORD) {
  return s.client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));
}

export async function tokensFor(s: TestServer, clientId: string, username: string, password = PASSWORD) {
  const r = await passwordSignIn(s, clientId, username, password);
  if (!r.AuthenticationResult) throw new Error(`expected tokens, got challenge ${r.ChallengeName}`);
  return r.AuthenticationResult as { AccessToken: string; IdToken: string; RefreshToken: string; ExpiresIn: number };
}

/**
 * Calls a token-authorized operation with `token`: GetUser when the server has it, else a ChangePassword to the same
 * password (which needs nothing but a valid token and the right password).
 */
export async function useAccessToken(s: TestServer, token: string, password = PASSWORD): Promise<void> {
  try {
    await s.client.send(new GetUserCommand({ AccessToken: token }));
  } catch (e) {
    if ((e as Error).name !== 'UnsupportedOperationException') throw e;
    await s.client.send(new ChangePasswordCommand({ AccessToken: token, PreviousPassword: password, ProposedPassword: password }));
  }
}

/** A Storage for amazon-cognito-identity-js in Node. */
export function memoryStorage() {
  const m = new Map<string, string>();
  return {
    setItem: (k: string, v: string) => void m.set(k, String(v)),
    getItem: (k: string) => m.get(k) ?? null,
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
  };
}

/**
 * aws-jwt-verify as a relying party would configure it for cognate: issuer and the JWKS URL of the pool, fetched over
 * HTTP for real (its built-in fetcher speaks HTTPS only, so the fetcher is the global fetch).
 */
export function verifierFor(s: TestServer, poolId: string, tokenUse: 'access' | 'id', clientId: string) {
  const jwksCache = new SimpleJwksCache({
    fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() },
  });
  return JwtRsaVerifier.create(
    {
      issuer: s.deps.issuer(poolId),
      audience: tokenUse === 'id' ? clientId : null,
      jwksUri: `${s.url}/${poolId}/.well-known/jwks.json`,
      // What CognitoJwtVerifier adds for Cognito tokens: token_use, and client_id for access tokens (no aud).
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== tokenUse) throw new Error(`token_use is ${String(payload.token_use)}`);
        if (tokenUse === 'access' && payload.client_id !== clientId) throw new Error('client_id mismatch');
      },
    },
    { jwksCache },
  );
}

// ---- a client-side SRP, from amazon-cognito-identity-js's own helper, for raw RespondToAuthChallenge calls ----

const require = createRequire(import.meta.url);
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const { Sha256 } = require('@aws-crypto/sha256-js');

export interface SrpClient {
  srpA: string;
  /** The PASSWORD_VERIFIER ChallengeResponses for the server's challenge parameters. */
  answer(params: Record<string, string>, password?: string, nowMs?: number): Promise<Record<string, string>>;
}

export async function srpClient(s: TestServer, poolId: string): Promise<SrpClient> {
  const poolName = userPoolNameForSrp(poolId);
  const helper = new AuthenticationHelper(poolName);
  const A = await new Promise<any>((res, rej) => helper.getLargeAValue((e: unknown, a: unknown) => (e ? rej(e) : res(a))));
  return {
    srpA: A.toString(16),
    async answer(params, password = PASSWORD, nowMs = s.clock.now()) {
      const identity = params.USER_ID_FOR_SRP!;
      const hkdf = await new Promise<Buffer>((res, rej) =>
        helper.getPasswordAuthenticationKey(identity, password, new BigInteger(params.SRP_B, 16), new BigInteger(params.SALT, 16), (e: unknown, k: Buffer) =>
          e ? rej(e) : res(k),
        ),
      );
      const timestamp = formatSrpTimestamp(nowMs);
      const h = new Sha256(hkdf);
      h.update(Buffer.concat([Buffer.from(poolName), Buffer.from(identity), Buffer.from(params.SECRET_BLOCK!, 'base64'), Buffer.from(timestamp)]));
      return {
        USERNAME: identity,
        PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK!,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: Buffer.from(h.digestSync()).toString('base64'),
      };
    },
  };
}
