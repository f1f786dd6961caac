import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { addUser, attrs, createClient, createPool, lastCode, PASSWORD, passwordSignIn, tokensFor, verifierFor } from '../helpers/fixtures.js';
import { arn, HandlerFolder, startFunctionServer, startTriggerServer, type FunctionAnswer } from './helpers.js';

/**
 * Issue 18: post confirmation, pre/post authentication and pre token generation (V1 and V2), with the developer guide's
 * Node.js examples run unchanged where the guide has one, and a recording HTTP function for the events.
 */
// "Pre token generation example: Add a new claim and suppress an existing claim" (V1).
const PRE_TOKEN_V1 = `const handler = async (event) => {
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: {
        my_first_attribute: "first_value",
        my_second_attribute: "second_value",
      },
      claimsToSuppress: ["email"],
    },
  };

  return event;
};

export { handler };
`;

// "Pre token generation example: Modify the user's group membership" (V1).
const PRE_TOKEN_V1_GROUPS = `const handler = async (event) => {
  event.response = {
    claimsOverrideDetails: {
      groupOverrideDetails: {
        groupsToOverride: ["group-A", "group-B", "group-C"],
        iamRolesToOverride: [
          "arn:aws:iam::XXXXXXXXXXXX:role/sns_callerA",
          "arn:aws:iam::XXXXXXXXX:role/sns_callerB",
          "arn:aws:iam::XXXXXXXXXX:role/sns_callerC",
        ],
        preferredRole: "arn:aws:iam::XXXXXXXXXXX:role/sns_caller",
      },
    },
  };

  return event;
};

export { handler };
`;

// "Add claims and scopes to access tokens" (V2), with its claim and scope.
const PRE_TOKEN_V2 = `const handler = async (event) => {
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: {},
      accessTokenGeneration: {
        claimsToAddOrOverride: {
          "my-api-permissions": "read-write",
        },
        scopesToAdd: ["my-api-scope"],
      },
    },
  };
  return event;
};

export { handler };
`;

describe('post confirmation, pre/post authentication and pre token generation', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  let recorder: Awaited<ReturnType<typeof startFunctionServer>>;
  before(async () => {
    handlers = new HandlerFolder();
    recorder = await startFunctionServer((event, r): FunctionAnswer => {
      if (r.path === '/refuse') return { status: 400, body: { errorType: 'Error', errorMessage: 'not today' } };
      return { body: event };
    });
    s = await startTriggerServer({
      recorder: { url: `${recorder.url}/record` },
      refuse: { url: `${recorder.url}/refuse` },
      'pre-token-v1': { module: handlers.write('v1.mjs', PRE_TOKEN_V1) },
      'pre-token-v1-groups': { module: handlers.write('v1-groups.mjs', PRE_TOKEN_V1_GROUPS) },
      'pre-token-v2': { module: handlers.write('v2.mjs', PRE_TOKEN_V2) },
    });
  });
  after(async () => {
    await s.stop();
    await recorder.close();
    handlers.remove();
  });
  const events = (source: string) => recorder.received.map((r) => r.event).filter((e) => e.triggerSource === source);

  it('PostConfirmation on ConfirmSignUp, AdminConfirmSignUp and ConfirmForgotPassword, with the confirmed user\'s attributes', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PostConfirmation: arn('recorder') }, AutoVerifiedAttributes: ['email'] });
    const { clientId } = await createClient(s, poolId);
    recorder.received.length = 0;
    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'ann', Password: PASSWORD, UserAttributes: attrs({ email: 'ann@example.com' }) }));
    await s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ann', ConfirmationCode: await lastCode(s, poolId, 'ann'), ClientMetadata: { k: 'v' } }));
    const [confirmed] = events('PostConfirmation_ConfirmSignUp');
    assert.equal(confirmed.userName, 'ann');
    assert.equal(confirmed.callerContext.clientId, clientId);
    assert.deepEqual(confirmed.request.clientMetadata, { k: 'v' });
    assert.equal(confirmed.request.userAttributes['cognito:user_status'], 'CONFIRMED');
    assert.equal(confirmed.request.userAttributes.email_verified, 'true');
    assert.match(confirmed.request.userAttributes.sub, /^[0-9a-f-]{36}$/);

    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: attrs({ email: 'bob@example.com' }) }));
    await s.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'bob' }));
    assert.equal(events('PostConfirmation_ConfirmSignUp').at(-1).callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');

    await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ann' }));
    await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'ann', ConfirmationCode: await lastCode(s, poolId, 'ann'), Password: 'N3w-Password!' }));
    assert.equal(events('PostConfirmation_ConfirmForgotPassword').length, 1);
  });

  it('a failing PostConfirmation answers its error, and the user stays confirmed (as on Cognito)', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PostConfirmation: arn('refuse') } });
    const { clientId } = await createClient(s, poolId);
    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'cy', Password: PASSWORD }));
    await rejectsWith(s.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'cy' })), 'UserLambdaValidationException', 'PostConfirmation failed with error not today.');
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'cy' }))).UserStatus, 'CONFIRMED');
  });

  it('PreAuthentication sees the user and ClientMetadata as validationData; when it fails, the password is not even checked', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreAuthentication: arn('recorder'), PostAuthentication: arn('recorder') } });
    const { clientId } = await createClient(s, poolId);
    await addUser(s, poolId, 'dee', PASSWORD, { attributes: { email: 'dee@example.com' } });
    recorder.received.length = 0;
    await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dee', PASSWORD }, ClientMetadata: { app: 'web' } }));
    const [pre] = events('PreAuthentication_Authentication');
    assert.equal(pre.userName, 'dee');
    assert.deepEqual(pre.request.validationData, { app: 'web' });
    assert.equal(pre.request.userAttributes.email, 'dee@example.com');
    const [post] = events('PostAuthentication_Authentication');
    assert.equal(post.request.newDeviceUsed, false);
    assert.deepEqual(post.request.clientMetadata, { app: 'web' });
    assert.deepEqual(
      recorder.received.map((r) => r.event.triggerSource),
      ['PreAuthentication_Authentication', 'PostAuthentication_Authentication'],
    );

    await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, LambdaConfig: { PreAuthentication: arn('refuse') } }));
    // A wrong password too answers the function's error: the trigger runs before the password is looked at.
    await rejectsWith(passwordSignIn(s, clientId, 'dee', 'wrong-Passw0rd!'), 'UserLambdaValidationException', 'PreAuthentication failed with error not today.');
  });

  it('a failing PostAuthentication refuses the tokens', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PostAuthentication: arn('refuse') } });
    const { clientId } = await createClient(s, poolId);
    await addUser(s, poolId, 'eli');
    await rejectsWith(passwordSignIn(s, clientId, 'eli'), 'UserLambdaValidationException', 'PostAuthentication failed with error not today.');
  });

  it('PreTokenGeneration V1 (developer guide example): a claim added and email suppressed in the id token, as aws-jwt-verify sees it', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreTokenGeneration: arn('pre-token-v1') } });
    const { clientId } = await createClient(s, poolId);
    await addUser(s, poolId, 'fay', PASSWORD, { attributes: { email: 'fay@example.com' } });
    const tokens = await tokensFor(s, clientId, 'fay');
    const id = await verifierFor(s, poolId, 'id', clientId).verify(tokens.IdToken);
    assert.equal(id.my_first_attribute, 'first_value');
    assert.equal(id.my_second_attribute, 'second_value');
    assert.equal(id.email, undefined);
    const access = await verifierFor(s, poolId, 'access', clientId).verify(tokens.AccessToken);
    assert.equal(access.my_first_attribute, undefined, 'V1 changes the id token only');
  });

  it('PreTokenGeneration V1 group override (developer guide example) changes cognito:groups, roles and preferred role', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreTokenGeneration: arn('pre-token-v1-groups') } });
    const { clientId } = await createClient(s, poolId);
    await addUser(s, poolId, 'gus');
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'real' }));
    await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'gus', GroupName: 'real' }));
    const tokens = await tokensFor(s, clientId, 'gus');
    const id = await verifierFor(s, poolId, 'id', clientId).verify(tokens.IdToken);
    const access = await verifierFor(s, poolId, 'access', clientId).verify(tokens.AccessToken);
    assert.deepEqual(id['cognito:groups'], ['group-A', 'group-B', 'group-C']);
    assert.deepEqual(access['cognito:groups'], ['group-A', 'group-B', 'group-C']);
    assert.equal(id['cognito:preferred_role'], 'arn:aws:iam::XXXXXXXXXXX:role/sns_caller');
    assert.equal((id['cognito:roles'] as string[]).length, 3);
  });

  it('PreTokenGeneration V2 (developer guide example): an access-token claim and a scope aws-jwt-verify sees; refreshes run it again', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: arn('pre-token-v2'), LambdaVersion: 'V2_0' } } });
    const { clientId } = await createClient(s, poolId);
    await addUser(s, poolId, 'hal');
    const tokens = await tokensFor(s, clientId, 'hal');
    const access = await verifierFor(s, poolId, 'access', clientId).verify(tokens.AccessToken, { scope: 'my-api-scope' } as never);
    assert.equal(access['my-api-permissions'], 'read-write');
    assert.deepEqual(String(access.scope).split(' ').sort(), ['aws.cognito.signin.user.admin', 'my-api-scope']);
    const refreshed = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }));
    const again = await verifierFor(s, poolId, 'access', clientId).verify(refreshed.AuthenticationResult!.AccessToken!);
    assert.equal(again['my-api-permissions'], 'read-write');
  });

  it('PreTokenGeneration V2 event: version 2, the scopes, the groups, TokenGeneration_Authentication then _RefreshTokens', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: arn('recorder'), LambdaVersion: 'V2_0' } } });
    const { clientId } = await createClient(s, poolId);
    await addUser(s, poolId, 'ida');
    recorder.received.length = 0;
    const tokens = await tokensFor(s, clientId, 'ida');
    await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }));
    const [first, second] = recorder.received.map((r) => r.event);
    assert.equal(first.version, '2');
    assert.equal(first.triggerSource, 'TokenGeneration_Authentication');
    assert.deepEqual(first.request.scopes, ['aws.cognito.signin.user.admin']);
    assert.deepEqual(first.request.groupConfiguration, { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null });
    assert.equal(second.triggerSource, 'TokenGeneration_RefreshTokens');
  });

  it('TokenGeneration_NewPasswordChallenge: the tokens the NEW_PASSWORD_REQUIRED answer ends in', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreTokenGeneration: arn('recorder') } });
    const { clientId } = await createClient(s, poolId);
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'kai', TemporaryPassword: 'Temp#Pass1', MessageAction: 'SUPPRESS' }));
    recorder.received.length = 0;
    const step = await passwordSignIn(s, clientId, 'kai', 'Temp#Pass1');
    assert.equal(step.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const done = await s.client.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: step.Session, ChallengeResponses: { USERNAME: 'kai', NEW_PASSWORD: PASSWORD } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.deepEqual(recorder.received.map((r) => r.event.triggerSource), ['TokenGeneration_NewPasswordChallenge']);
    // The next sign-in is an ordinary one.
    await tokensFor(s, clientId, 'kai');
    assert.equal(recorder.received.at(-1)!.event.triggerSource, 'TokenGeneration_Authentication');
  });

  it('a failing PreTokenGeneration: no tokens, and no refresh token family left behind', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreTokenGeneration: arn('refuse') } });
    const { clientId } = await createClient(s, poolId);
    await addUser(s, poolId, 'jo');
    await rejectsWith(passwordSignIn(s, clientId, 'jo'), 'UserLambdaValidationException', 'PreTokenGeneration failed with error not today.');
    // Revoking every family of the user counts them: none was written.
    assert.equal(await s.store.tokens.revokeUser(poolId, 'jo', s.clock.now()), 0);
  });
});
