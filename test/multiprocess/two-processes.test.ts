import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { totpCode } from '../../src/domain/mfa/totp.js';
import { rejectsWith } from '../helpers/server.js';
import { testSchema, type TestSchema } from '../store/postgres-schema.js';
import { CognateProcess, noPostgres, outbox, outcome, pgUrl } from './helpers.js';
import { PASSWORD } from '../helpers/fixtures.js';

/**
 * Issue 7's acceptance: two cognate PROCESSES on different ports sharing one PostgreSQL schema, SDK v3 clients
 * pointed at each. They share what every process of one deployment must share: COGNATE_MASTER_KEY (each opens what
 * the other sealed, and session ids and codes hash alike) and COGNATE_PUBLIC_URL (the tokens' issuer: without it
 * each process names itself, and refuses the other's tokens as 'Invalid Access Token'). Nothing here is
 * in-process: everything one process knows about another's work it learnt from the database.
 */
const REPLAYED = 'Your software token has already been used once.';
const SESSION_USED = 'Invalid session for the user, session can only be used once.';
const REVOKED = 'Access Token has been revoked';

describe('two cognate processes sharing one PostgreSQL', { skip: noPostgres, timeout: 120_000 }, () => {
  let schema: TestSchema;
  let procA: CognateProcess;
  let procB: CognateProcess;
  let a: CognitoIdentityProviderClient;
  let b: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;
  let n = 0;

  before(async () => {
    schema = testSchema(pgUrl!, 'mp');
    const env = { COGNATE_MASTER_KEY: randomBytes(32).toString('base64'), COGNATE_PUBLIC_URL: 'http://cognate.test:9229' };
    // Started together: both migrate the new schema at once (the advisory lock queues them).
    procA = new CognateProcess(schema.url, env);
    procB = new CognateProcess(schema.url, env);
    [a, b] = await Promise.all([procA.client(), procB.client()]);
    assert.notEqual(await procA.url(), await procB.url());
    poolId = (await a.send(new CreateUserPoolCommand({ PoolName: 'shared' }))).UserPool!.Id!;
    await b.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
        SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms', ExternalId: 'x' } },
      }),
    );
    clientId = (
      await a.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      )
    ).UserPoolClient!.ClientId!;
  });

  after(async () => {
    const stderr = [procA, procB].map((p) => p?.stderr).join('');
    await Promise.all([procA?.stop(), procB?.stop()]);
    await schema?.drop();
    if (stderr.includes('"unexpected failure"')) assert.fail(`a process logged an unexpected failure:\n${stderr}`);
  });

  /** A confirmed user created on process A; SMS MFA on when asked (the phone is verified). */
  async function newUser(sms = false): Promise<string> {
    const name = `user${++n}`;
    await a.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: name,
        MessageAction: 'SUPPRESS',
        UserAttributes: sms ? [{ Name: 'phone_number', Value: '+15555550100' }, { Name: 'phone_number_verified', Value: 'true' }] : [],
      }),
    );
    await a.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: PASSWORD, Permanent: true }));
    if (sms) await a.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    return name;
  }

  const signIn = (c: CognitoIdentityProviderClient, username: string): Promise<InitiateAuthCommandOutput> =>
    c.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } }));

  const answerTotp = (c: CognitoIdentityProviderClient, username: string, session: string, code: string) =>
    c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    );

  /**
   * Sets up TOTP for a user on process B with a token from a sign-in on A: associate, verify with the current step's
   * code, prefer it. Returns the secret. (The step the verification used is claimed: answers use a later one.)
   */
  async function totpOnB(username: string): Promise<string> {
    const first = await signIn(a, username);
    assert.equal(first.ChallengeName, undefined, 'no MFA yet: tokens at once');
    const token = first.AuthenticationResult!.AccessToken!;
    const secret = (await b.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!;
    assert.equal((await b.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: totpCode(secret, Date.now()) }))).Status, 'SUCCESS');
    await b.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    return secret;
  }

  /** The next step's code: accepted (one step of drift either side) and later than the step the verification used. */
  const nextCode = (secret: string) => totpCode(secret, Date.now() + 30_000);

  it('sign in on A, set the MFA preference on B: the next sign-in on A asks for SOFTWARE_TOKEN_MFA', async () => {
    const user = await newUser();
    const secret = await totpOnB(user);

    const again = await signIn(a, user);
    assert.equal(again.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.equal(again.AuthenticationResult, undefined);
    // A opens the secret B sealed (same master key) and accepts the code.
    const done = await answerTotp(a, user, again.Session!, nextCode(secret));
    const me = await a.send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
    assert.equal(me.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
  });

  it('GlobalSignOut on A: the old access tokens are refused on B at once (and on A), refresh tokens too', async () => {
    const user = await newUser();
    const fromA = (await signIn(a, user)).AuthenticationResult!;
    const fromB = (await signIn(b, user)).AuthenticationResult!;
    // Both processes have verified (and cached the signatures of) both tokens.
    for (const c of [a, b]) for (const t of [fromA, fromB]) assert.equal((await c.send(new GetUserCommand({ AccessToken: t.AccessToken! }))).Username, user);

    await a.send(new GlobalSignOutCommand({ AccessToken: fromA.AccessToken! }));

    for (const [c, where] of [[b, 'B'], [a, 'A']] as const) {
      for (const [t, from] of [[fromA, 'A'], [fromB, 'B']] as const) {
        await rejectsWith(c.send(new GetUserCommand({ AccessToken: t.AccessToken! })), 'NotAuthorizedException', REVOKED).catch((e: Error) => {
          throw new Error(`token from ${from} on ${where}: ${e.message}`);
        });
      }
      await rejectsWith(
        c.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: fromA.RefreshToken! } })),
        'NotAuthorizedException',
        'Refresh Token has been revoked',
      );
    }
    // A new sign-in works on both.
    assert.ok((await signIn(b, user)).AuthenticationResult?.AccessToken);
  });

  it('one TOTP code answered on A and on B at the same moment (two sessions) succeeds exactly once, round after round', async () => {
    const rounds = 12;
    // One user per round: each round uses a fresh step of its own user's replay mark, no waiting for the clock.
    const users = await Promise.all(Array.from({ length: rounds }, () => newUser()));
    const secrets = await Promise.all(users.map((u) => totpOnB(u)));
    for (let i = 0; i < rounds; i++) {
      const [onA, onB] = await Promise.all([signIn(a, users[i]!), signIn(b, users[i]!)]);
      assert.equal(onA.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      assert.equal(onB.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      const code = nextCode(secrets[i]!);
      const results = await Promise.allSettled([answerTotp(a, users[i]!, onA.Session!, code), answerTotp(b, users[i]!, onB.Session!, code)]);
      const outcomes = results.map(outcome);
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${i}: exactly one answer succeeds: ${outcomes.join(' | ')}`);
      assert.ok((won[0] as PromiseFulfilledResult<InitiateAuthCommandOutput>).value.AuthenticationResult?.AccessToken, `round ${i}: tokens`);
      assert.ok(outcomes.includes(`ExpiredCodeException (400): ${REPLAYED}`), `round ${i}: the other is a replay: ${outcomes.join(' | ')}`);
    }
  });

  it('one challenge session answered on A and on B at the same moment advances exactly once, round after round', async () => {
    const rounds = 12;
    const users = await Promise.all(Array.from({ length: rounds }, () => newUser(true)));
    for (let i = 0; i < rounds; i++) {
      const user = users[i]!;
      const step = await signIn(a, user);
      assert.equal(step.ChallengeName, 'SMS_MFA');
      // The code A recorded, read through B.
      const [message] = await outbox(await procB.url(), { poolId, username: user, channel: 'SMS' });
      assert.match(message?.code ?? '', /^\d{6}$/);
      const answer = (c: CognitoIdentityProviderClient) =>
        c.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'SMS_MFA',
            Session: step.Session!,
            ChallengeResponses: { USERNAME: user, SMS_MFA_CODE: message!.code! },
          }),
        );
      const results = await Promise.allSettled([answer(a), answer(b)]);
      const outcomes = results.map(outcome);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${i}: exactly one answer advances: ${outcomes.join(' | ')}`);
      assert.ok(outcomes.includes(`NotAuthorizedException (400): ${SESSION_USED}`), `round ${i}: the other finds the session used: ${outcomes.join(' | ')}`);
    }
  });
});
