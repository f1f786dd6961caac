import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  GetUserCommand,
  ListUsersCommand,
  SignUpCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { attrs, attrsOf, createClient, createConfirmedUser, createPool, lastMessage, outbox, PASSWORD, signIn } from '../helpers/fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('admin user operations through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  describe('AdminCreateUser', () => {
    it('creates a FORCE_CHANGE_PASSWORD user and emails the invitation with the temporary password', async () => {
      const poolId = await createPool(s);
      const { User } = await s.client.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'alice',
          TemporaryPassword: 'Temp0rary!pw',
          UserAttributes: attrs({ email: 'alice@example.com', email_verified: 'true', name: 'Alice' }),
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      assert.equal(User!.Username, 'alice');
      assert.equal(User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.equal(User!.Enabled, true);
      assert.ok(User!.UserCreateDate instanceof Date && User!.UserLastModifiedDate instanceof Date);
      const a = attrsOf(User!.Attributes);
      assert.match(a.sub!, UUID);
      assert.equal(a.email, 'alice@example.com');
      assert.equal(a.email_verified, 'true');
      assert.equal(User!.Attributes![0]!.Name, 'sub');

      const [invite, ...rest] = await outbox(s, poolId, 'alice');
      assert.equal(rest.length, 0);
      assert.equal(invite!.channel, 'EMAIL');
      assert.equal(invite!.destination, 'alice@example.com');
      assert.equal(invite!.purpose, 'invitation');
      assert.equal(invite!.subject, 'Your temporary password');
      assert.equal(invite!.body, 'Your username is alice and temporary password is Temp0rary!pw.');
      assert.equal(invite!.code, undefined, 'the password appears only in the message body');
    });

    it('uses the pool invitation template, and SMS by default when the user has a phone number', async () => {
      const poolId = await createPool(s, {
        AdminCreateUserConfig: { InviteMessageTemplate: { EmailMessage: 'Hi {username}, use {####} to sign in', EmailSubject: 'Welcome' } },
      });
      await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'bob', TemporaryPassword: 'Temp0rary!pw', UserAttributes: attrs({ phone_number: '+15555550100', email: 'bob@example.com' }) }),
      );
      const [sms, ...others] = await outbox(s, poolId, 'bob');
      assert.equal(others.length, 0, 'without DesiredDeliveryMediums only the SMS goes out');
      assert.equal(sms!.channel, 'SMS');
      assert.equal(sms!.destination, '+15555550100');
      assert.equal(sms!.body, 'Your username is bob and temporary password is Temp0rary!pw.');

      await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'bea', TemporaryPassword: 'Temp0rary!pw', UserAttributes: attrs({ email: 'bea@example.com' }), DesiredDeliveryMediums: ['EMAIL'] }),
      );
      const email = await lastMessage(s, poolId, 'bea');
      assert.equal(email.subject, 'Welcome');
      assert.equal(email.body, 'Hi bea, use Temp0rary!pw to sign in');
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'bo', UserAttributes: attrs({ email: 'bo@example.com' }), DesiredDeliveryMediums: ['EMAIL', 'SMS'] })),
        'InvalidParameterException',
        'No phone_number provided but desired delivery medium was SMS',
      );
    });

    it('generates a temporary password that satisfies the policy and signs in to NEW_PASSWORD_REQUIRED', async () => {
      const poolId = await createPool(s, { Policies: { PasswordPolicy: { MinimumLength: 16 } } });
      const { clientId } = await createClient(s, poolId);
      await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'gen', UserAttributes: attrs({ email: 'gen@example.com' }), DesiredDeliveryMediums: ['EMAIL'] }),
      );
      const body = (await lastMessage(s, poolId, 'gen', 'invitation')).body;
      const password = /temporary password is (.+)\.$/.exec(body)![1]!;
      assert.ok(password.length >= 16);
      for (const re of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) assert.match(password, re);
      const r = await s.client.send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'gen', PASSWORD: password } }),
      );
      assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    });

    it('SUPPRESS sends nothing; RESEND sends a new temporary password to a FORCE_CHANGE_PASSWORD user only', async () => {
      const poolId = await createPool(s);
      await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'quiet', MessageAction: 'SUPPRESS', UserAttributes: attrs({ email: 'q@example.com' }), DesiredDeliveryMediums: ['EMAIL'] }),
      );
      assert.equal((await outbox(s, poolId, 'quiet')).length, 0);

      const { User } = await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'quiet', MessageAction: 'RESEND', TemporaryPassword: 'Resent0!pass', DesiredDeliveryMediums: ['EMAIL'] }),
      );
      assert.equal(User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
      const m = await lastMessage(s, poolId, 'quiet', 'invitation');
      assert.match(m.body, /Resent0!pass/);

      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'nobody', MessageAction: 'RESEND' })),
        'UserNotFoundException',
        'User does not exist.',
      );
      await createConfirmedUser(s, poolId, 'done');
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'done', MessageAction: 'RESEND' })),
        'UnsupportedUserStateException',
      );
    });

    it('refuses a taken user name, case-insensitively by default', async () => {
      const poolId = await createPool(s);
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'Carol', MessageAction: 'SUPPRESS' }));
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'carol', MessageAction: 'SUPPRESS' })),
        'UsernameExistsException',
        'User account already exists',
      );
      const { UserAttributes, Username } = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'CAROL' }));
      assert.equal(Username, 'Carol');
      assert.ok(UserAttributes!.length > 0);
    });

    it('case-sensitive pools keep differently cased names apart', async () => {
      const poolId = await createPool(s, { UsernameConfiguration: { CaseSensitive: true } });
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'Dave', MessageAction: 'SUPPRESS' }));
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dave', MessageAction: 'SUPPRESS' }));
      await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'DAVE' })), 'UserNotFoundException', 'User does not exist.');
    });

    it('checks the temporary password against the policy, with AdminCreateUser\'s own text ("… with password policy: …")', async () => {
      // Issue 15 fidelity bug 6: AdminCreateUser words it differently from the other operations (data-dot-all/dataall#690).
      const poolId = await createPool(s);
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'weak', TemporaryPassword: 'short' })),
        'InvalidPasswordException',
        'Password did not conform with password policy: Password not long enough',
      );
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'weak', TemporaryPassword: 'longenough1!' })),
        'InvalidPasswordException',
        'Password did not conform with password policy: Password must have uppercase characters',
      );
    });

    it('validates attributes against the schema with Cognito\'s messages', async () => {
      const poolId = await createPool(s, { Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: { MaxLength: '5' } }] });
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'x', UserAttributes: attrs({ favourite: 'blue' }) })),
        'InvalidParameterException',
        'Attributes did not conform to the schema: favourite: Attribute does not exist in the schema.\n',
      );
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'x', UserAttributes: attrs({ sub: '3f1b2c4d-0000-4000-8000-000000000000' }) })),
        'InvalidParameterException',
        /^Attributes did not conform to the schema: sub: /,
      );
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'x', UserAttributes: attrs({ 'custom:tenant': 'toolong' }) })),
        'InvalidParameterException',
        'Attributes did not conform to the schema: custom:tenant: String must be no longer than 5 characters\n',
      );
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'x', UserAttributes: attrs({ email: 'not-an-email' }) })),
        'InvalidParameterException',
        'Invalid email address format.',
      );
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'x', UserAttributes: attrs({ phone_number: '555-0100' }) })),
        'InvalidParameterException',
        'Invalid phone number format.',
      );
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'x', UserAttributes: attrs({ email_verified: 'true' }) })),
        'InvalidParameterException',
        'Email is required to verify/un-verify an email',
      );
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'x', DesiredDeliveryMediums: ['EMAIL'] })),
        'InvalidParameterException',
        'No email provided but desired delivery medium was Email',
      );
      // Immutable custom attributes can be given at creation.
      const { User } = await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ok', MessageAction: 'SUPPRESS', UserAttributes: attrs({ 'custom:tenant': 'acme' }) }),
      );
      assert.equal(attrsOf(User!.Attributes)['custom:tenant'], 'acme');
    });

    it('does not require the pool\'s required attributes (the user supplies them at the first sign-in)', async () => {
      const poolId = await createPool(s, { Schema: [{ Name: 'given_name', Required: true, AttributeDataType: 'String', Mutable: true }] });
      const { User } = await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'noname', MessageAction: 'SUPPRESS' }));
      assert.equal(User!.Username, 'noname');
    });

    it('email sign-in pools: the user name is the sub, the email finds the user, a taken email is refused', async () => {
      const poolId = await createPool(s, { UsernameAttributes: ['email'] });
      const { User } = await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'Erin@Example.com', MessageAction: 'SUPPRESS' }),
      );
      const a = attrsOf(User!.Attributes);
      assert.equal(User!.Username, a.sub);
      assert.match(User!.Username!, UUID);
      assert.equal(a.email, 'Erin@Example.com');
      const byEmail = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin@example.com' }));
      assert.equal(byEmail.Username, User!.Username);
      const bySub = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: a.sub }));
      assert.equal(bySub.Username, User!.Username);
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'erin@example.com', MessageAction: 'SUPPRESS' })),
        'UsernameExistsException',
        'An account with the given email already exists.',
      );
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'not-an-email', MessageAction: 'SUPPRESS' })),
        'InvalidParameterException',
        'Username should be an email.',
      );
      // The invitation names the address the user signs in with, not the internal user name.
      const { User: frank } = await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'frank@example.com', TemporaryPassword: 'Temp0rary!pw', DesiredDeliveryMediums: ['EMAIL'] }),
      );
      const invite = await lastMessage(s, poolId, frank!.Username!, 'invitation');
      assert.equal(invite.body, 'Your username is frank@example.com and temporary password is Temp0rary!pw.');
    });

    // Cognito answers UsernameExistsException with the alias's message (boto/boto3#3213); AdminCreateUser models no AliasExistsException.
    it('alias pools: a verified email taken by another user is UsernameExistsException unless ForceAliasCreation moves it', async () => {
      const poolId = await createPool(s, { AliasAttributes: ['email'] });
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'f@example.com', MessageAction: 'SUPPRESS' })),
        'InvalidParameterException',
        'Username cannot be of email format, since user pool is configured for email alias.',
      );
      const verified = attrs({ email: 'shared@example.com', email_verified: 'true' });
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'first', MessageAction: 'SUPPRESS', UserAttributes: verified }));
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'second', MessageAction: 'SUPPRESS', UserAttributes: verified })),
        'UsernameExistsException',
        'An account with the given email already exists.',
      );
      await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'second', MessageAction: 'SUPPRESS', UserAttributes: verified, ForceAliasCreation: true }),
      );
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'shared@example.com' }))).Username, 'second');
      const first = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'first' }));
      assert.equal(attrsOf(first.UserAttributes).email_verified, 'false');
    });
  });

  describe('AdminGetUser, AdminDeleteUser, AdminDisableUser, AdminEnableUser', () => {
    it('gets a user with its dates, status and no MFA members when MFA was never configured', async () => {
      const poolId = await createPool(s);
      await createConfirmedUser(s, poolId, 'gina', { email: 'gina@example.com' });
      const r = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gina' }));
      assert.equal(r.Username, 'gina');
      assert.equal(r.UserStatus, 'CONFIRMED');
      assert.equal(r.Enabled, true);
      assert.ok(r.UserCreateDate instanceof Date);
      assert.equal(attrsOf(r.UserAttributes).email, 'gina@example.com');
      assert.equal(r.UserMFASettingList, undefined);
      assert.equal(r.PreferredMfaSetting, undefined);
      assert.equal(r.MFAOptions, undefined);
    });

    it('deletes a user: it is gone and its tokens stop working', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      await createConfirmedUser(s, poolId, 'hank');
      const token = await signIn(s, poolId, clientId, 'hank');
      await s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'HANK' }));
      await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'hank' })), 'UserNotFoundException', 'User does not exist.');
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: token })), 'NotAuthorizedException', 'Access Token has been revoked');
      await rejectsWith(s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'hank' })), 'UserNotFoundException', 'User does not exist.');
    });

    it('disables (revoking tokens, refusing sign-in) and enables a user', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      await createConfirmedUser(s, poolId, 'ivy');
      const token = await signIn(s, poolId, clientId, 'ivy');
      await s.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'ivy' }));
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' }))).Enabled, false);
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: token })), 'NotAuthorizedException');
      await rejectsWith(signIn(s, poolId, clientId, 'ivy'), 'NotAuthorizedException', 'User is disabled.');
      const listed = await s.client.send(new ListUsersCommand({ UserPoolId: poolId }));
      assert.equal(listed.Users!.find((u) => u.Username === 'ivy')!.Enabled, false);

      await s.client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'ivy' }));
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' }))).Enabled, true);
      assert.ok(await signIn(s, poolId, clientId, 'ivy'));
    });

    it('answers UserNotFoundException and ResourceNotFoundException on every admin user operation', async () => {
      const poolId = await createPool(s);
      const missingPool = 'us-east-1_missing00';
      const ops = (UserPoolId: string) => [
        new AdminGetUserCommand({ UserPoolId, Username: 'ghost' }),
        new AdminDeleteUserCommand({ UserPoolId, Username: 'ghost' }),
        new AdminDisableUserCommand({ UserPoolId, Username: 'ghost' }),
        new AdminEnableUserCommand({ UserPoolId, Username: 'ghost' }),
        new AdminSetUserPasswordCommand({ UserPoolId, Username: 'ghost', Password: PASSWORD, Permanent: true }),
        new AdminUpdateUserAttributesCommand({ UserPoolId, Username: 'ghost', UserAttributes: attrs({ name: 'x' }) }),
        new AdminDeleteUserAttributesCommand({ UserPoolId, Username: 'ghost', UserAttributeNames: ['name'] }),
        new AdminConfirmSignUpCommand({ UserPoolId, Username: 'ghost' }),
      ];
      for (const op of ops(poolId)) await rejectsWith(s.client.send(op as never), 'UserNotFoundException', 'User does not exist.');
      for (const op of [...ops(missingPool), new AdminCreateUserCommand({ UserPoolId: missingPool, Username: 'x' }), new ListUsersCommand({ UserPoolId: missingPool })]) {
        await rejectsWith(s.client.send(op as never), 'ResourceNotFoundException', `User pool ${missingPool} does not exist.`);
      }
    });
  });

  describe('AdminSetUserPassword', () => {
    it('Permanent → CONFIRMED and the password signs in; not permanent → FORCE_CHANGE_PASSWORD', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'jack', MessageAction: 'SUPPRESS' }));
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'jack', Password: 'N3w-password!', Permanent: true }));
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'jack' }))).UserStatus, 'CONFIRMED');
      assert.ok(await signIn(s, poolId, clientId, 'jack', 'N3w-password!'));

      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'jack', Password: 'Temp-passw0rd!', Permanent: false }));
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'jack' }))).UserStatus, 'FORCE_CHANGE_PASSWORD');
      const r = await s.client.send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jack', PASSWORD: 'Temp-passw0rd!' } }),
      );
      assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    });

    it('applies the policy with Cognito\'s texts', async () => {
      const poolId = await createPool(s);
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'kim', MessageAction: 'SUPPRESS' }));
      const cases: Array<[string, string]> = [
        ['Sh0rt!', 'Password not long enough'],
        ['NOLOWERCASE1!', 'Password must have lowercase characters'],
        ['nouppercase1!', 'Password must have uppercase characters'],
        ['NoNumbers!!', 'Password must have numeric characters'],
        ['NoSymbols123', 'Password must have symbol characters'],
      ];
      for (const [password, why] of cases) {
        await rejectsWith(
          s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'kim', Password: password, Permanent: true })),
          'InvalidPasswordException',
          `Password did not conform with policy: ${why}`,
        );
      }
    });

    it('refuses a recently used password when the pool keeps a password history', async () => {
      const poolId = await createPool(s, { Policies: { PasswordPolicy: { MinimumLength: 8, PasswordHistorySize: 2 } } });
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'lee', MessageAction: 'SUPPRESS', TemporaryPassword: 'First-pass1' }));
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'lee', Password: 'Second-pass1', Permanent: true }));
      await rejectsWith(
        s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'lee', Password: 'First-pass1', Permanent: true })),
        'PasswordHistoryPolicyViolationException',
      );
      await rejectsWith(
        s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'lee', Password: 'Second-pass1', Permanent: true })),
        'PasswordHistoryPolicyViolationException',
      );
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'lee', Password: 'Third-pass1', Permanent: true }));
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'lee', Password: 'Fourth-pass1', Permanent: true }));
      // Older than the last two: allowed again.
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'lee', Password: 'First-pass1', Permanent: true }));
    });
  });

  describe('AdminUpdateUserAttributes and AdminDeleteUserAttributes', () => {
    it('a new email becomes unverified and gets a code when the pool auto-verifies email', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      await createConfirmedUser(s, poolId, 'mia', { email: 'mia@example.com', email_verified: 'true' });
      await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'mia', UserAttributes: attrs({ email: 'mia2@example.com', name: 'Mia' }) }));
      const a = attrsOf((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mia' }))).UserAttributes);
      assert.equal(a.email, 'mia2@example.com');
      assert.equal(a.email_verified, 'false');
      assert.equal(a.name, 'Mia');
      const m = await lastMessage(s, poolId, 'mia', 'verify:email');
      assert.equal(m.destination, 'mia2@example.com');
      assert.match(m.code!, /^\d{6}$/);
      assert.equal(m.body, `Your verification code is ${m.code}.`);
    });

    it('an administrator may set the verified flag together with the value (no code then)', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      await createConfirmedUser(s, poolId, 'ned');
      await s.client.send(
        new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'ned', UserAttributes: attrs({ email: 'ned@example.com', email_verified: 'True' }) }),
      );
      const a = attrsOf((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ned' }))).UserAttributes);
      assert.equal(a.email_verified, 'true');
      assert.equal((await outbox(s, poolId, 'ned')).length, 0);
    });

    it('refuses unknown, immutable and sub attributes with the per-attribute message', async () => {
      const poolId = await createPool(s, { Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: false }] });
      await createConfirmedUser(s, poolId, 'olga', { 'custom:tenant': 'acme' });
      await rejectsWith(
        s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'olga', UserAttributes: attrs({ nickname: 'o', 'custom:nope': 'x' }) })),
        'InvalidParameterException',
        'user.custom:nope: Attribute does not exist in the schema.\n',
      );
      await rejectsWith(
        s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'olga', UserAttributes: attrs({ 'custom:tenant': 'other' }) })),
        'InvalidParameterException',
        'user.custom:tenant: Attribute cannot be updated.\n',
      );
      await rejectsWith(
        s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'olga', UserAttributes: attrs({ sub: '00000000-0000-4000-8000-000000000000' }) })),
        'InvalidParameterException',
        'user.sub: Attribute cannot be updated.\n',
      );
      await rejectsWith(
        s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'olga', UserAttributes: attrs({ phone_number: '12345' }) })),
        'InvalidParameterException',
        'Invalid phone number format.',
      );
      const a = attrsOf((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'olga' }))).UserAttributes);
      assert.equal(a.nickname, undefined, 'a refused request changes nothing');
      assert.equal(a['custom:tenant'], 'acme');
    });

    it('a verified email that is another user\'s alias is AliasExistsException', async () => {
      const poolId = await createPool(s, { AliasAttributes: ['email'] });
      await createConfirmedUser(s, poolId, 'pam', { email: 'pam@example.com', email_verified: 'true' });
      await createConfirmedUser(s, poolId, 'quinn');
      await rejectsWith(
        s.client.send(
          new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'quinn', UserAttributes: attrs({ email: 'PAM@example.com', email_verified: 'true' }) }),
        ),
        'AliasExistsException',
        'An account with the given email already exists.',
      );
    });

    it('deletes attributes (email with its flag and alias), refusing required, immutable and unknown ones', async () => {
      const poolId = await createPool(s, { AliasAttributes: ['email'], Schema: [{ Name: 'given_name', Required: true, AttributeDataType: 'String', Mutable: true }] });
      await createConfirmedUser(s, poolId, 'rob', { email: 'rob@example.com', email_verified: 'true', given_name: 'Rob', nickname: 'r' });
      await s.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'rob', UserAttributeNames: ['email', 'nickname'] }));
      const a = attrsOf((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'rob' }))).UserAttributes);
      assert.equal(a.email, undefined);
      assert.equal(a.email_verified, undefined);
      assert.equal(a.nickname, undefined);
      await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'rob@example.com' })), 'UserNotFoundException');
      await rejectsWith(
        s.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'rob', UserAttributeNames: ['given_name'] })),
        'InvalidParameterException',
        'user.given_name: Required attribute cannot be deleted.\n',
      );
      await rejectsWith(
        s.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'rob', UserAttributeNames: ['sub'] })),
        'InvalidParameterException',
        'user.sub: Attribute cannot be updated.\n',
      );
      await rejectsWith(
        s.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'rob', UserAttributeNames: ['custom:none'] })),
        'InvalidParameterException',
        'user.custom:none: Attribute does not exist in the schema.\n',
      );
    });
  });

  describe('AdminConfirmSignUp', () => {
    it('confirms an UNCONFIRMED user without verifying the email; a confirmed user cannot be confirmed again', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId);
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'sam', Password: PASSWORD, UserAttributes: attrs({ email: 'sam@example.com' }) }));
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }))).UserStatus, 'UNCONFIRMED');
      await s.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'sam' }));
      const r = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }));
      assert.equal(r.UserStatus, 'CONFIRMED');
      assert.equal(attrsOf(r.UserAttributes).email_verified, undefined);
      assert.equal(await s.store.codes.get(poolId, 'sam', 'signup'), undefined, 'the sign-up code is dropped');
      assert.ok(await signIn(s, poolId, clientId, 'sam'));
      await rejectsWith(
        s.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'sam' })),
        'NotAuthorizedException',
        'User cannot be confirmed. Current status is CONFIRMED',
      );
    });
  });

  describe('ListUsers', () => {
    let poolId: string;
    before(async () => {
      poolId = await createPool(s);
      const people: Array<[string, Record<string, string>]> = [
        ['amy', { email: 'amy@example.com', given_name: 'Amy', family_name: 'Adams' }],
        ['andy', { email: 'andy@example.org', given_name: 'Andy', family_name: 'Adams', phone_number: '+15555550101' }],
        ['bea', { email: 'bea@example.com', given_name: 'Bea', name: 'Bea "B" Bee', preferred_username: 'bee' }],
        ['Cy', { email: 'cy@example.com', family_name: 'Cyan' }],
        ['dot', { email: 'dot@example.com' }],
      ];
      for (const [u, a] of people) await createConfirmedUser(s, poolId, u, a);
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'eve', MessageAction: 'SUPPRESS' }));
      await s.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dot' }));
    });

    const names = (users: UserType[] | undefined) => (users ?? []).map((u) => u.Username).sort();
    const list = (Filter?: string, extra: object = {}) => s.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter, ...extra }));

    it('lists everyone with UserType members', async () => {
      const r = await list();
      assert.deepEqual(names(r.Users), ['Cy', 'amy', 'andy', 'bea', 'dot', 'eve']);
      const amy = r.Users!.find((u) => u.Username === 'amy')!;
      assert.equal(amy.UserStatus, 'CONFIRMED');
      assert.equal(amy.Enabled, true);
      assert.ok(amy.UserCreateDate instanceof Date && amy.UserLastModifiedDate instanceof Date);
      assert.equal(attrsOf(amy.Attributes).given_name, 'Amy');
      assert.equal(r.PaginationToken, undefined);
    });

    it('filters by exact and prefix match on the searchable attributes', async () => {
      assert.deepEqual(names((await list('email = "bea@example.com"')).Users), ['bea']);
      assert.deepEqual(names((await list('email ^= "a"')).Users), ['amy', 'andy']);
      assert.deepEqual(names((await list('family_name = "Adams"')).Users), ['amy', 'andy']);
      assert.deepEqual(names((await list('given_name ^= "B"')).Users), ['bea']);
      assert.deepEqual(names((await list('phone_number = "+15555550101"')).Users), ['andy']);
      assert.deepEqual(names((await list('preferred_username = "bee"')).Users), ['bea']);
      assert.deepEqual(names((await list('name = "Bea \\"B\\" Bee"')).Users), ['bea']);
      assert.deepEqual(names((await list('username = "Cy"')).Users), ['Cy']);
      assert.deepEqual(names((await list('username = "cy"')).Users), [], 'username matches case-sensitively');
      assert.deepEqual(names((await list('username ^= "a"')).Users), ['amy', 'andy']);
      assert.deepEqual(names((await list('cognito:user_status = "force_change_password"')).Users), ['eve']);
      assert.deepEqual(names((await list('status = "Disabled"')).Users), ['dot']);
      assert.equal((await list('status = "Enabled"')).Users!.length, 5);
      const amy = (await list('username = "amy"')).Users![0]!;
      const sub = attrsOf(amy.Attributes).sub!;
      assert.deepEqual(names((await list(`sub = "${sub}"`)).Users), ['amy']);
      assert.deepEqual(names((await list('email = "nobody@example.com"')).Users), []);
      assert.equal((await list('')).Users!.length, 6, 'an empty filter lists everyone');
    });

    it('refuses malformed filters and attributes that cannot be searched', async () => {
      for (const bad of ['email', 'email = bea', 'email == "x"', 'email = "x" and name = "y"']) {
        await rejectsWith(list(bad), 'InvalidParameterException', 'Error while parsing filter.');
      }
      await rejectsWith(list('custom:tenant = "x"'), 'InvalidParameterException', 'Invalid search attribute: custom:tenant');
      await rejectsWith(list('nickname = "x"'), 'InvalidParameterException', 'Invalid search attribute: nickname');
    });

    it('returns only AttributesToGet', async () => {
      const r = await list('username = "andy"', { AttributesToGet: ['email', 'phone_number'] });
      assert.deepEqual(attrsOf(r.Users![0]!.Attributes), { email: 'andy@example.org', phone_number: '+15555550101' });
    });

    it('pages with Limit and PaginationToken through every user exactly once', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const r = await list(undefined, { Limit: 2, PaginationToken: token });
        assert.ok(r.Users!.length <= 2);
        seen.push(...r.Users!.map((u) => u.Username!));
        token = r.PaginationToken;
        pages++;
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual(seen.sort(), ['Cy', 'amy', 'andy', 'bea', 'dot', 'eve']);
      const filtered = await list('status = "Enabled"', { Limit: 2 });
      assert.equal(filtered.Users!.length, 2);
      assert.ok(filtered.PaginationToken);
      const rest = await list('status = "Enabled"', { Limit: 10, PaginationToken: filtered.PaginationToken });
      assert.deepEqual([...names(filtered.Users), ...names(rest.Users)].sort(), ['Cy', 'amy', 'andy', 'bea', 'eve']);
    });

    it('refuses a Limit over 60 and a foreign pagination token', async () => {
      await rejectsWith(list(undefined, { Limit: 61 }), 'InvalidParameterException', /^1 validation error detected: Value '61' at 'limit'/);
      await rejectsWith(list(undefined, { PaginationToken: 'not-a-token' }), 'InvalidParameterException', 'Invalid pagination token.');
    });
  });
});

describe('users survive a restart of the server', () => {
  it('AdminGetUser still finds the user (and its alias) after stop and start on the same data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cognate-users-'));
    try {
      const first = await startTestServer({ dataDir });
      const poolId = await createPool(first, { UsernameAttributes: ['email'] });
      const { User } = await first.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'persist@example.com', MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp0rary!pw' }),
      );
      await first.stop();

      const second = await startTestServer({ dataDir });
      try {
        const r = await second.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'persist@example.com' }));
        assert.equal(r.Username, User!.Username);
        assert.equal(r.UserStatus, 'FORCE_CHANGE_PASSWORD');
        const { clientId } = await createClient(second, poolId);
        const auth = await second.client.send(
          new AdminInitiateAuthCommand({
            UserPoolId: poolId,
            ClientId: clientId,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'persist@example.com', PASSWORD: 'Temp0rary!pw' },
          }),
        );
        assert.equal(auth.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
