import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { addUser, attrs, createClient, createPool, lastMessage, outbox, PASSWORD, tokensFor } from '../helpers/fixtures.js';
import { mfaPool, SMS } from '../mfa/helpers.js';
import { arn, HandlerFolder, startFunctionServer, startTriggerServer, type FunctionAnswer } from './helpers.js';

/**
 * Issue 18: the custom message trigger for every triggerSource; the message in the outbox is the function's, with the
 * code (or temporary password and user name) filled into its placeholders. The developer guide's two Node.js examples
 * run as published, with only their placeholder pool id ("theSpecialUserPool") replaced by the test pool's id.
 */
const SIGN_UP_EXAMPLE = `exports.handler = (event, context, callback) => {
    //
    if(event.userPoolId === "theSpecialUserPool") {
        // Identify why was this function invoked
        if(event.triggerSource === "CustomMessage_SignUp") {
            // Ensure that your message contains event.request.codeParameter. This is the placeholder for code that will be sent
            event.response.smsMessage = "Welcome to the service. Your confirmation code is " + event.request.codeParameter;
            event.response.emailSubject = "Welcome to the service";
            event.response.emailMessage = "Thank you for signing up. " + event.request.codeParameter + " is your verification code";
        }
        // Create custom message for other events
    }
    // Customize messages for other user pools

    // Return to Amazon Cognito
    callback(null, event);
};
`;

const ADMIN_CREATE_USER_EXAMPLE = `exports.handler = (event, context, callback) => {
    //
    if(event.userPoolId === "theSpecialUserPool") {
        // Identify why was this function invoked
        if(event.triggerSource === "CustomMessage_AdminCreateUser") {
            // Ensure that your message contains event.request.codeParameter event.request.usernameParameter. This is the placeholder for the code and username that will be sent to your user.
            event.response.smsMessage = "Welcome to the service. Your user name is " + event.request.usernameParameter + " Your temporary password is " + event.request.codeParameter;
            event.response.emailSubject = "Welcome to the service";
            event.response.emailMessage = "Welcome to the service. Your user name is " + event.request.usernameParameter + " Your temporary password is " + event.request.codeParameter;
        }
        // Create custom message for other events
    }
    // Customize messages for other user pools

    // Return to Amazon Cognito
    callback(null, event);
};
`;

describe('CustomMessage', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  let recorder: Awaited<ReturnType<typeof startFunctionServer>>;
  const signUpModule = () => `${handlers.dir}/sign-up-message.cjs`;
  const adminModule = () => `${handlers.dir}/admin-message.cjs`;
  before(async () => {
    handlers = new HandlerFolder();
    // Tags every message with its triggerSource, so the outbox shows which source each one came through.
    recorder = await startFunctionServer((event): FunctionAnswer => ({
      body: { ...event, response: { smsMessage: `[${event.triggerSource}] ${event.request.codeParameter}`, emailMessage: `[${event.triggerSource}] ${event.request.codeParameter}`, emailSubject: event.triggerSource } },
    }));
    s = await startTriggerServer({
      'sign-up-message': { module: signUpModule() },
      'admin-message': { module: adminModule() },
      tagger: { url: recorder.url },
      garbage: { url: `${recorder.url}/garbage` },
    });
  });
  after(async () => {
    await s.stop();
    await recorder.close();
    handlers.remove();
  });

  it('sign-up example: the confirmation email is the function\'s, with the code in place of {####}', async () => {
    const poolId = await createPool(s, { LambdaConfig: { CustomMessage: arn('sign-up-message') }, AutoVerifiedAttributes: ['email'] });
    handlers.write('sign-up-message.cjs', SIGN_UP_EXAMPLE.replace('theSpecialUserPool', poolId));
    const { clientId } = await createClient(s, poolId);
    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'ann', Password: PASSWORD, UserAttributes: attrs({ email: 'ann@example.com' }) }));
    const m = await lastMessage(s, poolId, 'ann');
    assert.match(m.code!, /^\d{6}$/);
    assert.equal(m.subject, 'Welcome to the service');
    assert.equal(m.body, `Thank you for signing up. ${m.code} is your verification code`);
  });

  it('admin-create-user example: the invitation names the user and the temporary password', async () => {
    const poolId = await createPool(s, { LambdaConfig: { CustomMessage: arn('admin-message') } });
    handlers.write('admin-message.cjs', ADMIN_CREATE_USER_EXAMPLE.replace('theSpecialUserPool', poolId));
    await s.client.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'bob', TemporaryPassword: 'Temp#Pass1', UserAttributes: attrs({ email: 'bob@example.com' }), DesiredDeliveryMediums: ['EMAIL'] }),
    );
    const m = await lastMessage(s, poolId, 'bob');
    assert.equal(m.body, 'Welcome to the service. Your user name is bob Your temporary password is Temp#Pass1');
  });

  it('every triggerSource: SignUp, ResendCode, ForgotPassword, UpdateUserAttribute, VerifyUserAttribute, AdminCreateUser (Authentication below)', async () => {
    const poolId = await createPool(s, {
      LambdaConfig: { CustomMessage: arn('tagger') },
      AutoVerifiedAttributes: ['email'],
    });
    const { clientId } = await createClient(s, poolId);
    const bodies = async (username: string) => (await outbox(s, poolId, username)).map((m) => m.body).reverse();

    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'cy', Password: PASSWORD, UserAttributes: attrs({ email: 'cy@example.com' }), ClientMetadata: { k: 'v' } }));
    await s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'cy' }));
    const signUp = await outbox(s, poolId, 'cy');
    assert.deepEqual((await bodies('cy')).map((b) => b.split(' ')[0]), ['[CustomMessage_SignUp]', '[CustomMessage_ResendCode]']);
    assert.equal(signUp[0]!.body, `[CustomMessage_ResendCode] ${signUp[0]!.code}`);
    const signUpEvent = recorder.received.map((r) => r.event).find((e) => e.userPoolId === poolId)!;
    assert.equal(signUpEvent.callerContext.clientId, clientId);
    assert.deepEqual(signUpEvent.request.clientMetadata, { k: 'v' });
    assert.equal(signUpEvent.request.codeParameter, '{####}');
    assert.equal(signUpEvent.request.usernameParameter, null);
    assert.deepEqual(signUpEvent.response, { smsMessage: null, emailMessage: null, emailSubject: null });

    await addUser(s, poolId, 'dee', PASSWORD, { attributes: { email: 'dee@example.com', email_verified: 'true' } });
    await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'dee' }));
    const { AccessToken } = await tokensFor(s, clientId, 'dee');
    await s.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: attrs({ email: 'dee2@example.com' }) }));
    await s.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    assert.deepEqual((await bodies('dee')).map((b) => b.split(' ')[0]), [
      '[CustomMessage_ForgotPassword]',
      '[CustomMessage_UpdateUserAttribute]',
      '[CustomMessage_VerifyUserAttribute]',
    ]);

    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'eve', TemporaryPassword: 'Temp#Pass1', UserAttributes: attrs({ email: 'eve@example.com' }), DesiredDeliveryMediums: ['EMAIL'] }));
    assert.deepEqual(await bodies('eve'), ['[CustomMessage_AdminCreateUser] Temp#Pass1']);
    const adminEvent = recorder.received.map((r) => r.event).find((e) => e.triggerSource === 'CustomMessage_AdminCreateUser')!;
    assert.equal(adminEvent.request.usernameParameter, '{username}');
  });

  it('CustomMessage_Authentication: the SMS MFA code message is the function\'s, and the code in it signs in', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'ON', ...SMS }, { LambdaConfig: { CustomMessage: arn('tagger') } });
    await addUser(s, poolId, 'gil', PASSWORD, { attributes: { phone_number: '+15555550150', phone_number_verified: 'true' } });
    const step = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'gil', PASSWORD } }));
    assert.equal(step.ChallengeName, 'SMS_MFA');
    const m = await lastMessage(s, poolId, 'gil');
    assert.equal(m.body, `[CustomMessage_Authentication] ${m.code}`);
    const done = await s.client.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'SMS_MFA', Session: step.Session, ChallengeResponses: { USERNAME: 'gil', SMS_MFA_CODE: m.code! } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('CustomMessage_Authentication for a passwordless sign-in code (USER_AUTH, EMAIL_OTP first factor): the function\'s message, and its code signs in', async () => {
    const { poolId } = await mfaPool(s, { MfaConfiguration: 'OFF' }, {
      LambdaConfig: { CustomMessage: arn('tagger') },
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
    });
    const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_AUTH'] });
    await addUser(s, poolId, 'hal', PASSWORD, { attributes: { email: 'hal@example.com', email_verified: 'true' } });
    const step = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'hal', PREFERRED_CHALLENGE: 'EMAIL_OTP' } }));
    assert.equal(step.ChallengeName, 'EMAIL_OTP');
    const m = await lastMessage(s, poolId, 'hal');
    assert.equal(m.body, `[CustomMessage_Authentication] ${m.code}`);
    assert.equal(m.subject, 'CustomMessage_Authentication');
    const done = await s.client.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'EMAIL_OTP', Session: step.Session, ChallengeResponses: { USERNAME: 'hal', EMAIL_OTP_CODE: m.code! } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('a function that cannot be run fails the request and nothing is sent', async () => {
    const poolId = await createPool(s, { LambdaConfig: { CustomMessage: arn('not-mapped') }, AutoVerifiedAttributes: ['email'] });
    const { clientId } = await createClient(s, poolId);
    await rejectsWith(
      s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'fay', Password: PASSWORD, UserAttributes: attrs({ email: 'fay@example.com' }) })),
      'UnexpectedLambdaException',
      'CustomMessage invocation failed due to error AccessDeniedException.',
    );
    assert.equal((await outbox(s, poolId, 'fay')).length, 0);
  });
});
