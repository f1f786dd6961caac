import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, signJwt } from '../src/domain/tokens/jwt.js';
import { generateTotpSecret } from '../src/domain/mfa/totp.js';
import { cryptoRandom } from '../src/platform/random.js';
import { BENCH_ACCESS_KEY, BENCH_PASSWORD, type Fixture } from './fixture.js';
import { cpuPrefix, startChild, type Child } from './processes.js';
import { userName } from './seed-cognate.js';

/**
 * cognito-local (npm), started by the bench as a child process on 127.0.0.1 in a folder of its own. It keeps a pool
 * as one JSON file (.cognito/db/<poolId>.json) that it loads at start and rewrites on every write, and finds users
 * by `sub` (what its token-authorized operations look up) by scanning them. Seeding N users through its API costs
 * O(N²) file writes, so the bench creates the pool, the client and one user through the API, then writes the other
 * users into the pool file as copies of that one (own Username, sub, email; the same password), and restarts it.
 * Tokens are made the way cognito-local makes them: its own token's claims with each user's sub/username, signed
 * with the private key it ships (it only decodes access tokens anyway).
 */
const require = createRequire(import.meta.url);
const PACKAGE_DIR = dirname(require.resolve('cognito-local/package.json'));
const START = join(PACKAGE_DIR, 'lib/bin/start.js');

/**
 * Starts cognito-local on the seeded data. The data folder is restored from the pristine copy first: it rewrites its
 * pool file on every write, and a process stopped in the middle of a rewrite leaves a file the next start cannot use.
 */
export function startCognitoLocal(dir: string, pin: boolean): Promise<Child> {
  const pristine = `${dir}.pristine`;
  if (existsSync(pristine)) {
    rmSync(join(dir, '.cognito'), { recursive: true, force: true });
    cpSync(join(pristine, '.cognito'), join(dir, '.cognito'), { recursive: true });
  }
  return startCognitoLocalIn(dir, pin);
}

/** Starts cognito-local in `dir` as it is (an empty folder: it creates its data there, as a first start does). */
export function startCognitoLocalIn(dir: string, pin: boolean): Promise<Child> {
  return startChild([...cpuPrefix(pin, 0), process.execPath, START], {
    cwd: dir,
    env: { PORT: '0', HOST: '127.0.0.1', DEBUG: '' },
    ready: /Cognito Local running on (http:\/\/127\.0\.0\.1:\d+)/,
  });
}

export async function seedCognitoLocal(dir: string, o: { users: number; tokens: number; totpUsers: number; signInUsers: number; adminUsers: number }): Promise<Fixture> {
  // Its default pools sign in by email (UsernameAttributes [email]); the bench's users have user names, as cognate's.
  mkdirSync(join(dir, '.cognito'), { recursive: true });
  writeFileSync(join(dir, '.cognito', 'config.json'), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
  const child = await startCognitoLocal(dir, false);
  const sdk = new CognitoIdentityProviderClient({ endpoint: child.url, region: 'us-east-1', credentials: BENCH_ACCESS_KEY, maxAttempts: 1 });
  let poolId: string;
  let clientId: string;
  let template: Record<string, unknown>;
  try {
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench', MfaConfiguration: 'OPTIONAL' }));
    poolId = UserPool!.Id!;
    const { UserPoolClient } = await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }));
    clientId = UserPoolClient!.ClientId!;
    const name = userName(0);
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }, { Name: 'email_verified', Value: 'true' }] }));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: BENCH_PASSWORD, Permanent: true }));
    const r = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, PASSWORD: BENCH_PASSWORD } }));
    template = decodeJwt(r.AuthenticationResult!.AccessToken!).payload;
  } finally {
    sdk.destroy();
    await child.stop();
  }

  const file = join(dir, '.cognito', 'db', `${poolId}.json`);
  const db = JSON.parse(readFileSync(file, 'utf8')) as { Users: Record<string, Record<string, any>> };
  const first = Object.values(db.Users)[0]!;
  const users: Record<string, Record<string, any>> = {};
  const subs: string[] = [];
  const totpUsers: Fixture['totpUsers'] = [];
  const totpCount = Math.min(o.totpUsers, o.users);
  for (let i = 0; i < o.users; i++) {
    const name = userName(i);
    const sub = randomUUID();
    subs.push(sub);
    const u: Record<string, any> = {
      ...first,
      Username: name,
      Attributes: (first.Attributes as Array<{ Name: string; Value: string }>).map((a) =>
        a.Name === 'sub' ? { Name: 'sub', Value: sub } : a.Name === 'email' ? { Name: 'email', Value: `${name}@example.com` } : a,
      ),
    };
    if (i < totpCount) {
      const secret = generateTotpSecret(cryptoRandom);
      u.SoftwareTokenMfaConfiguration = { Secret: secret, Verified: true };
      u.UserMFASettingList = ['SOFTWARE_TOKEN_MFA'];
      u.PreferredMfaSetting = 'SOFTWARE_TOKEN_MFA';
      totpUsers.push({ username: name, secret });
    }
    users[name] = u;
  }
  db.Users = users;
  writeFileSync(file, JSON.stringify(db));
  cpSync(join(dir, '.cognito'), join(`${dir}.pristine`, '.cognito'), { recursive: true });

  const privateJwk = (JSON.parse(readFileSync(join(PACKAGE_DIR, 'lib/keys/cognitoLocal.private.json'), 'utf8')) as { jwk: import('node:crypto').JsonWebKey & { kid: string } }).jwk;
  const key = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const kid = privateJwk.kid;
  const tokenUsers = Math.min(o.users, o.tokens);
  const stride = o.users / tokenUsers;
  const freshTokens: string[] = [];
  for (let k = 0; k < o.tokens; k++) {
    const i = Math.floor((k % tokenUsers) * stride);
    freshTokens.push(signJwt({ ...template, sub: subs[i], username: userName(i), jti: randomUUID(), event_id: randomUUID() }, { kid, privateKey: key }));
  }
  const adminStride = o.users / Math.min(o.users, o.adminUsers);
  const realSignIn = Math.min(o.users - totpCount, o.signInUsers);
  return {
    target: 'cognito-local',
    poolId,
    clientId,
    region: 'us-east-1',
    password: BENCH_PASSWORD,
    accessKey: BENCH_ACCESS_KEY,
    freshTokens,
    repeatTokens: freshTokens.slice(0, Math.min(1000, freshTokens.length)),
    signInUsers: Array.from({ length: realSignIn }, (_, k) => userName(totpCount + k)),
    totpUsers,
    adminUsers: Array.from({ length: Math.min(o.users, o.adminUsers) }, (_, k) => userName(Math.floor(k * adminStride))),
    seeding: { users: o.users, totpUsers: totpCount, tokens: o.tokens },
  };
}
