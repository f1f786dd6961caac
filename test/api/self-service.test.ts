import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { issueTokens } from '../../src/domain/tokens/tokens.js';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { attrs, attrsOf, createClient, createConfirmedUser, createPool, HOUR, lastCode, lastMessage, otherCode, outbox, PASSWORD, signIn } from '../helpers/fixtures.js';

describe('self-service attribute operations (access token) through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  /** A pool with email auto-verification, a client and a signed-in user. */
  async function setup(pool: Parameters<typeof createPool>[1] = {}, user: Record<string, string> = { email: 'una@example.com', email_verified: 'true' }) {
    const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'], ...pool });
    const { clientId } = await createClient(s, poolId);
    await createConfirmedUser(s, poolId, 'una', user);
    const token = await signIn(s, poolId, clientId, 'una');
    return { poolId, clientId, token };
  }
  const getUser = (token: string) => s.client.send(new GetUserCommand({ AccessToken: token }));

  describe('GetUser', () => {
    it('returns the user name and attributes, without MFA members when MFA was never configured', async () => {
      const { token } = await setup({}, { email: 'una@example.com', email_verified: 'true', given_name: 'Una' });
      const r = await getUser(token);
      assert.equal(r.Username, 'una');
      const a = attrsOf(r.UserAttributes);
      assert.equal(a.email, 'una@example.com');
      assert.equal(a.email_verified, 'true');
      assert.equal(a.given_name, 'Una');
      assert.match(a.sub!, /^[0-9a-f-]{36}$/);
      assert.equal(r.UserMFASettingList, undefined);
      assert.equal(r.PreferredMfaSetting, undefined);
    });

    it('shows only what the app client may read (sub always)', async () => {
      const { poolId } = await setup({}, { email: 'una@example.com', given_name: 'Una', family_name: 'U' });
      const { clientId } = await createClient(s, poolId, { ReadAttributes: ['given_name'] });
      const r = await getUser(await signIn(s, poolId, clientId, 'una'));
      assert.deepEqual(Object.keys(attrsOf(r.UserAttributes)).sort(), ['given_name', 'sub']);
    });

    it('refuses bad, expired and unconfirmed-user tokens with Cognito\'s errors', async () => {
      const { poolId, clientId, token } = await setup();
      await rejectsWith(getUser('not.a.token'), 'NotAuthorizedException', 'Invalid Access Token');
      s.clock.advance(HOUR + 1000);
      await rejectsWith(getUser(token), 'NotAuthorizedException', 'Access Token has expired');

      // SignUp users cannot sign in before confirming; mint a token in-process to prove the operation refuses them.
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'unconfirmed', Password: PASSWORD }));
      const pool = (await s.store.pools.get(poolId))!;
      const client = (await s.store.clients.get(poolId, clientId))!;
      const user = (await s.store.users.get(poolId, 'unconfirmed'))!;
      const minted = await issueTokens(s.deps, s.keys, { pool, client, user });
      await rejectsWith(getUser(minted.AccessToken), 'UserNotConfirmedException', 'User is not confirmed.');
    });

    it('refuses users whose password an administrator reset', async () => {
      const { poolId, token } = await setup();
      await s.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'una' }));
      await rejectsWith(getUser(token), 'PasswordResetRequiredException', 'Password reset required for the user');
    });

    it('answers UserNotFoundException for a deleted user whose token cannot be revoked (revocation off)', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId, { EnableTokenRevocation: false });
      await createConfirmedUser(s, poolId, 'vic');
      const token = await signIn(s, poolId, clientId, 'vic');
      await s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'vic' }));
      await rejectsWith(getUser(token), 'UserNotFoundException', 'User does not exist.');
    });

    it('every token-authorized user operation refuses an invalid token', async () => {
      const AccessToken = 'eyJhbGciOiJub25lIn0.e30.x';
      const ops = [
        new GetUserCommand({ AccessToken }),
        new UpdateUserAttributesCommand({ AccessToken, UserAttributes: attrs({ name: 'x' }) }),
        new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['name'] }),
        new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
        new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: '123456' }),
        new DeleteUserCommand({ AccessToken }),
      ];
      for (const op of ops) await rejectsWith(s.client.send(op as never), 'NotAuthorizedException', 'Invalid Access Token');
    });
  });

  describe('UpdateUserAttributes and VerifyUserAttribute', () => {
    it('a new email is unverified, gets a code (CodeDeliveryDetailsList) and is verified with it once', async () => {
      const { poolId, token } = await setup();
      const r = await s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ email: 'una.new@example.org', nickname: 'u' }) }));
      assert.deepEqual(r.CodeDeliveryDetailsList, [{ Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
      let a = attrsOf((await getUser(token)).UserAttributes);
      assert.equal(a.email, 'una.new@example.org');
      assert.equal(a.email_verified, 'false');
      assert.equal(a.nickname, 'u');

      const m = await lastMessage(s, poolId, 'una', 'verify:email');
      assert.equal(m.destination, 'una.new@example.org');
      const row = await s.store.codes.get(poolId, 'una', 'verify:email');
      assert.ok(row && !row.codeHash.includes(m.code!), 'only a hash of the code is stored');

      await rejectsWith(
        s.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: otherCode(m.code!) })),
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      );
      await s.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: m.code! }));
      a = attrsOf((await getUser(token)).UserAttributes);
      assert.equal(a.email_verified, 'true');
      await rejectsWith(
        s.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: m.code! })),
        'ExpiredCodeException',
        'Invalid code provided, please request a code again.',
      );
    });

    it('a new phone number gets an SMS code when the phone is auto-verified; other attributes get none', async () => {
      const { poolId, token } = await setup({ AutoVerifiedAttributes: ['phone_number'] });
      const r = await s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ phone_number: '+15555550123', name: 'Una' }) }));
      assert.deepEqual(r.CodeDeliveryDetailsList, [{ Destination: '+*******0123', DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
      const m = await lastMessage(s, poolId, 'una');
      assert.equal(m.channel, 'SMS');
      assert.equal(m.purpose, 'verify:phone_number');
      const plain = await s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ name: 'Una U' }) }));
      assert.equal(plain.CodeDeliveryDetailsList, undefined);
      assert.equal((await outbox(s, poolId, 'una')).length, 1);
    });

    it('with AttributesRequireVerificationBeforeUpdate the old verified email stays until the new one is verified', async () => {
      const { poolId, clientId, token } = await setup({
        AliasAttributes: ['email'],
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      });
      await s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ email: 'una2@example.com' }) }));
      let a = attrsOf((await getUser(token)).UserAttributes);
      assert.equal(a.email, 'una@example.com');
      assert.equal(a.email_verified, 'true');
      assert.ok(await signIn(s, poolId, clientId, 'una@example.com'), 'the old address still signs in');
      const code = await lastCode(s, poolId, 'una', 'verify:email');
      assert.equal((await lastMessage(s, poolId, 'una')).destination, 'una2@example.com');
      await s.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code }));
      a = attrsOf((await getUser(token)).UserAttributes);
      assert.equal(a.email, 'una2@example.com');
      assert.equal(a.email_verified, 'true');
      assert.ok(await signIn(s, poolId, clientId, 'una2@example.com'));
      await rejectsWith(signIn(s, poolId, clientId, 'una@example.com'), 'UserNotFoundException');
    });

    it('refuses *_verified flags, attributes the client may not write, unknown and immutable attributes', async () => {
      const { poolId, token } = await setup({ Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: false }] });
      await rejectsWith(
        s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ email_verified: 'true' }) })),
        'NotAuthorizedException',
        'A client attempted to write unauthorized attribute',
      );
      await rejectsWith(
        s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ update_email: 'x@example.com' }) })),
        'InvalidParameterException',
        'user.update_email: Attribute does not exist in the schema.\n',
      );
      await rejectsWith(
        s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ 'custom:tenant': 'x' }) })),
        'InvalidParameterException',
        'user.custom:tenant: Attribute cannot be updated.\n',
      );
      await rejectsWith(
        s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ email: 'bad address' }) })),
        'InvalidParameterException',
        'Invalid email address format.',
      );
      const { clientId } = await createClient(s, poolId, { WriteAttributes: ['nickname'] });
      const limited = await signIn(s, poolId, clientId, 'una');
      await rejectsWith(
        s.client.send(new UpdateUserAttributesCommand({ AccessToken: limited, UserAttributes: attrs({ name: 'x' }) })),
        'NotAuthorizedException',
        'A client attempted to write unauthorized attribute',
      );
      await s.client.send(new UpdateUserAttributesCommand({ AccessToken: limited, UserAttributes: attrs({ nickname: 'n' }) }));
      assert.equal(attrsOf((await getUser(limited)).UserAttributes).nickname, 'n');
    });

    it('verifying an email another user holds as an alias is AliasExistsException', async () => {
      const { poolId, clientId, token } = await setup({ AliasAttributes: ['email'] });
      await createConfirmedUser(s, poolId, 'walt', { email: 'walt@example.com', email_verified: 'true' });
      await s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ email: 'walt@example.com' }) }));
      const code = await lastCode(s, poolId, 'una', 'verify:email');
      await rejectsWith(
        s.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code })),
        'AliasExistsException',
        'An account with the given email already exists.',
      );
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'walt@example.com' }))).Username, 'walt');
      assert.ok(clientId);
    });

    it('email sign-in pools: changing to another user\'s email is AliasExistsException and changes nothing', async () => {
      const poolId = await createPool(s, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId);
      await createConfirmedUser(s, poolId, 'xena@example.com');
      await createConfirmedUser(s, poolId, 'yuri@example.com');
      const token = await signIn(s, poolId, clientId, 'yuri@example.com');
      await rejectsWith(
        s.client.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: attrs({ email: 'XENA@example.com' }) })),
        'AliasExistsException',
        'An account with the given email already exists.',
      );
      assert.equal(attrsOf((await getUser(token)).UserAttributes).email, 'yuri@example.com');
    });

    it('a wrong code five times kills it (LimitExceededException)', async () => {
      const { poolId, token } = await setup();
      await s.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
      const code = await lastCode(s, poolId, 'una', 'verify:email');
      for (let i = 0; i < 5; i++) {
        await rejectsWith(s.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: otherCode(code) })), 'CodeMismatchException');
      }
      await rejectsWith(
        s.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code })),
        'LimitExceededException',
        'Attempt limit exceeded, please try after some time.',
      );
    });

    it('attribute codes expire after 24 hours', async () => {
      const { poolId, clientId, token } = await setup();
      await s.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
      const code = await lastCode(s, poolId, 'una', 'verify:email');
      s.clock.advance(24 * HOUR + 1000);
      const fresh = await signIn(s, poolId, clientId, 'una');
      await rejectsWith(
        s.client.send(new VerifyUserAttributeCommand({ AccessToken: fresh, AttributeName: 'email', Code: code })),
        'ExpiredCodeException',
        'Invalid code provided, please request a code again.',
      );
    });
  });

  describe('GetUserAttributeVerificationCode', () => {
    it('sends a code to the email and returns masked delivery details', async () => {
      const { poolId, token } = await setup({}, { email: 'una@example.com' });
      const r = await s.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
      assert.deepEqual(r.CodeDeliveryDetails, { Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      const code = await lastCode(s, poolId, 'una', 'verify:email');
      await s.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: code }));
      assert.equal(attrsOf((await getUser(token)).UserAttributes).email_verified, 'true');
    });

    it('refuses attributes that cannot be verified or that the user does not have', async () => {
      const { token } = await setup();
      await rejectsWith(s.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'name' })), 'InvalidParameterException');
      await rejectsWith(s.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'phone_number' })), 'InvalidParameterException');
      await rejectsWith(s.client.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'name', Code: '123456' })), 'InvalidParameterException');
    });
  });

  describe('DeleteUserAttributes', () => {
    it('removes attributes, refusing required, immutable and unknown ones', async () => {
      const { token } = await setup(
        { Schema: [{ Name: 'given_name', Required: true, AttributeDataType: 'String', Mutable: true }] },
        { email: 'una@example.com', email_verified: 'true', given_name: 'Una', nickname: 'u' },
      );
      await s.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['nickname', 'email'] }));
      const a = attrsOf((await getUser(token)).UserAttributes);
      assert.equal(a.nickname, undefined);
      assert.equal(a.email, undefined);
      assert.equal(a.email_verified, undefined);
      assert.equal(a.given_name, 'Una');
      await rejectsWith(
        s.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['given_name'] })),
        'InvalidParameterException',
        'user.given_name: Required attribute cannot be deleted.\n',
      );
      await rejectsWith(
        s.client.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['custom:none'] })),
        'InvalidParameterException',
        'user.custom:none: Attribute does not exist in the schema.\n',
      );
    });
  });

  describe('DeleteUser', () => {
    it('deletes the signed-in user and revokes every token issued to them', async () => {
      const { poolId, clientId, token } = await setup();
      const other = await signIn(s, poolId, clientId, 'una');
      await s.client.send(new DeleteUserCommand({ AccessToken: token }));
      await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'una' })), 'UserNotFoundException', 'User does not exist.');
      await rejectsWith(getUser(token), 'NotAuthorizedException', 'Access Token has been revoked');
      await rejectsWith(getUser(other), 'NotAuthorizedException', 'Access Token has been revoked');
      await rejectsWith(s.client.send(new DeleteUserCommand({ AccessToken: token })), 'NotAuthorizedException', 'Access Token has been revoked');
      await rejectsWith(signIn(s, poolId, clientId, 'una'), 'UserNotFoundException');
    });
  });
});
