import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetUserCommand, ConfirmForgotPasswordCommand, ForgotPasswordCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { addUser, attrsOf, createClient, createPool, lastCode, outbox, PASSWORD, passwordSignIn } from '../helpers/fixtures.js';
import { SMS } from '../mfa/helpers.js';
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

/** A legacy directory whose answer for each user name exercises one member of the migration answer. */
const LEGACY = `const ANSWERS = {
  welcome: { userAttributes: { email: 'welcome@example.com', email_verified: 'true', phone_number: '+15555550100' }, desiredDeliveryMediums: ['EMAIL', 'SMS'] },
  bysms: { userAttributes: { email: 'bysms@example.com', phone_number: '+15555550101' } },
  quiet: { userAttributes: { email: 'quiet@example.com', phone_number: '+15555550102' }, messageAction: 'SUPPRESS', desiredDeliveryMediums: ['EMAIL', 'SMS'] },
  reset: { userAttributes: { email: 'reset@example.com', email_verified: 'true' }, finalUserStatus: 'RESET_REQUIRED', messageAction: 'SUPPRESS' },
  clash: { userAttributes: { email: 'taken@example.com', email_verified: 'true' }, messageAction: 'SUPPRESS' },
  takeover: { userAttributes: { email: 'taken@example.com', email_verified: 'true' }, forceAliasCreation: true, messageAction: 'SUPPRESS' },
  mfa: { userAttributes: { phone_number: '+15555550199', phone_number_verified: 'true' }, enableSMSMFA: true, messageAction: 'SUPPRESS' },
  fax: { userAttributes: { email: 'fax@example.com' }, desiredDeliveryMediums: ['FAX'] },
};
export const handler = async (event) => {
  if (event.request.password === 'Legacy-Pass1') Object.assign(event.response, ANSWERS[event.userName] ?? {});
  return event;
};
`;

/** A custom message function that says which message it was asked for. */
const TAG_MESSAGE = `export const handler = async (event) => {
  event.response.emailSubject = event.triggerSource;
  event.response.emailMessage = event.triggerSource + ' ' + event.request.usernameParameter + ' ' + event.request.codeParameter;
  event.response.smsMessage = event.triggerSource + ' ' + event.request.codeParameter;
  return event;
};
`;

describe('UserMigration', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  before(async () => {
    handlers = new HandlerFolder();
    s = await startTriggerServer({
      migrate: { module: handlers.write('migrate.mjs', MIGRATE_USER) },
      legacy: { module: handlers.write('legacy.mjs', LEGACY) },
      message: { module: handlers.write('message.mjs', TAG_MESSAGE) },
    });
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

  describe('the answer\'s members (messageAction, desiredDeliveryMediums, finalUserStatus, forceAliasCreation, enableSMSMFA)', () => {
    const LEGACY_PASSWORD = 'Legacy-Pass1';
    const legacyPool = (extra: Parameters<typeof createPool>[1] = {}) => createPool(s, { ...extra, LambdaConfig: { UserMigration: arn('legacy'), ...extra.LambdaConfig } });

    it('without messageAction the welcome message goes out by each desired medium: the invitation, through CustomMessage_AdminCreateUser', async () => {
      const poolId = await legacyPool({ LambdaConfig: { CustomMessage: arn('message') } });
      const { clientId } = await createClient(s, poolId);
      assert.ok((await passwordSignIn(s, clientId, 'welcome', LEGACY_PASSWORD)).AuthenticationResult?.AccessToken);
      const sent = await outbox(s, poolId, 'welcome');
      assert.deepEqual(sent.map((m) => [m.channel, m.destination, m.subject, m.body]).sort(), [
        ['EMAIL', 'welcome@example.com', 'CustomMessage_AdminCreateUser', `CustomMessage_AdminCreateUser welcome ${LEGACY_PASSWORD}`],
        ['SMS', '+15555550100', undefined, `CustomMessage_AdminCreateUser ${LEGACY_PASSWORD}`],
      ]);
      // Once: the user exists now, and the next sign-in neither migrates nor welcomes.
      await passwordSignIn(s, clientId, 'welcome', LEGACY_PASSWORD);
      assert.equal((await outbox(s, poolId, 'welcome')).length, 2);
    });

    it('without desiredDeliveryMediums the welcome goes by SMS only, in the pool\'s invitation template; SUPPRESS sends nothing', async () => {
      const poolId = await legacyPool({ AdminCreateUserConfig: { InviteMessageTemplate: { SMSMessage: 'Hello {username}, {####}', EmailMessage: 'mail {username} {####}', EmailSubject: 'Hi' } } });
      const { clientId } = await createClient(s, poolId);
      await passwordSignIn(s, clientId, 'bysms', LEGACY_PASSWORD);
      assert.deepEqual((await outbox(s, poolId, 'bysms')).map((m) => [m.channel, m.body]), [['SMS', `Hello bysms, ${LEGACY_PASSWORD}`]]);
      await passwordSignIn(s, clientId, 'quiet', LEGACY_PASSWORD);
      assert.equal((await outbox(s, poolId, 'quiet')).length, 0);
    });

    it('finalUserStatus RESET_REQUIRED: the user is created, and the sign-in answers PasswordResetRequiredException', async () => {
      const poolId = await legacyPool();
      const { clientId } = await createClient(s, poolId);
      await rejectsWith(passwordSignIn(s, clientId, 'reset', LEGACY_PASSWORD), 'PasswordResetRequiredException', 'Password reset required for the user');
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'reset' }))).UserStatus, 'RESET_REQUIRED');
    });

    it('forceAliasCreation: false leaves a verified email another user signs in with to that user (not migrated); true takes it over', async () => {
      const poolId = await legacyPool({ AliasAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId);
      await addUser(s, poolId, 'holder', PASSWORD, { attributes: { email: 'taken@example.com', email_verified: 'true' } });
      await rejectsWith(
        passwordSignIn(s, clientId, 'clash', LEGACY_PASSWORD),
        'UserLambdaValidationException',
        'UserMigration failed with error An account with the given email already exists.',
      );
      await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'clash' })), 'UserNotFoundException', 'User does not exist.');
      assert.ok((await passwordSignIn(s, clientId, 'takeover', LEGACY_PASSWORD)).AuthenticationResult);
      const holder = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'holder' }));
      assert.equal(attrsOf(holder.UserAttributes).email_verified, 'false');
      // The alias signs the new user in now.
      assert.ok((await passwordSignIn(s, clientId, 'taken@example.com', LEGACY_PASSWORD)).AuthenticationResult);
    });

    it('enableSMSMFA: the migrated user has SMS MFA on and preferred, and the sign-in asks for the SMS code', async () => {
      const poolId = await legacyPool();
      await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', ...SMS }));
      const { clientId } = await createClient(s, poolId);
      const step = await passwordSignIn(s, clientId, 'mfa', LEGACY_PASSWORD);
      assert.equal(step.ChallengeName, 'SMS_MFA');
      const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mfa' }));
      assert.equal(user.PreferredMfaSetting, 'SMS_MFA');
    });

    it('a desiredDeliveryMediums value Cognito does not know is an unreadable answer, and nobody is created', async () => {
      const poolId = await legacyPool();
      const { clientId } = await createClient(s, poolId);
      await rejectsWith(passwordSignIn(s, clientId, 'fax', LEGACY_PASSWORD), 'InvalidLambdaResponseException', 'Unrecognizable lambda output');
      await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'fax' })), 'UserNotFoundException', 'User does not exist.');
    });
  });
});
