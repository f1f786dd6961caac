import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetProvisionedLimitCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  SetUserMFAPreferenceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ManualClock } from '../../src/platform/clock.js';
import { ConfigError, loadServerConfig } from '../../src/config/config.js';
import { rejectsWith, startTestServer, TEST_CREDENTIALS, type TestServer } from '../helpers/server.js';
import { createClient, createPool, PASSWORD } from '../helpers/users.js';

/**
 * Issue 13 finding 9, quotas. Attack: without request-rate limits one client can flood any operation — sign-ups,
 * sign-in attempts, account recovery — as fast as the server answers. Cognito limits each operation category per
 * second and answers TooManyRequestsException (`Rate exceeded`); cognate does the same, on by default when exposed,
 * shared by every process on one store. The clock is a ManualClock: windows roll over by advancing it, no sleeping.
 */
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0, 0);
/** With access keys SigV4 checks the request date against the clock: now, at the start of a second. */
const signable = () => new ManualClock(Math.floor(Date.now() / 1000) * 1000);
const quotasOn = (limits: string) => ({ COGNATE_QUOTAS: 'on', COGNATE_QUOTA_LIMITS: limits });

/** Calls `call` until it is throttled (at most `max` times) and says how many were admitted. */
async function admittedUntilThrottled(call: () => Promise<unknown>, max = 100): Promise<number> {
  for (let n = 0; n < max; n++) {
    try {
      await call();
    } catch (e) {
      if ((e as Error).name === 'TooManyRequestsException') return n;
    }
  }
  throw new Error(`not throttled after ${max} calls`);
}

describe('request-rate quotas (issue 13 finding 9)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ clock: new ManualClock(T0), env: quotasOn('UserPoolRead=3,UserList=2,UserResourceUpdate=1') });
  });
  after(async () => s.stop());

  it('flooding a category: past its limit in one second the request is answered TooManyRequestsException "Rate exceeded" (400) before it runs', async () => {
    s.clock.advance(1000);
    for (let i = 0; i < 3; i++) await s.client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    const err = await rejectsWith(s.client.send(new ListUserPoolsCommand({ MaxResults: 10 })), 'TooManyRequestsException', 'Rate exceeded');
    assert.equal(err.$metadata?.httpStatusCode, 400);
  });

  it('other categories keep their own budget while one is spent', async () => {
    s.clock.advance(1000);
    for (let i = 0; i < 3; i++) await s.client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    await rejectsWith(s.client.send(new ListUserPoolsCommand({ MaxResults: 10 })), 'TooManyRequestsException');
    const poolId = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'other-category' }))).UserPool!.Id!;
    await s.client.send(new ListUsersCommand({ UserPoolId: poolId }));
    await s.client.send(new ListUsersCommand({ UserPoolId: poolId }));
    await rejectsWith(s.client.send(new ListUsersCommand({ UserPoolId: poolId })), 'TooManyRequestsException', 'Rate exceeded');
  });

  it('the window rolls over with the clock: the next second has a fresh budget', async () => {
    s.clock.advance(1000);
    assert.equal(await admittedUntilThrottled(() => s.client.send(new ListUserPoolsCommand({ MaxResults: 10 }))), 3);
    s.clock.advance(999 - (s.clock.now() % 1000));
    await rejectsWith(s.client.send(new ListUserPoolsCommand({ MaxResults: 10 })), 'TooManyRequestsException');
    s.clock.advance(1);
    assert.equal(await admittedUntilThrottled(() => s.client.send(new ListUserPoolsCommand({ MaxResults: 10 }))), 3);
  });

  it('failed requests spend the budget too, and throttling applies to operations whose model omits TooManyRequestsException', async () => {
    s.clock.advance(1000);
    // SetUserMFAPreference models no TooManyRequestsException; Cognito throttles it all the same (UserResourceUpdate).
    await rejectsWith(s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: 'not-a-token' })), 'NotAuthorizedException');
    await rejectsWith(s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: 'not-a-token' })), 'TooManyRequestsException', 'Rate exceeded');
  });
});

describe('request-rate quotas: challenge answers', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startTestServer({ clock: new ManualClock(T0), env: quotasOn('UserAuthentication=2,UserAccountRecovery=1') });
    poolId = await createPool(s);
    ({ clientId } = await createClient(s, poolId));
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'newbie', TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' }));
  });
  after(async () => s.stop());

  const answer = (ChallengeName: 'NEW_PASSWORD_REQUIRED' | 'SMS_MFA', Session: string, extra: Record<string, string> = {}) =>
    s.client.send(
      new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName, Session, ChallengeResponses: { USERNAME: 'newbie', ...extra } }),
    );

  it('NEW_PASSWORD_REQUIRED answers count toward UserAccountRecovery, not UserAuthentication', async () => {
    s.clock.advance(1000);
    const started = await s.client.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'newbie', PASSWORD } }),
    );
    assert.equal(started.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    // Spends UserAccountRecovery's one request of this second (whatever it answers for an unknown user).
    await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'nobody' })).catch((e: Error) => assert.notEqual(e.name, 'TooManyRequestsException'));
    await rejectsWith(answer('NEW_PASSWORD_REQUIRED', started.Session!, { NEW_PASSWORD: 'An0ther-passw0rd' }), 'TooManyRequestsException', 'Rate exceeded');
    s.clock.advance(1000);
    const done = await answer('NEW_PASSWORD_REQUIRED', started.Session!, { NEW_PASSWORD: 'An0ther-passw0rd' });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('other challenge answers have three times UserAuthentication of their own, then spend UserAuthentication', async () => {
    s.clock.advance(1000);
    const session = 'x'.repeat(40);
    const admitted = await admittedUntilThrottled(() => answer('SMS_MFA', session, { SMS_MFA_CODE: '123456' }));
    assert.equal(admitted, 3 * 2 + 2);
    await rejectsWith(
      s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'newbie', PASSWORD } })),
      'TooManyRequestsException',
    );
  });
});

describe('request-rate quotas: modes', () => {
  it('keyless loopback mode: off by default (LimitManagement allows 1 request per second, and 5 pass)', async () => {
    const s = await startTestServer({ clock: new ManualClock(T0) });
    try {
      for (let i = 0; i < 5; i++) {
        await s.client.send(new GetProvisionedLimitCommand({ LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserAuthentication' } } }));
      }
    } finally {
      await s.stop();
    }
  });

  it('exposed mode (access keys configured): on by default', async () => {
    const s = await startTestServer({ clock: signable(), accessKeys: [TEST_CREDENTIALS] });
    try {
      const get = () => s.client.send(new GetProvisionedLimitCommand({ LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserRead' } } }));
      await get();
      await rejectsWith(get(), 'TooManyRequestsException', 'Rate exceeded');
    } finally {
      await s.stop();
    }
  });

  it('--quotas off turns them off with access keys', async () => {
    const s = await startTestServer({ clock: signable(), accessKeys: [TEST_CREDENTIALS], env: { COGNATE_QUOTAS: 'off', COGNATE_QUOTA_LIMITS: 'UserPoolRead=1' } });
    try {
      for (let i = 0; i < 3; i++) await s.client.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    } finally {
      await s.stop();
    }
  });
});

describe('request-rate quotas: two servers on one store share the budget', () => {
  let dataDir: string;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cognate-quotas-'));
    const clock = new ManualClock(T0);
    // Both run on the same store (SQLite file, or PostgreSQL schema under COGNATE_TEST_STORE=postgres).
    a = await startTestServer({ clock, dataDir, env: quotasOn('UserRead=20') });
    b = await startTestServer({ clock, dataDir, env: quotasOn('UserRead=20') });
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('alternating requests over both servers: exactly the limit is admitted in one second, not twice it', async () => {
    const poolId = (await a.client.send(new CreateUserPoolCommand({ PoolName: 'shared' }))).UserPool!.Id!;
    a.clock.advance(1000);
    let admitted = 0;
    const throttled = { a: false, b: false };
    for (let i = 0; i < 30; i++) {
      for (const [name, server] of [['a', a], ['b', b]] as const) {
        try {
          await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' }));
        } catch (e) {
          if ((e as Error).name === 'TooManyRequestsException') throttled[name] = true;
          else if ((e as Error).name === 'UserNotFoundException') admitted++;
          else throw e;
        }
      }
    }
    assert.equal(admitted, 20);
    assert.deepEqual(throttled, { a: true, b: true });
    a.clock.advance(1000);
    await rejectsWith(b.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' })), 'UserNotFoundException');
  });
});

describe('request-rate quotas: configuration', () => {
  it('--quota-limits / COGNATE_QUOTA_LIMITS take Category=N pairs; an unknown category or a bad number stops start-up', () => {
    assert.deepEqual(loadServerConfig(['--quota-limits', 'UserAuthentication=500, UserCreation=7'], {}).quotaLimits, { UserAuthentication: 500, UserCreation: 7 });
    assert.deepEqual(loadServerConfig([], { COGNATE_QUOTA_LIMITS: 'UserList=3' }).quotaLimits, { UserList: 3 });
    assert.equal(loadServerConfig([], {}).quotas, 'auto');
    assert.equal(loadServerConfig(['--quotas', 'on'], {}).quotas, 'on');
    assert.throws(() => loadServerConfig(['--quotas', 'yes'], {}), (e) => e instanceof ConfigError && e.message === 'quotas must be on, off or auto');
    assert.throws(() => loadServerConfig(['--quota-limits', 'UserSignIn=5'], {}), (e) => e instanceof ConfigError && /not a quota category: UserSignIn/.test(e.message));
    for (const bad of ['UserRead=0', 'UserRead=-1', 'UserRead=1.5', 'UserRead=', 'UserRead']) {
      assert.throws(() => loadServerConfig(['--quota-limits', bad], {}), (e) => e instanceof ConfigError && /UserRead must be a positive whole number/.test(e.message), bad);
    }
  });
});
