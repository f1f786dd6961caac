import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetUserCommand, ConfirmForgotPasswordCommand, ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { attrsOf, createClient, createPool, lastCode, passwordSignIn } from '../helpers/fixtures.js';
import { arn, HandlerFolder, startTriggerServer } from './helpers.js';

/**
 * Issue 18: the user migration trigger, with the developer guide's Node.js example ("Migrate a user with an existing
 * password", from awsdocs/aws-doc-sdk-examples) run unchanged — its mock legacy directory knows `belladonna`.
 */
const MIGRATE_USER = `const validUsers = {
  belladonna: { password: "Test123", emailAddress: "bella@example.com" },
};

// Replace this mock with a call to a real authentication service.
const authenticateUser = (username, password) => {
  if (validUsers[username] && validUsers[username].password === password) {
    return validUsers[username];
  } else {
    return null;
  }
};

const lookupUser = (username) => {
  const user = validUsers[username];

  if (user) {
    return { emailAddress: user.emailAddress };
  } else {
    return null;
  }
};

const handler = async (event) => {
  if (event.triggerSource == "UserMigration_Authentication") {
    // Authenticate the user with your existing user directory service
    const user = authenticateUser(event.userName, event.request.password);
    if (user) {
      event.response.userAttributes = {
        email: user.emailAddress,
        email_verified: "true",
      };
      event.response.finalUserStatus = "CONFIRMED";
      event.response.messageAction = "SUPPRESS";
    }
  } else if (event.triggerSource == "UserMigration_ForgotPassword") {
    // Look up the user in your existing user directory service
    const user = lookupUser(event.userName);
    if (user) {
      event.response.userAttributes = {
        email: user.emailAddress,
        // Required to enable password-reset code to be sent to user
        email_verified: "true",
      };
      event.response.messageAction = "SUPPRESS";
    }
  }

  return event;
};

export { handler };
`;

describe('UserMigration', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  before(async () => {
    handlers = new HandlerFolder();
    s = await startTriggerServer({ migrate: { module: handlers.write('migrate.mjs', MIGRATE_USER) } });
  });
  after(async () => {
    await s.stop();
    handlers.remove();
  });

  it('Authentication: an unknown user with the legacy password is created CONFIRMED and signed in; the next sign-in needs no function', async () => {
    const poolId = await createPool(s, { LambdaConfig: { UserMigration: arn('migrate') } });
    const { clientId } = await createClient(s, poolId);
    const first = await passwordSignIn(s, clientId, 'belladonna', 'Test123');
    assert.ok(first.AuthenticationResult?.AccessToken);
    const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'belladonna' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(attrsOf(user.UserAttributes).email, 'bella@example.com');
    assert.equal(attrsOf(user.UserAttributes).email_verified, 'true');
    // The password is cognate's now: a wrong one is refused by cognate itself.
    await rejectsWith(passwordSignIn(s, clientId, 'belladonna', 'Wrong123'), 'NotAuthorizedException', 'Incorrect username or password.');
    assert.ok((await passwordSignIn(s, clientId, 'belladonna', 'Test123')).AuthenticationResult);
  });

  it('Authentication: a wrong legacy password or an unknown name creates nobody and answers as for an unknown user', async () => {
    const poolId = await createPool(s, { LambdaConfig: { UserMigration: arn('migrate') } });
    const { clientId } = await createClient(s, poolId);
    await rejectsWith(passwordSignIn(s, clientId, 'belladonna', 'nope'), 'UserNotFoundException', 'User does not exist.');
    await rejectsWith(passwordSignIn(s, clientId, 'stranger', 'Test123'), 'UserNotFoundException', 'User does not exist.');
    await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'belladonna' })), 'UserNotFoundException', 'User does not exist.');
  });

  it('ForgotPassword: the user is created RESET_REQUIRED, gets the code at the migrated email, and sets a password', async () => {
    const poolId = await createPool(s, { LambdaConfig: { UserMigration: arn('migrate') } });
    const { clientId } = await createClient(s, poolId);
    const r = await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'belladonna' }));
    assert.equal(r.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'belladonna' }))).UserStatus, 'RESET_REQUIRED');
    await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'belladonna', ConfirmationCode: await lastCode(s, poolId, 'belladonna'), Password: 'N3w-Password!' }));
    assert.ok((await passwordSignIn(s, clientId, 'belladonna', 'N3w-Password!')).AuthenticationResult);
  });
});
