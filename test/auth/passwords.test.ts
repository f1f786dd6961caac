import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminResetUserPasswordCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, passwordSignIn, PASSWORD, secretHash, tokensFor } from '../helpers/fixtures.js';

const INCORRECT = 'Incorrect username or password.';
const NEW_PASSWORD = 'An0ther-Secret!';

describe('password operations and revocation', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    ({ clientId } = await createClient(s, poolId));
  });
  after(async () => s.stop());

  const verifiedEmail = (u: string) => ({ attributes: { email: `${u}@example.com`, email_verified: 'true' } });
  async function lastCode(username: string): Promise<string> {
    const [m] = await s.store.outbox.list({ poolId, username, limit: 1 });
    assert.ok(m?.code, 'a code was sent');
    return m.code;
  }

  describe('ChangePassword', () => {
    it('changes the password when the previous one is right', async () => {
      await addUser(s, poolId, 'changer');
      const { AccessToken } = await tokensFor(s, clientId, 'changer');
      await s.client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD }));
      await rejectsWith(passwordSignIn(s, clientId, 'changer', PASSWORD), 'NotAuthorizedException', INCORRECT);
      assert.ok((await passwordSignIn(s, clientId, 'changer', NEW_PASSWORD)).AuthenticationResult);
    });

    it('a wrong or missing previous password: NotAuthorizedException "Incorrect username or password."; repeated: LimitExceededException', async () => {
      // Attack: a stolen access token used to take over the account by changing its password.
      await addUser(s, poolId, 'thief-target');
      const { AccessToken } = await tokensFor(s, clientId, 'thief-target');
      await rejectsWith(s.client.send(new ChangePasswordCommand({ AccessToken, ProposedPassword: NEW_PASSWORD })), 'NotAuthorizedException', INCORRECT);
      for (let i = 0; i < 4; i++) {
        await rejectsWith(s.client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Gu3ss-Password!', ProposedPassword: NEW_PASSWORD })), 'NotAuthorizedException', INCORRECT);
      }
      await rejectsWith(
        s.client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD })),
        'LimitExceededException',
        'Attempt limit exceeded, please try after some time.',
      );
    });

    it('the pool policy applies: InvalidPasswordException', async () => {
      await addUser(s, poolId, 'weak');
      const { AccessToken } = await tokensFor(s, clientId, 'weak');
      await rejectsWith(
        s.client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'alllowercase1!' })),
        'InvalidPasswordException',
        'Password did not conform with policy: Password must have uppercase characters',
      );
    });

    it('needs a valid access token', async () => {
      await rejectsWith(s.client.send(new ChangePasswordCommand({ AccessToken: 'not-a-token', PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD })), 'NotAuthorizedException', 'Invalid Access Token');
    });
  });

  describe('ForgotPassword / ConfirmForgotPassword', () => {
    it('sends a code to the verified email and sets the new password with it, once', async () => {
      await addUser(s, poolId, 'forgetter', PASSWORD, verifiedEmail('forgetter'));
      const r = await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'forgetter' }));
      assert.deepEqual(r.CodeDeliveryDetails, { Destination: 'f***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      const code = await lastCode('forgetter');
      assert.match(code, /^\d{6}$/);
      // The old password keeps working until the reset is confirmed.
      assert.ok((await passwordSignIn(s, clientId, 'forgetter', PASSWORD)).AuthenticationResult);
      const wrong = code === '000000' ? '111111' : '000000';
      await rejectsWith(
        s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'forgetter', ConfirmationCode: wrong, Password: NEW_PASSWORD })),
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      );
      // A password the policy refuses does not cost the code.
      await rejectsWith(
        s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'forgetter', ConfirmationCode: code, Password: 'weak' })),
        'InvalidPasswordException',
      );
      await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'forgetter', ConfirmationCode: code, Password: NEW_PASSWORD }));
      assert.ok((await passwordSignIn(s, clientId, 'forgetter', NEW_PASSWORD)).AuthenticationResult);
      await rejectsWith(passwordSignIn(s, clientId, 'forgetter', PASSWORD), 'NotAuthorizedException', INCORRECT);
      // Attack: replay the code.
      await rejectsWith(
        s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'forgetter', ConfirmationCode: code, Password: 'Th1rd-Password!' })),
        'ExpiredCodeException',
        'Invalid code provided, please request a code again.',
      );
    });

    it('the code expires after an hour', async () => {
      await addUser(s, poolId, 'slow', PASSWORD, verifiedEmail('slow'));
      await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'slow' }));
      const code = await lastCode('slow');
      s.clock.advance(3600_000);
      await rejectsWith(
        s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'slow', ConfirmationCode: code, Password: NEW_PASSWORD })),
        'ExpiredCodeException',
        'Invalid code provided, please request a code again.',
      );
    });

    it('a reset ends a running lockout', async () => {
      await addUser(s, poolId, 'lockedout', PASSWORD, verifiedEmail('lockedout'));
      for (let i = 0; i < 5; i++) await rejectsWith(passwordSignIn(s, clientId, 'lockedout', 'Wr0ng-Password!'), 'NotAuthorizedException', INCORRECT);
      await rejectsWith(passwordSignIn(s, clientId, 'lockedout', PASSWORD), 'NotAuthorizedException', 'Password attempts exceeded');
      await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'lockedout' }));
      await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'lockedout', ConfirmationCode: await lastCode('lockedout'), Password: NEW_PASSWORD }));
      assert.ok((await passwordSignIn(s, clientId, 'lockedout', NEW_PASSWORD)).AuthenticationResult);
    });

    it('no verified email or phone: InvalidParameterException', async () => {
      await addUser(s, poolId, 'unreachable', PASSWORD, { attributes: { email: 'unreachable@example.com' } });
      await rejectsWith(
        s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'unreachable' })),
        'InvalidParameterException',
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    });

    it('unknown user: UserNotFoundException "Username/client id combination not found."; with PreventUserExistenceErrors a simulated delivery', async () => {
      // Issue 15 fidelity bug 5: Cognito's text for ForgotPassword (aws-amplify/amplify-js#10157), not "User does not exist.".
      await rejectsWith(
        s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'nobody' })),
        'UserNotFoundException',
        'Username/client id combination not found.',
      );
      const { clientId: prevent } = await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' });
      const r = await s.client.send(new ForgotPasswordCommand({ ClientId: prevent, Username: 'nobody@example.com' }));
      assert.deepEqual(r.CodeDeliveryDetails, { Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      await rejectsWith(
        s.client.send(new ConfirmForgotPasswordCommand({ ClientId: prevent, Username: 'nobody@example.com', ConfirmationCode: '123456', Password: NEW_PASSWORD })),
        'CodeMismatchException',
      );
    });

    it('a user still on a temporary password: NotAuthorizedException "User password cannot be reset in the current state."', async () => {
      await addUser(s, poolId, 'invited', 'Temp-Passw0rd!', { status: 'FORCE_CHANGE_PASSWORD', temporaryDays: 7, ...verifiedEmail('invited') });
      await rejectsWith(s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'invited' })), 'NotAuthorizedException', 'User password cannot be reset in the current state.');
    });

    it('AccountRecoverySetting admin_only: self-service ForgotPassword is refused and sends nothing', async () => {
      // Issue 15 fidelity bug 4: with admin_only only an administrator may reset a password.
      const adminOnly = await createPool(s, { AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] } });
      const { clientId: cid } = await createClient(s, adminOnly);
      await addUser(s, adminOnly, 'locked-in', PASSWORD, verifiedEmail('locked-in'));
      await rejectsWith(
        s.client.send(new ForgotPasswordCommand({ ClientId: cid, Username: 'locked-in' })),
        'NotAuthorizedException',
        'Contact administrator to reset password.',
      );
      assert.deepEqual(await s.store.outbox.list({ poolId: adminOnly, limit: 10 }), []);
    });

    it('SECRET_HASH is required for a client with a secret', async () => {
      const { clientId: cid, clientSecret } = await createClient(s, poolId, { GenerateSecret: true });
      await addUser(s, poolId, 'hashed', PASSWORD, verifiedEmail('hashed'));
      await rejectsWith(s.client.send(new ForgotPasswordCommand({ ClientId: cid, Username: 'hashed' })), 'NotAuthorizedException', `Client ${cid} is configured with secret but SECRET_HASH was not received`);
      const r = await s.client.send(new ForgotPasswordCommand({ ClientId: cid, Username: 'hashed', SecretHash: secretHash(clientSecret!, 'hashed', cid) }));
      assert.equal(r.CodeDeliveryDetails!.DeliveryMedium, 'EMAIL');
    });
  });

  describe('AdminResetUserPassword', () => {
    it('sets RESET_REQUIRED and sends a code; the user signs in again after ConfirmForgotPassword', async () => {
      await addUser(s, poolId, 'resettee', PASSWORD, verifiedEmail('resettee'));
      await s.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'resettee' }));
      assert.equal((await s.store.users.get(poolId, 'resettee'))!.status, 'RESET_REQUIRED');
      await rejectsWith(passwordSignIn(s, clientId, 'resettee', PASSWORD), 'PasswordResetRequiredException', 'Password reset required for the user');
      await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'resettee', ConfirmationCode: await lastCode('resettee'), Password: NEW_PASSWORD }));
      assert.equal((await s.store.users.get(poolId, 'resettee'))!.status, 'CONFIRMED');
      assert.ok((await passwordSignIn(s, clientId, 'resettee', NEW_PASSWORD)).AuthenticationResult);
    });

    it('unknown user: UserNotFoundException', async () => {
      await rejectsWith(s.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'nobody' })), 'UserNotFoundException', 'User does not exist.');
    });
  });

  describe('RevokeToken and GlobalSignOut', () => {
    it('an access or id token is not revocable: UnsupportedTokenTypeException', async () => {
      await addUser(s, poolId, 'revoker');
      const t = await tokensFor(s, clientId, 'revoker');
      await rejectsWith(s.client.send(new RevokeTokenCommand({ ClientId: clientId, Token: t.AccessToken })), 'UnsupportedTokenTypeException');
      await rejectsWith(s.client.send(new RevokeTokenCommand({ ClientId: clientId, Token: t.IdToken })), 'UnsupportedTokenTypeException');
    });

    it('a client with a secret must send it: UnauthorizedException', async () => {
      const { clientId: cid, clientSecret } = await createClient(s, poolId, { GenerateSecret: true });
      await addUser(s, poolId, 'secretrevoke');
      const r = await s.client.send(
        new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cid, AuthParameters: { USERNAME: 'secretrevoke', PASSWORD, SECRET_HASH: secretHash(clientSecret!, 'secretrevoke', cid) } }),
      );
      const token = r.AuthenticationResult!.RefreshToken!;
      await rejectsWith(s.client.send(new RevokeTokenCommand({ ClientId: cid, Token: token })), 'UnauthorizedException');
      await rejectsWith(s.client.send(new RevokeTokenCommand({ ClientId: cid, Token: token, ClientSecret: 'z'.repeat(52) })), 'UnauthorizedException');
      await s.client.send(new RevokeTokenCommand({ ClientId: cid, Token: token, ClientSecret: clientSecret }));
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: cid, AuthParameters: { REFRESH_TOKEN: token, SECRET_HASH: secretHash(clientSecret!, 'secretrevoke', cid) } })),
        'NotAuthorizedException',
        'Refresh Token has been revoked',
      );
    });

    it('a refresh token of another client cannot be revoked through this one: UnauthorizedException', async () => {
      // Attack: sign other applications' users out with a token leaked to this client.
      const t = await tokensFor(s, clientId, 'revoker');
      const { clientId: other } = await createClient(s, poolId);
      await rejectsWith(s.client.send(new RevokeTokenCommand({ ClientId: other, Token: t.RefreshToken })), 'UnauthorizedException');
      assert.ok(
        (await s.client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: t.RefreshToken } }))).AuthenticationResult,
      );
    });

    it('revocation disabled on the client: UnsupportedOperationException', async () => {
      const { clientId: cid } = await createClient(s, poolId, { EnableTokenRevocation: false });
      const t = await tokensFor(s, cid, 'revoker');
      await rejectsWith(s.client.send(new RevokeTokenCommand({ ClientId: cid, Token: t.RefreshToken })), 'UnsupportedOperationException');
    });

    it('an unknown refresh token is accepted without effect (RFC 7009 §2.2)', async () => {
      const t = await tokensFor(s, clientId, 'revoker');
      await s.client.send(new RevokeTokenCommand({ ClientId: clientId, Token: t.RefreshToken.slice(0, -4) + 'AAAA' }));
    });

    it('GlobalSignOut needs a valid access token: NotAuthorizedException "Invalid Access Token"', async () => {
      await rejectsWith(s.client.send(new GlobalSignOutCommand({ AccessToken: 'eyJraWQiOiJ4In0.e30.c2ln' })), 'NotAuthorizedException', 'Invalid Access Token');
    });
  });
});
