import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool, HOUR, lastCode, otherCode, outbox, PASSWORD, signIn } from '../helpers/users.js';

/**
 * Attack: brute-forcing a reset code by asking for new ones. Before, every ForgotPassword issued a new code with five
 * fresh tries, so repeating it gave ~680 guesses/s; nothing limited how often a code could be asked for either. Now
 * code requests are limited per user and purpose (5 per hour) and wrong answers are counted across codes (5 per
 * hour), with Cognito's `LimitExceededException: Attempt limit exceeded, please try after some time.`
 */
const LIMIT = 'Attempt limit exceeded, please try after some time.';

describe('security: code requests and code answers are limited per user and hour', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  let n = 0;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
    ({ clientId } = await createClient(s, poolId));
  });
  after(async () => s.stop());

  async function user(): Promise<string> {
    const name = `u${++n}`;
    await createConfirmedUser(s, poolId, name, { email: `${name}@example.com`, email_verified: 'true' });
    return name;
  }
  const forgot = (name: string) => s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: name }));
  const confirm = (name: string, code: string) =>
    s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: name, ConfirmationCode: code, Password: 'New-Passw0rd!x' }));

  it('forgot-password code brute force by re-requesting: a new code does not restore the tries', async () => {
    const name = await user();
    await forgot(name);
    let code = await lastCode(s, poolId, name, 'forgot-password');
    for (let i = 0; i < 3; i++) await rejectsWith(confirm(name, otherCode(code)), 'CodeMismatchException');
    await forgot(name);
    code = await lastCode(s, poolId, name, 'forgot-password');
    for (let i = 0; i < 2; i++) await rejectsWith(confirm(name, otherCode(code)), 'CodeMismatchException');
    // Five wrong answers over two codes: even the right code of the newest one is refused for the hour.
    await rejectsWith(confirm(name, code), 'LimitExceededException', LIMIT);
    await forgot(name);
    await rejectsWith(confirm(name, await lastCode(s, poolId, name, 'forgot-password')), 'LimitExceededException', LIMIT);
    s.clock.advance(HOUR);
    await forgot(name);
    await confirm(name, await lastCode(s, poolId, name, 'forgot-password'));
    await signIn(s, poolId, clientId, name, 'New-Passw0rd!x');
  });

  it('ForgotPassword flood: the 6th request within the hour is LimitExceededException and sends nothing; the next hour works', async () => {
    const name = await user();
    for (let i = 0; i < 5; i++) await forgot(name);
    const sent = (await outbox(s, poolId, name)).length;
    await rejectsWith(forgot(name), 'LimitExceededException', LIMIT);
    assert.equal((await outbox(s, poolId, name)).length, sent, 'no message for a refused request');
    s.clock.advance(HOUR - 1);
    await rejectsWith(forgot(name), 'LimitExceededException', LIMIT);
    s.clock.advance(1);
    await forgot(name);
  });

  it('ResendConfirmationCode flood: the 6th within the hour is LimitExceededException', async () => {
    const name = `signup${++n}`;
    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: name, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }] }));
    for (let i = 0; i < 5; i++) await s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: name }));
    await rejectsWith(s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: name })), 'LimitExceededException', LIMIT);
    s.clock.advance(HOUR);
    await s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: name }));
  });

  it('GetUserAttributeVerificationCode flood: the 6th within the hour is LimitExceededException', async () => {
    const name = await user();
    const token = await signIn(s, poolId, clientId, name);
    const ask = () => s.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
    for (let i = 0; i < 5; i++) await ask();
    await rejectsWith(ask(), 'LimitExceededException', LIMIT);
  });
});
