import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  AdminCreateUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { addUser, attrs, createClient, createPool, outbox, PASSWORD, tokensFor } from '../helpers/fixtures.js';
import { mfaPool, SMS } from '../mfa/helpers.js';
import { arn, startFunctionServer, startTriggerServer } from './helpers.js';

/**
 * Issue 18: CustomSMSSender / CustomEmailSender. Every code goes to the function, encrypted as an AWS Encryption SDK
 * message under the key the server configuration gives for the pool's KMSKeyID; nothing reaches the outbox. The
 * handler is the block of docs/triggers.md ("Custom sender triggers"), read from the file and run as it stands: it
 * decrypts with @aws-crypto/client-node and posts the code to a gateway, which here is a local HTTP server.
 */
const root = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');

function documentedSender(): string {
  const doc = readFileSync(join(root, 'docs', 'triggers.md'), 'utf8');
  const m = /<!-- custom-sender-example -->\n```js\n([\s\S]*?)```/.exec(doc);
  if (!m) throw new Error('docs/triggers.md has no custom-sender-example block');
  return m[1]!;
}

const KEY_ARN = 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555';
const OTHER_KEY_ARN = 'arn:aws:kms:us-east-1:000000000000:key/no-key-for-this-one';
const SENDER = { LambdaArn: arn('sender'), LambdaVersion: 'V1_0' as const };

describe('CustomSMSSender / CustomEmailSender', () => {
  let s: TestServer;
  let gateway: Awaited<ReturnType<typeof startFunctionServer>>;
  let thrower: Awaited<ReturnType<typeof startFunctionServer>>;
  let handlerDir: string;
  const saved = { ...process.env };
  before(async () => {
    gateway = await startFunctionServer(() => ({ body: {} }));
    thrower = await startFunctionServer(() => ({ status: 500, body: { errorMessage: 'provider down' } }));
    // Inside the project, so that the handler's require('@aws-crypto/client-node') resolves as in an app.
    handlerDir = mkdtempSync(join(root, 'dist', 'test', 'triggers', 'sender-'));
    writeFileSync(join(handlerDir, 'sender.cjs'), documentedSender());
    const senderKey = randomBytes(32).toString('base64');
    // The module runs in a worker thread, which gets the process's environment as the handler's Lambda would.
    Object.assign(process.env, { SENDER_KEY: senderKey, KEY_ARN, GATEWAY_URL: `${gateway.url}/send` });
    s = await startTriggerServer(
      { sender: { module: join(handlerDir, 'sender.cjs') }, failing: { url: `${thrower.url}/fail` }, tagger: { url: `${gateway.url}/message` } },
      { env: { COGNATE_SENDER_KEYS: `${KEY_ARN}=${senderKey}` }, timeoutMs: 5000 },
    );
  });
  after(async () => {
    await s.stop();
    await gateway.close();
    await thrower.close();
    rmSync(handlerDir, { recursive: true, force: true });
    for (const k of ['SENDER_KEY', 'KEY_ARN', 'GATEWAY_URL']) if (saved[k] === undefined) delete process.env[k];
  });

  /** What the documented handler delivered through the gateway, in order. */
  const sent = () => gateway.received.filter((r) => r.path === '/send').map((r) => r.event as { to: string; triggerSource: string; code: string });
  const lastSent = () => sent().at(-1)!;
  const senderPool = (extra: Parameters<typeof createPool>[1] = {}) =>
    createPool(s, { ...extra, LambdaConfig: { KMSKeyID: KEY_ARN, CustomEmailSender: SENDER, CustomSMSSender: SENDER, ...extra.LambdaConfig } });

  it('sign-up, resend, forgot password: the documented handler decrypts each code, the codes work, and the outbox stays empty', async () => {
    const poolId = await senderPool({ AutoVerifiedAttributes: ['email'] });
    const { clientId } = await createClient(s, poolId);
    const signUp = await s.client.send(
      new SignUpCommand({ ClientId: clientId, Username: 'ann', Password: PASSWORD, UserAttributes: attrs({ email: 'ann@example.com' }), ClientMetadata: { app: 'web' } }),
    );
    assert.equal(signUp.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    assert.deepEqual({ ...lastSent(), code: undefined }, { to: 'ann@example.com', triggerSource: 'CustomEmailSender_SignUp', code: undefined });
    assert.match(lastSent().code, /^\d{6}$/);

    // What the function saw: Cognito's event, with the code encrypted (never the plaintext).
    const [entry] = s.deps.triggerLog!.list({ poolId, username: 'ann', limit: 1 }) as any[];
    assert.equal(entry.trigger, 'CustomEmailSender');
    assert.equal(entry.event.triggerSource, 'CustomEmailSender_SignUp');
    assert.equal(entry.event.callerContext.clientId, clientId);
    assert.equal(entry.event.request.type, 'customEmailSenderRequestV1');
    assert.deepEqual(entry.event.request.clientMetadata, { app: 'web' });
    assert.equal(entry.event.request.userAttributes.email, 'ann@example.com');
    assert.ok(entry.event.request.code.length > 100 && !entry.event.request.code.includes(lastSent().code));

    await s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'ann' }));
    assert.equal(lastSent().triggerSource, 'CustomEmailSender_ResendCode');
    await s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ann', ConfirmationCode: lastSent().code }));

    await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ann' }));
    assert.equal(lastSent().triggerSource, 'CustomEmailSender_ForgotPassword');
    await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'ann', ConfirmationCode: lastSent().code, Password: 'N3w-Password!' }));
    await tokensFor(s, clientId, 'ann', 'N3w-Password!');
    assert.equal((await outbox(s, poolId, 'ann')).length, 0);
  });

  it('attribute verification: UpdateUserAttribute and VerifyUserAttribute codes go to the sender and verify the address', async () => {
    const poolId = await senderPool({ AutoVerifiedAttributes: ['email'] });
    const { clientId } = await createClient(s, poolId);
    await addUser(s, poolId, 'bob', PASSWORD, { attributes: { email: 'bob@example.com', email_verified: 'true' } });
    const { AccessToken } = await tokensFor(s, clientId, 'bob');
    await s.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: attrs({ email: 'bob2@example.com' }) }));
    // The event's userAttributes hold the new, unverified address: where the code must go.
    assert.deepEqual({ ...lastSent(), code: '' }, { to: 'bob2@example.com', triggerSource: 'CustomEmailSender_UpdateUserAttribute', code: '' });
    await s.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    assert.equal(lastSent().triggerSource, 'CustomEmailSender_VerifyUserAttribute');
    await s.client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: lastSent().code }));
    assert.equal((await outbox(s, poolId, 'bob')).length, 0);
  });

  it('AdminCreateUser: the temporary password goes to the SMS sender encrypted, and signs in', async () => {
    const poolId = await senderPool();
    const { clientId } = await createClient(s, poolId);
    await s.client.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'cy', TemporaryPassword: 'Temp#Pass1', UserAttributes: attrs({ phone_number: '+15555550123' }), DesiredDeliveryMediums: ['SMS'] }),
    );
    assert.deepEqual(lastSent(), { to: '+15555550123', triggerSource: 'CustomSMSSender_AdminCreateUser', code: 'Temp#Pass1' });
    const step = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cy', PASSWORD: 'Temp#Pass1' } }));
    assert.equal(step.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal((await outbox(s, poolId, 'cy')).length, 0);
  });

  it('Authentication: the SMS MFA code goes to the sender, and the decrypted code signs in', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'ON', ...SMS }, { LambdaConfig: { KMSKeyID: KEY_ARN, CustomSMSSender: SENDER } });
    await addUser(s, poolId, 'dee', PASSWORD, { attributes: { phone_number: '+15555550150', phone_number_verified: 'true' } });
    const step = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dee', PASSWORD } }));
    assert.equal(step.ChallengeName, 'SMS_MFA');
    assert.equal(step.ChallengeParameters?.CODE_DELIVERY_DESTINATION, '+*******0150');
    assert.deepEqual({ ...lastSent(), code: '' }, { to: '+15555550150', triggerSource: 'CustomSMSSender_Authentication', code: '' });
    const done = await s.client.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'SMS_MFA', Session: step.Session, ChallengeResponses: { USERNAME: 'dee', SMS_MFA_CODE: lastSent().code } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.equal((await outbox(s, poolId, 'dee')).length, 0);
  });

  it('one channel each: an email sender leaves SMS to the pool (and its custom message trigger), and the custom message trigger is not asked for email', async () => {
    const poolId = await createPool(s, {
      AutoVerifiedAttributes: ['email', 'phone_number'],
      LambdaConfig: { KMSKeyID: KEY_ARN, CustomEmailSender: SENDER, CustomMessage: arn('tagger') },
    });
    const { clientId } = await createClient(s, poolId);
    const before = gateway.received.filter((r) => r.path === '/message').length;
    // Both auto-verified: the sign-up code goes by SMS, through the custom message trigger into the outbox.
    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'eve', Password: PASSWORD, UserAttributes: attrs({ email: 'eve@example.com', phone_number: '+15555550177' }) }));
    const [sms] = await outbox(s, poolId, 'eve');
    assert.equal(sms!.channel, 'SMS');
    assert.equal(gateway.received.filter((r) => r.path === '/message').length, before + 1);
    await addUser(s, poolId, 'fay', PASSWORD, { attributes: { email: 'fay@example.com', email_verified: 'true' } });
    await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fay' }));
    assert.equal(lastSent().triggerSource, 'CustomEmailSender_ForgotPassword');
    assert.equal(gateway.received.filter((r) => r.path === '/message').length, before + 1);
    assert.equal((await outbox(s, poolId, 'fay')).length, 0);
  });

  it('a sender that throws fails the request with UserLambdaValidationException, and nothing is sent', async () => {
    const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'], LambdaConfig: { KMSKeyID: KEY_ARN, CustomEmailSender: { LambdaArn: arn('failing'), LambdaVersion: 'V1_0' } } });
    const { clientId } = await createClient(s, poolId);
    await addUser(s, poolId, 'gil', PASSWORD, { attributes: { email: 'gil@example.com', email_verified: 'true' } });
    await rejectsWith(s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'gil' })), 'UserLambdaValidationException', 'CustomEmailSender failed with error provider down.');
    assert.equal((await outbox(s, poolId, 'gil')).length, 0);
  });

  it('a KMSKeyID the server has no key for: UnexpectedLambdaException, the function is not invoked', async () => {
    const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'], LambdaConfig: { KMSKeyID: OTHER_KEY_ARN, CustomEmailSender: SENDER } });
    const { clientId } = await createClient(s, poolId);
    const count = sent().length;
    await rejectsWith(
      s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'hal', Password: PASSWORD, UserAttributes: attrs({ email: 'hal@example.com' }) })),
      'UnexpectedLambdaException',
      'CustomEmailSender invocation failed due to error KMSKeyNotConfigured.',
    );
    assert.equal(sent().length, count);
  });
});
