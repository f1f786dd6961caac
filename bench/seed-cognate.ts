import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadServerConfig } from '../src/config/config.js';
import { startServer } from '../src/cli/serve.js';
import { CATEGORY_NAMES } from '../src/domain/quotas/categories.js';
import { silentLogger } from '../src/platform/log.js';
import { randomUuid } from '../src/platform/random.js';
import { aliasesOf, makePassword, newUser, type PasswordState } from '../src/domain/users/users.js';
import { generateTotpSecret } from '../src/domain/mfa/totp.js';
import { totpAad } from '../src/domain/mfa/state.js';
import { issueTokens } from '../src/domain/tokens/tokens.js';
import { decodeJwt } from '../src/domain/tokens/jwt.js';
import { tokenValidity } from '../src/domain/clients/config.js';
import type { UserRecord } from '../src/store/types.js';
import { BENCH_ACCESS_KEY, BENCH_PASSWORD, type Fixture } from './fixture.js';

export interface SeedOptions {
  users: number;
  store: string;
  dataDir: string;
  /** Distinct access tokens to mint (at least one per token user). */
  tokens: number;
  /** Repeating tokens (a subset of the fresh ones). */
  repeatTokens: number;
  /** Users with TOTP MFA (the first ones). */
  totpUsers: number;
  /** Users after the TOTP cohort with a real verifier and no MFA. */
  signInUsers: number;
  adminUsers: number;
  /** Users of the second pool, whose threat protection is in AUDIT mode (0: no such pool). */
  threatUsers: number;
  log?: (line: string) => void;
}

export const userName = (i: number) => `user${String(i).padStart(7, '0')}`;
/**
 * Tokens name their issuer (public URL + pool id); the seeding server and the measured one listen on different
 * ports, so both are given this public URL.
 */
export const BENCH_PUBLIC_URL = 'http://127.0.0.1:9229';
export const accessKeyEnv = () => ({
  COGNATE_ACCESS_KEYS: `${BENCH_ACCESS_KEY.accessKeyId}:${BENCH_ACCESS_KEY.secretAccessKey}`,
  // Access keys turn request-rate quotas on (docs/security.md, Quotas), and the bench runs far above Cognito's
  // default rates: every category is raised out of its reach, so it measures the per-request check, not throttling.
  COGNATE_QUOTA_LIMITS: CATEGORY_NAMES.map((c) => `${c}=${BENCH_QUOTA}`).join(','),
});
const BENCH_QUOTA = 10_000_000;

/**
 * Seeds a pool through the store API (not the API: 1,000,000 users through HTTP would take hours) inside a
 * cognate started in this process, then stops it; the measured server is started afterwards on the same data.
 *
 * - Users 0 … totpUsers−1 have a verified TOTP token, TOTP enabled and preferred; users up to
 *   totpUsers+signInUsers have a real SRP verifier of BENCH_PASSWORD (makePassword: one 3072-bit modPow each).
 *   Every other user gets a copy of one precomputed verifier (salt and verifier of user 0): their records have the
 *   size and shape of real ones, but they cannot sign in; the bench never signs them in.
 * - Access tokens: one token family per token user (what a sign-in creates) and tokens with the claims
 *   issueTokens gives (copied from a real one, with each token's own sub, username, origin_jti, jti and event_id),
 *   signed on worker threads.
 */
export async function seedCognate(o: SeedOptions): Promise<Fixture> {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  const config = loadServerConfig(['--port', '0', '--host', '127.0.0.1', '--data', o.dataDir, '--store', o.store, '--public-url', BENCH_PUBLIC_URL], accessKeyEnv());
  const running = await startServer(config, { log: silentLogger });
  const { deps, keys, store } = running;
  const sdk = new CognitoIdentityProviderClient({ endpoint: running.url, region: config.region, credentials: BENCH_ACCESS_KEY, maxAttempts: 1 });
  try {
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench' }));
    const poolId = UserPool!.Id!;
    await sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'bench',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = UserPoolClient!.ClientId!;
    const pool = (await store.pools.get(poolId))!;
    const client = (await store.clients.get(poolId, clientId))!;

    // ---- users ----
    const totpCount = Math.min(o.totpUsers, o.users);
    const realCount = Math.min(o.users, totpCount + o.signInUsers);
    let shared: PasswordState | undefined;
    const totpUsers: Fixture['totpUsers'] = [];
    const parallel = store.kind === 'postgres' ? 32 : 1;
    let batch: Promise<void>[] = [];
    let tUsers = performance.now();
    for (let i = 0; i < o.users; i++) {
      const name = userName(i);
      const u = newUser(deps, pool, name, { email: `${name}@example.com`, email_verified: 'true' }, 'CONFIRMED');
      if (i < realCount) {
        const p = makePassword(deps, pool, u, BENCH_PASSWORD);
        shared ??= p;
        u.data.password = p;
      } else {
        u.data.password = { ...shared!, setAt: deps.clock.now() };
      }
      if (i < totpCount) {
        const secret = generateTotpSecret(deps.random);
        const now = deps.clock.now();
        u.data.softwareToken = { verified: { sealed: deps.sealer.seal(secret, totpAad(u)), createdAt: now, verifiedAt: now } };
        u.data.mfa = { configured: true, enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' };
        totpUsers.push({ username: name, secret });
      }
      batch.push(store.users.create(u, aliasesOf(pool, u)));
      if (batch.length >= parallel) {
        await Promise.all(batch);
        batch = [];
      }
      if (i > 0 && i % 100_000 === 0) log(`  seeded ${i} users (${Math.round(i / ((performance.now() - tUsers) / 1000))}/s)`);
    }
    await Promise.all(batch);
    const usersSeconds = (performance.now() - tUsers) / 1000;

    // ---- tokens ----
    const tTokens = performance.now();
    const tokenUsers = Math.min(o.users, o.tokens);
    const stride = o.users / tokenUsers;
    const template = await templateClaims(running, pool, client);
    const life = tokenValidity(client);
    const claims: object[] = [];
    const perUser: UserRecord[] = [];
    for (let k = 0; k < tokenUsers; k++) {
      const u = (await store.users.get(poolId, userName(Math.floor(k * stride))))!;
      perUser.push(u);
    }
    const families: Array<{ originJti: string; authTime: number }> = [];
    for (let k = 0; k < tokenUsers; k += parallel) {
      const chunk = perUser.slice(k, k + parallel);
      await Promise.all(
        chunk.map(async (u, c) => {
          const now = deps.clock.now();
          const originJti = randomUuid(deps.random);
          const authTime = Math.floor(now / 1000);
          families[k + c] = { originJti, authTime };
          await store.tokens.createFamily({
            originJti,
            poolId,
            clientId,
            usernameKey: u.usernameKey,
            sub: u.sub,
            authTime,
            refreshHash: deps.hashSecret(randomUuid(deps.random)),
            createdAt: now,
            refreshExpiresAt: now + life.refresh * 1000,
          });
        }),
      );
    }
    for (let j = 0; j < o.tokens; j++) {
      const u = perUser[j % tokenUsers]!;
      const f = families[j % tokenUsers]!;
      const iat = Math.floor(deps.clock.now() / 1000);
      claims.push({
        ...template,
        sub: u.sub,
        origin_jti: f.originJti,
        event_id: randomUuid(deps.random),
        auth_time: f.authTime,
        exp: iat + life.access,
        iat,
        jti: randomUuid(deps.random),
        username: u.username,
      });
    }
    const signer = await keys.signer(poolId, 'access');
    const freshTokens = await signInWorkers(signer.kid, signer.privateKey as import('node:crypto').KeyObject, claims, 2);
    const tokensSeconds = (performance.now() - tTokens) / 1000;

    const threat = o.threatUsers > 0 ? await seedThreatPool(sdk, running, o.threatUsers) : undefined;

    const adminStride = o.users / Math.min(o.users, o.adminUsers);
    const adminUsers = Array.from({ length: Math.min(o.users, o.adminUsers) }, (_, k) => userName(Math.floor(k * adminStride)));
    const signInUsers = Array.from({ length: realCount - totpCount }, (_, k) => userName(totpCount + k));
    return {
      target: 'cognate',
      poolId,
      clientId,
      region: config.region,
      password: BENCH_PASSWORD,
      accessKey: BENCH_ACCESS_KEY,
      freshTokens,
      repeatTokens: freshTokens.slice(0, Math.min(o.repeatTokens, freshTokens.length)),
      signInUsers,
      totpUsers,
      adminUsers,
      ...(threat ? { threat } : {}),
      seeding: {
        users: o.users,
        realVerifiers: realCount,
        totpUsers: totpCount,
        tokenUsers,
        tokens: o.tokens,
        threatUsers: threat?.signInUsers.length ?? 0,
        usersSeconds: round(usersSeconds),
        tokensSeconds: round(tokensSeconds),
        totalSeconds: round((performance.now() - t0) / 1000),
      },
    };
  } finally {
    sdk.destroy();
    await running.close();
  }
}

/**
 * The second pool: the first one's settings (MFA optional with TOTP on, the same client flows) with threat protection
 * in AUDIT mode on the Plus plan, and `count` users with a real verifier of BENCH_PASSWORD and no MFA. AUDIT evaluates
 * and records every sign-in as ENFORCED does but never acts, so every sign-in still ends in tokens.
 */
async function seedThreatPool(sdk: CognitoIdentityProviderClient, running: Awaited<ReturnType<typeof startServer>>, count: number): Promise<NonNullable<Fixture['threat']>> {
  const { deps, store } = running;
  const { UserPool } = await sdk.send(
    new CreateUserPoolCommand({ PoolName: 'bench-threat', UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } }),
  );
  const poolId = UserPool!.Id!;
  await sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'bench-threat', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
  );
  const pool = (await store.pools.get(poolId))!;
  const signInUsers: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = userName(i);
    const u = newUser(deps, pool, name, { email: `${name}@example.com`, email_verified: 'true' }, 'CONFIRMED');
    u.data.password = makePassword(deps, pool, u, BENCH_PASSWORD);
    await store.users.create(u, aliasesOf(pool, u));
    signInUsers.push(name);
  }
  return { poolId, clientId: UserPoolClient!.ClientId!, signInUsers };
}

/** The access-token claims issueTokens writes, taken from a real sign-in's token (so the bench follows any change). */
async function templateClaims(running: Awaited<ReturnType<typeof startServer>>, pool: import('../src/store/types.js').PoolRecord, client: import('../src/store/types.js').ClientRecord): Promise<Record<string, unknown>> {
  const u = newUser(running.deps, pool, 'template-user', {}, 'CONFIRMED');
  await running.store.users.create(u, aliasesOf(pool, u));
  const r = await issueTokens(running.deps, running.keys, { pool, client, user: u });
  await running.store.users.delete(pool.id, u.usernameKey, running.deps.clock.now());
  return decodeJwt(r.AccessToken).payload;
}

async function signInWorkers(kid: string, key: import('node:crypto').KeyObject, claims: object[], threads: number): Promise<string[]> {
  const size = Math.ceil(claims.length / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, t) =>
      new Promise<string[]>((resolve, reject) => {
        const w = new Worker(new URL('./sign-worker.js', import.meta.url), { workerData: { key, kid, claims: claims.slice(t * size, (t + 1) * size) } });
        w.once('message', (tokens: string[]) => {
          resolve(tokens);
          void w.terminate();
        });
        w.once('error', reject);
      }),
    ),
  );
  return parts.flat();
}

const round = (x: number) => Math.round(x * 10) / 10;

export function writeFixture(file: string, f: Fixture): void {
  writeFileSync(file, JSON.stringify(f));
}
