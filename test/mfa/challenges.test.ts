import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminSetUserMFAPreferenceCommand, AssociateSoftwareTokenCommand, VerifySoftwareTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { accessTokenFor, addUser, codeAt, EMAIL, lastCode, mfaPool, respond, signIn, SMS, TOTP, userRecord, type Step } from './helpers.js';

const WRONG_SMS = 'Invalid code or auth state for the user.';
const WRONG_TOTP = 'Invalid code received for user';
const LOCKED = 'Password attempts exceeded';

const otherCode = (code: string) => (code === '000000' ? '111111' : '000000');

describe('MFA challenges at sign-in (docs/compatibility.md, MFA: the sign-in decision)', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  let n = 0;
  before(async () => {
    s = await startTestServer();
    ({ poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...SMS, ...TOTP, ...EMAIL }));
  });
  after(async () => s.stop());

  async function smsUser(attributes: Record<string, string> = { phone_number: '+15555550100' }): Promise<string> {
    const name = `c${++n}`;
    await addUser(s, poolId, name, undefined, { attributes });
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    return name;
  }
  async function totpUser(): Promise<{ name: string; secret: string }> {
    const name = `t${++n}`;
    await addUser(s, poolId, name);
    const token = await accessTokenFor(s, poolId, clientId, name);
    const secret = (await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!;
    await s.client.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: codeAt(s, secret, -1) }));
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    return { name, secret };
  }
  const answerSms = (step: Step, name: string, code: string) => respond(s, poolId, clientId, step, { USERNAME: name, SMS_MFA_CODE: code });

  it('a wrong SMS code is CodeMismatchException and the same session stays usable', async () => {
    const name = await smsUser();
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    const { code } = await lastCode(s, poolId, name);
    await rejectsWith(answerSms(step, name, otherCode(code)), 'CodeMismatchException', WRONG_SMS);
    await rejectsWith(answerSms(step, name, otherCode(code)), 'CodeMismatchException', WRONG_SMS);
    const done = await answerSms(step, name, code);
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.deepEqual(done.ChallengeParameters, {});
  });

  it('a code works once: the session is used up by the correct answer', async () => {
    const name = await smsUser();
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    const { code } = await lastCode(s, poolId, name);
    await answerSms(step, name, code);
    await rejectsWith(answerSms(step, name, code), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
  });

  it('a code expires with its session (AuthSessionValidity)', async () => {
    const name = await smsUser();
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    const { code } = await lastCode(s, poolId, name);
    s.clock.advance(3 * 60_000);
    await rejectsWith(answerSms(step, name, code), 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
  });

  it("a code belongs to its own sign-in: another session's code is wrong", async () => {
    const name = await smsUser();
    const first = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    const firstCode = (await lastCode(s, poolId, name)).code;
    const second = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    const secondCode = (await lastCode(s, poolId, name)).code;
    if (firstCode !== secondCode) await rejectsWith(answerSms(first, name, secondCode), 'CodeMismatchException', WRONG_SMS);
    assert.ok((await answerSms(second, name, secondCode)).AuthenticationResult);
  });

  it('asks for the code by name: a missing SMS_MFA_CODE is InvalidParameterException', async () => {
    const name = await smsUser();
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    await rejectsWith(respond(s, poolId, clientId, step, { USERNAME: name }), 'InvalidParameterException', 'Missing required parameter SMS_MFA_CODE');
  });

  it('the phone number becomes verified after the first successful SMS MFA', async () => {
    const name = await smsUser({ phone_number: '+15555550199', phone_number_verified: 'false' });
    const step = await signIn(s, poolId, clientId, name, 'ADMIN_USER_PASSWORD_AUTH');
    await respond(s, poolId, clientId, step, { USERNAME: name, SMS_MFA_CODE: (await lastCode(s, poolId, name)).code }, true);
    assert.equal((await userRecord(s, poolId, name)).attributes.phone_number_verified, 'true');
  });

  it('the email address becomes verified after the first successful email MFA', async () => {
    const name = `e${++n}`;
    await addUser(s, poolId, name, undefined, { attributes: { email: 'unverified@example.com' } });
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    assert.equal(step.ChallengeName, 'EMAIL_OTP');
    const { code } = await lastCode(s, poolId, name, 'EMAIL');
    await rejectsWith(respond(s, poolId, clientId, step, { USERNAME: name, EMAIL_OTP_CODE: '00000000' === code ? '11111111' : '00000000' }), 'CodeMismatchException', WRONG_SMS);
    await respond(s, poolId, clientId, step, { USERNAME: name, EMAIL_OTP_CODE: code });
    assert.equal((await userRecord(s, poolId, name)).attributes.email_verified, 'true');
  });

  it('a wrong TOTP code is CodeMismatchException "Invalid code received for user"; a replayed one ExpiredCodeException', async () => {
    const { name, secret } = await totpUser();
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    assert.equal(step.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const code = codeAt(s, secret, 0);
    // amazon-cognito-identity-js also sends SMS_MFA_CODE with the same value: extra keys are tolerated.
    await rejectsWith(respond(s, poolId, clientId, step, { USERNAME: name, SOFTWARE_TOKEN_MFA_CODE: otherCode(code), SMS_MFA_CODE: otherCode(code) }), 'CodeMismatchException', WRONG_TOTP);
    assert.ok((await respond(s, poolId, clientId, step, { USERNAME: name, SOFTWARE_TOKEN_MFA_CODE: code, SMS_MFA_CODE: code })).AuthenticationResult);
    const again = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    await rejectsWith(respond(s, poolId, clientId, again, { USERNAME: name, SOFTWARE_TOKEN_MFA_CODE: code }), 'ExpiredCodeException', 'Your software token has already been used once.');
  });

  it('five wrong codes start the exponential lockout; a correct password does not reset the MFA count', async () => {
    const name = await smsUser();
    let step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    let code = (await lastCode(s, poolId, name)).code;
    for (let i = 0; i < 4; i++) await rejectsWith(answerSms(step, name, otherCode(code)), 'CodeMismatchException', WRONG_SMS);
    // A new sign-in (correct password) carries on counting.
    step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    code = (await lastCode(s, poolId, name)).code;
    await rejectsWith(answerSms(step, name, otherCode(code)), 'CodeMismatchException', WRONG_SMS);
    // Fifth failure: locked for 1 s, even for the right code and for a new sign-in.
    await rejectsWith(answerSms(step, name, code), 'NotAuthorizedException', LOCKED);
    await rejectsWith(signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH'), 'NotAuthorizedException', LOCKED);
    s.clock.advance(1000);
    // Sixth failure: 2 s.
    await rejectsWith(answerSms(step, name, otherCode(code)), 'CodeMismatchException', WRONG_SMS);
    s.clock.advance(1000);
    await rejectsWith(answerSms(step, name, code), 'NotAuthorizedException', LOCKED);
    s.clock.advance(1000);
    assert.ok((await answerSms(step, name, code)).AuthenticationResult);
    // Success cleared the count.
    step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    code = (await lastCode(s, poolId, name)).code;
    await rejectsWith(answerSms(step, name, otherCode(code)), 'CodeMismatchException', WRONG_SMS);
    assert.ok((await answerSms(step, name, code)).AuthenticationResult);
  });

  it('SELECT_MFA_TYPE: ANSWER must be one of MFAS_CAN_CHOOSE; EMAIL_MFA is taken for EMAIL_OTP', async () => {
    const name = `sel${++n}`;
    await addUser(s, poolId, name, undefined, { attributes: { phone_number: '+15555550100', email: 'sel@example.com' } });
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } }));
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    assert.equal(step.ChallengeName, 'SELECT_MFA_TYPE');
    assert.equal(step.ChallengeParameters!.MFAS_CAN_CHOOSE, '["SMS_MFA","EMAIL_OTP"]');
    await rejectsWith(
      respond(s, poolId, clientId, step, { USERNAME: name, ANSWER: 'SOFTWARE_TOKEN_MFA' }),
      'InvalidParameterException',
      'The ANSWER must be one of the MFA types in MFAS_CAN_CHOOSE.',
    );
    const email = await respond(s, poolId, clientId, step, { USERNAME: name, ANSWER: 'EMAIL_MFA' });
    assert.equal(email.ChallengeName, 'EMAIL_OTP');
    assert.ok((await respond(s, poolId, clientId, email, { USERNAME: name, EMAIL_OTP_CODE: (await lastCode(s, poolId, name, 'EMAIL')).code })).AuthenticationResult);
  });

  it('race: 20 concurrent sign-ins answering with one TOTP code — exactly one gets tokens', async () => {
    const { name, secret } = await totpUser();
    // The sign-ins one after the other: concurrent ones would share the password's five attempt slots.
    const steps = [];
    for (let i = 0; i < 20; i++) steps.push(await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH'));
    const code = codeAt(s, secret, 0);
    const results = await Promise.allSettled(steps.map((step) => respond(s, poolId, clientId, step, { USERNAME: name, SOFTWARE_TOKEN_MFA_CODE: code })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    // The others are replays, or were refused before evaluation: concurrent answers take their attempt slots first
    // (test/security/attempt-burst.test.ts), so at most five of them are judged.
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(['ExpiredCodeException:Your software token has already been used once.', `NotAuthorizedException:${LOCKED}`].includes(`${(r.reason as Error).name}:${(r.reason as Error).message}`), String(r.reason));
    }
  });

  it('race: 20 concurrent correct answers on one SMS session — exactly one gets tokens', async () => {
    const name = await smsUser();
    const step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    const { code } = await lastCode(s, poolId, name);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => answerSms(step, name, code)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  });
});

describe('MFA_SETUP by email (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  it('takes an address, confirms it with an EMAIL_OTP code, and switches email MFA on', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'ON', ...EMAIL });
    await addUser(s, poolId, 'mailless');
    const setup = await signIn(s, poolId, clientId, 'mailless', 'USER_PASSWORD_AUTH');
    assert.equal(setup.ChallengeName, 'MFA_SETUP');
    assert.equal(setup.ChallengeParameters!.MFAS_CAN_SETUP, '["EMAIL_OTP"]');
    await rejectsWith(respond(s, poolId, clientId, setup, { USERNAME: 'mailless', EMAIL: 'not-an-address' }), 'InvalidParameterException', 'Invalid email address format.');
    const otp = await respond(s, poolId, clientId, setup, { USERNAME: 'mailless', EMAIL: 'new@example.org' });
    assert.equal(otp.ChallengeName, 'EMAIL_OTP');
    assert.equal(otp.ChallengeParameters!.CODE_DELIVERY_DESTINATION, 'n***@e***');
    const sent = await lastCode(s, poolId, 'mailless', 'EMAIL');
    assert.equal(sent.destination, 'new@example.org');
    assert.ok((await respond(s, poolId, clientId, otp, { USERNAME: 'mailless', EMAIL_OTP_CODE: sent.code })).AuthenticationResult);
    const user = await userRecord(s, poolId, 'mailless');
    assert.equal(user.attributes.email, 'new@example.org');
    assert.equal(user.attributes.email_verified, 'true');
    const next = await signIn(s, poolId, clientId, 'mailless', 'USER_PASSWORD_AUTH');
    assert.equal(next.ChallengeName, 'EMAIL_OTP');
  });
});
