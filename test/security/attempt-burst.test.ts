import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { accessTokenFor, addUser, codeAt, EMAIL, lastCode, mfaPool, respond, signIn, SMS, TOTP, PASSWORD } from '../mfa/helpers.js';
import { lastCode as lastUserCode } from '../helpers/users.js';
import { confirmNewDevice, devicePool } from '../devices/flow-helpers.js';
import { srpConnection } from '../../bench/srp-client.js';

/**
 * Attack: a burst of concurrent guesses. Before, the lockout was judged on the user record each request read at its
 * start and the failure was written afterwards, so 64 parallel wrong answers were all evaluated and the right one
 * among them got in. Now every limited attempt reserves its slot with one guarded write before it is evaluated
 * (src/store/*\/attempts.ts): at most the limit (5) is evaluated, and once it is spent the right answer is refused too.
 *
 * The right answer is sent last, after the 64 wrong ones are on the wire. Runs on PostgreSQL with
 * COGNATE_TEST_STORE=postgres.
 */
const BURST = 64;
const LIMIT = 5;

interface Outcome {
  ok: boolean;
  name?: string;
  message?: string;
}

async function settle(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p;
    return { ok: true };
  } catch (e) {
    return { ok: false, name: (e as Error).name, message: (e as Error).message };
  }
}

/** `size` wrong guesses and then the right one, all in flight at once. */
async function burst(wrong: (i: number) => Promise<unknown>, right: () => Promise<unknown>, size = BURST): Promise<{ wrong: Outcome[]; right: Outcome }> {
  const wrongs = Array.from({ length: size }, (_, i) => settle(wrong(i)));
  const rightOne = settle(right());
  return { wrong: await Promise.all(wrongs), right: await rightOne };
}

function count(outcomes: Outcome[], name: string, message?: string): number {
  return outcomes.filter((o) => o.name === name && (message === undefined || o.message === message)).length;
}

describe('security: a burst of concurrent guesses is limited before evaluation', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  let n = 0;
  before(async () => {
    s = await startTestServer();
    ({ poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...SMS, ...TOTP, ...EMAIL }, { AutoVerifiedAttributes: ['email'] }));
  });
  after(async () => s.stop());

  it('password burst: 64 concurrent wrong USER_PASSWORD_AUTH passwords + the right one: at most 5 are judged, the right one is refused', async () => {
    const name = `pw${++n}`;
    await addUser(s, poolId, name);
    const r = await burst(
      (i) => signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH', `Wrong-${i}-Passw0rd!`),
      () => signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH', PASSWORD),
    );
    const judged = count(r.wrong, 'NotAuthorizedException', 'Incorrect username or password.');
    assert.ok(judged <= LIMIT, `${judged} wrong passwords were evaluated`);
    assert.equal(judged + count(r.wrong, 'NotAuthorizedException', 'Password attempts exceeded'), BURST);
    assert.deepEqual(r.right, { ok: false, name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });

  it('password burst through ADMIN_USER_PASSWORD_AUTH: at most 5 are judged, the right one is refused', async () => {
    const name = `apw${++n}`;
    await addUser(s, poolId, name);
    const r = await burst(
      (i) => signIn(s, poolId, clientId, name, 'ADMIN_USER_PASSWORD_AUTH', `Wrong-${i}-Passw0rd!`),
      () => signIn(s, poolId, clientId, name, 'ADMIN_USER_PASSWORD_AUTH', PASSWORD),
    );
    assert.ok(count(r.wrong, 'NotAuthorizedException', 'Incorrect username or password.') <= LIMIT);
    assert.deepEqual(r.right, { ok: false, name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });

  it('SRP burst: 64 concurrent wrong PASSWORD_VERIFIER proofs on 64 sessions + the right one: at most 5 are judged', async () => {
    const name = `srp${++n}`;
    await addUser(s, poolId, name);
    // Each guess on its own USER_SRP_AUTH session (a session is used up by its one proof), prepared one after the
    // other; the client side is the load generator's (native modPow: amazon-cognito-identity-js's BigInteger takes
    // most of a second a proof), a fresh one per proof since it caches g^x per user, not per password.
    const prepared: Array<{ session: string; responses: Record<string, string> }> = [];
    // One more than the burst: the spare, answered alone first, shows that the right proof signs in.
    for (let i = 0; i <= BURST + 1; i++) {
      const srp = srpConnection(poolId);
      const start = await s.client.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, SRP_A: srp.srpA } }));
      const responses = srp.answer(start.ChallengeParameters!, i < BURST ? `Wrong-${i}-Passw0rd!` : PASSWORD, s.clock.now());
      prepared.push({ session: start.Session!, responses });
    }
    const answer = (i: number) =>
      s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: prepared[i]!.session, ChallengeResponses: prepared[i]!.responses }));
    assert.ok((await answer(BURST + 1)).AuthenticationResult, 'the right proof alone signs in');
    const r = await burst(answer, () => answer(BURST));
    const judged = count(r.wrong, 'NotAuthorizedException', 'Incorrect username or password.');
    assert.ok(judged <= LIMIT, `${judged} wrong proofs were evaluated`);
    assert.equal(judged + count(r.wrong, 'NotAuthorizedException', 'Password attempts exceeded'), BURST);
    assert.deepEqual(r.right, { ok: false, name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });

  it('TOTP burst: 64 concurrent wrong SOFTWARE_TOKEN_MFA codes + the right one on one session: at most 5 are judged', async () => {
    const name = `totp${++n}`;
    await addUser(s, poolId, name);
    const token = await accessTokenFor(s, poolId, clientId, name);
    const secret = (await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!;
    await s.client.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: codeAt(s, secret, -1) }));
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    assert.equal(step.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const code = codeAt(s, secret);
    const wrongCode = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    const r = await burst(
      (i) => respond(s, poolId, clientId, step, { USERNAME: name, SOFTWARE_TOKEN_MFA_CODE: wrongCode(i) }),
      () => respond(s, poolId, clientId, step, { USERNAME: name, SOFTWARE_TOKEN_MFA_CODE: code }),
    );
    const judged = count(r.wrong, 'CodeMismatchException', 'Invalid code received for user');
    assert.ok(judged <= LIMIT, `${judged} wrong TOTP codes were evaluated`);
    assert.deepEqual(r.right, { ok: false, name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });

  it('SMS code burst: 64 concurrent wrong SMS_MFA codes + the right one: at most 5 are judged', async () => {
    const name = `sms${++n}`;
    await addUser(s, poolId, name, undefined, { attributes: { phone_number: '+15555550100' } });
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    const { code } = await lastCode(s, poolId, name);
    const wrongCode = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    const r = await burst(
      (i) => respond(s, poolId, clientId, step, { USERNAME: name, SMS_MFA_CODE: wrongCode(i) }),
      () => respond(s, poolId, clientId, step, { USERNAME: name, SMS_MFA_CODE: code }),
    );
    assert.ok(count(r.wrong, 'CodeMismatchException') <= LIMIT);
    assert.deepEqual(r.right, { ok: false, name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });

  it('email code burst: 64 concurrent wrong EMAIL_OTP codes + the right one: at most 5 are judged', async () => {
    const name = `email${++n}`;
    await addUser(s, poolId, name, undefined, { attributes: { email: `${name}@example.com`, email_verified: 'true' } });
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    assert.equal(step.ChallengeName, 'EMAIL_OTP');
    const { code } = await lastCode(s, poolId, name, 'EMAIL');
    const wrongCode = (i: number) => String((Number(code) + 1 + i) % 10 ** code.length).padStart(code.length, '0');
    const r = await burst(
      (i) => respond(s, poolId, clientId, step, { USERNAME: name, EMAIL_OTP_CODE: wrongCode(i) }),
      () => respond(s, poolId, clientId, step, { USERNAME: name, EMAIL_OTP_CODE: code }),
    );
    const judged = count(r.wrong, 'CodeMismatchException');
    assert.ok(judged <= LIMIT, `${judged} wrong email codes were evaluated`);
    assert.deepEqual(r.right, { ok: false, name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });

  it('forgot-password burst: 64 concurrent wrong ConfirmForgotPassword codes + the right one: at most 5 are judged, the password is unchanged', async () => {
    const name = `fp${++n}`;
    await addUser(s, poolId, name, undefined, { attributes: { email: `${name}@example.com`, email_verified: 'true' } });
    await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: name }));
    const code = await lastUserCode(s, poolId, name, 'forgot-password');
    const wrongCode = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    const confirm = (c: string) => s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: name, ConfirmationCode: c, Password: 'New-Passw0rd!x' }));
    const r = await burst((i) => confirm(wrongCode(i)), () => confirm(code));
    const judged = count(r.wrong, 'CodeMismatchException', 'Invalid verification code provided, please try again.');
    assert.ok(judged <= LIMIT, `${judged} wrong codes were evaluated`);
    assert.equal(judged + count(r.wrong, 'LimitExceededException', 'Attempt limit exceeded, please try after some time.'), BURST);
    assert.deepEqual(r.right, { ok: false, name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' });
    // The old password still works: the reset did not happen.
    assert.ok((await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH')).AuthenticationResult);
  });

  it('sign-up confirmation burst: 64 concurrent wrong ConfirmSignUp codes + the right one: at most 5 are judged', async () => {
    const name = `su${++n}`;
    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: name, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }] }));
    const code = await lastUserCode(s, poolId, name, 'signup');
    const wrongCode = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    const confirm = (c: string) => s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: name, ConfirmationCode: c }));
    const r = await burst((i) => confirm(wrongCode(i)), () => confirm(code));
    assert.ok(count(r.wrong, 'CodeMismatchException') <= LIMIT);
    assert.deepEqual(r.right, { ok: false, name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' });
  });

  it('software-token enrolment burst: 64 concurrent wrong VerifySoftwareToken codes + the right one: at most 5 are judged', async () => {
    const name = `vst${++n}`;
    await addUser(s, poolId, name);
    const token = await accessTokenFor(s, poolId, clientId, name);
    const secret = (await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!;
    const code = codeAt(s, secret);
    const wrongCode = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    const verify = (c: string) => s.client.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: c }));
    const r = await burst((i) => verify(wrongCode(i)), () => verify(code));
    const judged = count(r.wrong, 'EnableSoftwareTokenMFAException');
    assert.ok(judged <= LIMIT, `${judged} wrong codes were evaluated`);
    // VerifySoftwareToken models no LimitExceededException: its lockout answers TooManyRequestsException.
    assert.equal(judged + count(r.wrong, 'TooManyRequestsException', 'Attempt limit exceeded, please try after some time.'), BURST);
    assert.deepEqual(r.right, { ok: false, name: 'TooManyRequestsException', message: 'Attempt limit exceeded, please try after some time.' });
  });

  it('device SRP burst: 64 concurrent wrong DEVICE_PASSWORD_VERIFIER proofs on 64 sessions + the right one: at most 5 are judged', async () => {
    const ids = await devicePool(s, { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false }, 'OFF');
    const name = `dev${++n}`;
    await addUser(s, ids.poolId, name);
    const first = await signIn(s, ids.poolId, ids.clientId, name, 'USER_PASSWORD_AUTH');
    const device = await confirmNewDevice(s, first.AuthenticationResult as never, true);
    // Each proof on its own sign-in (password, then DEVICE_SRP_AUTH), prepared one after the other. The client side is
    // the load generator's SRP with the device group key as the pool name (a group key has no '_', so
    // userPoolNameForSrp leaves it whole) and the device key as the identity, as amazon-cognito-identity-js does.
    assert.ok(!device.DeviceGroupKey.includes('_'));
    const prepared: Array<{ session: string; responses: Record<string, string> }> = [];
    // One more than the burst: the spare, answered alone first, shows that the right proof passes.
    for (let i = 0; i <= BURST + 1; i++) {
      const step = await signIn(s, ids.poolId, ids.clientId, name, 'USER_PASSWORD_AUTH', PASSWORD, { DEVICE_KEY: device.DeviceKey });
      assert.equal(step.ChallengeName, 'DEVICE_SRP_AUTH');
      const srp = srpConnection(device.DeviceGroupKey);
      const verifier = await respond(s, ids.poolId, ids.clientId, step, { USERNAME: name, DEVICE_KEY: device.DeviceKey, SRP_A: srp.srpA });
      assert.equal(verifier.ChallengeName, 'DEVICE_PASSWORD_VERIFIER');
      const password = i < BURST ? `${device.randomPassword}-wrong-${i}` : device.randomPassword;
      const answer = srp.answer({ ...verifier.ChallengeParameters!, USER_ID_FOR_SRP: device.DeviceKey }, password, s.clock.now());
      prepared.push({ session: verifier.Session!, responses: { ...answer, USERNAME: verifier.ChallengeParameters!.USERNAME!, DEVICE_KEY: device.DeviceKey } });
    }
    const answer = (i: number) =>
      s.client.send(
        new RespondToAuthChallengeCommand({ ClientId: ids.clientId, ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: prepared[i]!.session, ChallengeResponses: prepared[i]!.responses }),
      );
    assert.ok((await answer(BURST + 1)).AuthenticationResult, 'the right proof alone signs in');
    const r = await burst(answer, () => answer(BURST));
    const judged = count(r.wrong, 'NotAuthorizedException', 'Incorrect username or password.');
    assert.ok(judged <= LIMIT, `${judged} wrong device proofs were evaluated`);
    assert.equal(judged + count(r.wrong, 'NotAuthorizedException', 'Password attempts exceeded'), BURST);
    assert.deepEqual(r.right, { ok: false, name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
  });
});
