import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { attrs, attrsOf, createClient, createPool, outbox, PASSWORD } from '../helpers/fixtures.js';
import { arn, HandlerFolder, startFunctionServer, startTriggerServer } from './helpers.js';
import { AUTO_CONFIRM_AND_VERIFY } from './examples.js';

/**
 * Issue 18: the pre sign-up trigger, with the two Node.js handlers of the developer guide's "Pre sign-up Lambda
 * trigger" page run unchanged (CommonJS, callback style), and an HTTP function that records the event it received.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
 */
const AUTO_CONFIRM_DOMAIN = `exports.handler = (event, context, callback) => {
    // Set the user pool autoConfirmUser flag after validating the email domain
    event.response.autoConfirmUser = false;

    // Split the email address so we can compare domains
    var address = event.request.userAttributes.email.split("@")
    
    // This example uses a custom attribute "custom:domain"
    if (event.request.userAttributes.hasOwnProperty("custom:domain")) {
        if ( event.request.userAttributes['custom:domain'] === address[1]) {
            event.response.autoConfirmUser = true;
        }
    }

    // Return to Amazon Cognito
    callback(null, event);
};
`;


describe('PreSignUp', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  let recorder: Awaited<ReturnType<typeof startFunctionServer>>;
  before(async () => {
    handlers = new HandlerFolder();
    recorder = await startFunctionServer((event) => ({ body: event }));
    s = await startTriggerServer({
      'auto-confirm-domain': { module: handlers.write('domain.cjs', AUTO_CONFIRM_DOMAIN) },
      [arn('auto-confirm-all')]: { module: handlers.write('all.cjs', AUTO_CONFIRM_AND_VERIFY) },
      recorder: { url: `${recorder.url}/pre-sign-up` },
    });
  });
  after(async () => {
    await s.stop();
    await recorder.close();
    handlers.remove();
  });

  const poolWith = (fn: string) =>
    createPool(s, {
      LambdaConfig: { PreSignUp: arn(fn) },
      Schema: [{ Name: 'domain', AttributeDataType: 'String', Mutable: true }],
      AutoVerifiedAttributes: ['email'],
    });

  it('auto-confirm-and-verify example: the user is CONFIRMED with a verified email, no code is sent, and can sign in', async () => {
    const poolId = await poolWith('auto-confirm-all');
    const { clientId } = await createClient(s, poolId);
    const r = await s.client.send(
      new SignUpCommand({ ClientId: clientId, Username: 'ann', Password: PASSWORD, UserAttributes: attrs({ email: 'ann@example.com', phone_number: '+12065550100' }) }),
    );
    assert.equal(r.UserConfirmed, true);
    assert.equal(r.CodeDeliveryDetails, undefined);
    const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ann' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(attrsOf(user.UserAttributes).email_verified, 'true');
    assert.equal(attrsOf(user.UserAttributes).phone_number_verified, 'true');
    assert.equal((await outbox(s, poolId, 'ann')).length, 0);
    const signIn = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ann', PASSWORD } }));
    assert.ok(signIn.AuthenticationResult?.AccessToken);
  });

  it('registered-domain example: a user of the domain is confirmed, another is not and gets the code', async () => {
    const poolId = await poolWith('auto-confirm-domain');
    const { clientId } = await createClient(s, poolId);
    const inDomain = await s.client.send(
      new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: attrs({ email: 'bob@example.com', 'custom:domain': 'example.com' }) }),
    );
    assert.equal(inDomain.UserConfirmed, true);
    const outside = await s.client.send(
      new SignUpCommand({ ClientId: clientId, Username: 'eve', Password: PASSWORD, UserAttributes: attrs({ email: 'eve@elsewhere.test', 'custom:domain': 'example.com' }) }),
    );
    assert.equal(outside.UserConfirmed, false);
    assert.equal(outside.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'eve' }))).UserStatus, 'UNCONFIRMED');
    assert.equal((await outbox(s, poolId, 'eve')).length, 1);
  });

  it('the function receives Cognito\'s event: common members, userAttributes, validationData and clientMetadata', async () => {
    const poolId = await poolWith('recorder');
    const { clientId } = await createClient(s, poolId);
    recorder.received.length = 0;
    await s.client.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'carol',
        Password: PASSWORD,
        UserAttributes: attrs({ email: 'carol@example.com' }),
        ValidationData: attrs({ captcha: 'ok' }),
        ClientMetadata: { source: 'test' },
      }),
    );
    assert.equal(recorder.received.length, 1);
    assert.equal(recorder.received[0]!.path, '/pre-sign-up');
    assert.deepEqual(recorder.received[0]!.event, {
      version: '1',
      region: 'us-east-1',
      userPoolId: poolId,
      userName: 'carol',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
      triggerSource: 'PreSignUp_SignUp',
      request: { userAttributes: { email: 'carol@example.com' }, validationData: { captcha: 'ok' }, clientMetadata: { source: 'test' } },
      response: { autoConfirmUser: false, autoVerifyPhone: false, autoVerifyEmail: false },
    });
  });

  it('AdminCreateUser fires PreSignUp_AdminCreateUser without a client, and ignores the auto-confirm answer (developer guide)', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreSignUp: arn('recorder') } });
    recorder.received.length = 0;
    await s.client.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dan', UserAttributes: attrs({ email: 'dan@example.com' }), MessageAction: 'SUPPRESS', ClientMetadata: { by: 'admin' } }),
    );
    const event = recorder.received[0]!.event;
    assert.equal(event.triggerSource, 'PreSignUp_AdminCreateUser');
    assert.equal(event.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
    assert.deepEqual(event.request.clientMetadata, { by: 'admin' });
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dan' }))).UserStatus, 'FORCE_CHANGE_PASSWORD');
  });

  it('a pool without the trigger signs up as before (nothing is invoked)', async () => {
    const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
    const { clientId } = await createClient(s, poolId);
    recorder.received.length = 0;
    const r = await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'fay', Password: PASSWORD, UserAttributes: attrs({ email: 'fay@example.com' }) }));
    assert.equal(r.UserConfirmed, false);
    assert.equal(recorder.received.length, 0);
  });

  it('a failing PreSignUp creates no user, through SignUp and AdminCreateUser', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreSignUp: arn('not-mapped') } });
    const { clientId } = await createClient(s, poolId);
    await rejectsWith(
      s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'gus', Password: PASSWORD })),
      'UnexpectedLambdaException',
      'PreSignUp invocation failed due to error AccessDeniedException.',
    );
    await rejectsWith(
      s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'gus', MessageAction: 'SUPPRESS' })),
      'UnexpectedLambdaException',
      'PreSignUp invocation failed due to error AccessDeniedException.',
    );
    await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gus' })), 'UserNotFoundException', 'User does not exist.');
  });
});
