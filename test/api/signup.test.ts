import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { attrs, attrsOf, createClient, createPool, HOUR, lastCode, lastMessage, otherCode, outbox, PASSWORD, secretHash, signIn } from '../helpers/fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('SignUp, ConfirmSignUp and ResendConfirmationCode through the AWS SDK v3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  const status = async (poolId: string, username: string) => (await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus;

  describe('SignUp', () => {
    it('creates an UNCONFIRMED user and emails a 6-digit code, masked in CodeDeliveryDetails', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId);
      const r = await s.client.send(
        new SignUpCommand({ ClientId: clientId, Username: 'jane', Password: PASSWORD, UserAttributes: attrs({ email: 'jane@example.com', name: 'Jane' }) }),
      );
      assert.equal(r.UserConfirmed, false);
      assert.match(r.UserSub!, UUID);
      assert.deepEqual(r.CodeDeliveryDetails, { Destination: 'j***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });

      const m = await lastMessage(s, poolId, 'jane', 'signup');
      assert.equal(m.channel, 'EMAIL');
      assert.equal(m.destination, 'jane@example.com');
      assert.match(m.code!, /^\d{6}$/);
      assert.equal(m.subject, 'Your verification code');
      assert.equal(m.body, `Your verification code is ${m.code}.`);

      const u = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'jane' }));
      assert.equal(u.UserStatus, 'UNCONFIRMED');
      const a = attrsOf(u.UserAttributes);
      assert.equal(a.sub, r.UserSub);
      assert.equal(a.name, 'Jane');
    });

    it('keeps only a keyed hash of the code in the store', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId);
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'hashme', Password: PASSWORD, UserAttributes: attrs({ email: 'h@example.com' }) }));
      const code = await lastCode(s, poolId, 'hashme', 'signup');
      const row = await s.store.codes.get(poolId, 'hashme', 'signup');
      assert.ok(row, 'a code row exists');
      assert.ok(!row.codeHash.includes(code), 'the code is not stored in plaintext');
      assert.notEqual(row.codeHash, code);
      assert.ok(row.codeHash.length >= 32);
      assert.equal(row.expiresAt - row.createdAt, 24 * HOUR);
      assert.ok(!JSON.stringify(row).includes(code));
    });

    it('texts the code when the phone is auto-verified, with Cognito\'s phone masking and the pool template', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['phone_number', 'email'], SmsVerificationMessage: 'Code: {####}' });
      const { clientId } = await createClient(s, poolId);
      const r = await s.client.send(
        new SignUpCommand({ ClientId: clientId, Username: 'phil', Password: PASSWORD, UserAttributes: attrs({ phone_number: '+917411174114', email: 'phil@example.com' }) }),
      );
      assert.deepEqual(r.CodeDeliveryDetails, { Destination: '+********4114', DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
      const m = await lastMessage(s, poolId, 'phil', 'signup');
      assert.equal(m.channel, 'SMS');
      assert.equal(m.body, `Code: ${m.code}`);
      assert.equal((await outbox(s, poolId, 'phil')).length, 1, 'one code, by SMS only');
    });

    it('uses VerificationMessageTemplate for emails', async () => {
      const poolId = await createPool(s, {
        AutoVerifiedAttributes: ['email'],
        VerificationMessageTemplate: { EmailMessage: 'Hello {username}, your code: {####}', EmailSubject: 'Confirm', DefaultEmailOption: 'CONFIRM_WITH_CODE' },
      });
      const { clientId } = await createClient(s, poolId);
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'tmpl', Password: PASSWORD, UserAttributes: attrs({ email: 'tmpl@example.com' }) }));
      const m = await lastMessage(s, poolId, 'tmpl', 'signup');
      assert.equal(m.subject, 'Confirm');
      assert.equal(m.body, `Hello tmpl, your code: ${m.code}`);
    });

    it('sends nothing and no CodeDeliveryDetails when nothing is auto-verified', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      const r = await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'silent', Password: PASSWORD, UserAttributes: attrs({ email: 's@example.com' }) }));
      assert.equal(r.UserConfirmed, false);
      assert.equal(r.CodeDeliveryDetails, undefined);
      assert.equal((await outbox(s, poolId, 'silent')).length, 0);
    });

    it('applies the password policy with Cognito\'s InvalidPasswordException texts', async () => {
      const poolId = await createPool(s, { Policies: { PasswordPolicy: { MinimumLength: 10 } } });
      const { clientId } = await createClient(s, poolId);
      const cases: Array<[string, string]> = [
        ['Sh0rt!pw', 'Password not long enough'],
        ['ALLUPPER123!', 'Password must have lowercase characters'],
        ['alllower123!', 'Password must have uppercase characters'],
        ['NoDigitsHere!', 'Password must have numeric characters'],
        ['NoSymbols1234', 'Password must have symbol characters'],
      ];
      for (const [password, why] of cases) {
        await rejectsWith(
          s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'weak', Password: password })),
          'InvalidPasswordException',
          `Password did not conform with policy: ${why}`,
        );
      }
      await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'weak' })), 'UserNotFoundException');
    });

    it('requires the pool\'s required attributes and refuses unknown ones', async () => {
      const poolId = await createPool(s, {
        Schema: [
          { Name: 'given_name', Required: true, AttributeDataType: 'String', Mutable: true },
          { Name: 'family_name', Required: true, AttributeDataType: 'String', Mutable: true },
        ],
      });
      const { clientId } = await createClient(s, poolId);
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'req', Password: PASSWORD, UserAttributes: attrs({ given_name: 'G' }) })),
        'InvalidParameterException',
        'Attributes did not conform to the schema: family_name: The attribute family_name is required',
      );
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'req', Password: PASSWORD })),
        'InvalidParameterException',
        'Attributes did not conform to the schema: given_name: The attribute given_name is required, family_name: The attribute family_name is required',
      );
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'req', Password: PASSWORD, UserAttributes: attrs({ given_name: 'G', family_name: 'F', favorite_flavor: 'x', 'custom:y': 'z' }) })),
        'InvalidParameterException',
        'Attributes did not conform to the schema: favorite_flavor: Attribute does not exist in the schema.\ncustom:y: Attribute does not exist in the schema.\n',
      );
      const ok = await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'req', Password: PASSWORD, UserAttributes: attrs({ given_name: 'G', family_name: 'F' }) }));
      assert.equal(ok.UserConfirmed, false);
    });

    it('refuses attributes the app client may not write, and the *_verified flags', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'v', Password: PASSWORD, UserAttributes: attrs({ email: 'v@example.com', email_verified: 'true' }) })),
        'NotAuthorizedException',
        'A client attempted to write unauthorized attribute',
      );
      const limited = await createClient(s, poolId, { WriteAttributes: ['email'] });
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: limited.clientId, Username: 'v', Password: PASSWORD, UserAttributes: attrs({ email: 'v@example.com', name: 'V' }) })),
        'NotAuthorizedException',
        'A client attempted to write unauthorized attribute',
      );
      await s.client.send(new SignUpCommand({ ClientId: limited.clientId, Username: 'v', Password: PASSWORD, UserAttributes: attrs({ email: 'v@example.com' }) }));
    });

    it('requires and checks SECRET_HASH for clients with a secret', async () => {
      const poolId = await createPool(s);
      const { clientId, clientSecret } = await createClient(s, poolId, { GenerateSecret: true });
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'sec', Password: PASSWORD })),
        'NotAuthorizedException',
        `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
      );
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'sec', Password: PASSWORD, SecretHash: secretHash(clientSecret!, 'other', clientId) })),
        'NotAuthorizedException',
        `Unable to verify secret hash for client ${clientId}`,
      );
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'sec', Password: PASSWORD, SecretHash: 'short' })),
        'NotAuthorizedException',
        `Unable to verify secret hash for client ${clientId}`,
      );
      const r = await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'sec', Password: PASSWORD, SecretHash: secretHash(clientSecret!, 'sec', clientId) }));
      assert.match(r.UserSub!, UUID);
    });

    it('refuses a taken user name, case-insensitively', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'Taken', Password: PASSWORD }));
      await rejectsWith(s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'taken', Password: PASSWORD })), 'UsernameExistsException', 'User already exists');
    });

    it('email sign-in pools: the Username must be an email, the user name is the sub, an email signs up once', async () => {
      const poolId = await createPool(s, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId);
      await rejectsWith(s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'plain', Password: PASSWORD })), 'InvalidParameterException', 'Username should be an email.');
      const r = await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'kate@example.com', Password: PASSWORD }));
      assert.equal(r.CodeDeliveryDetails!.Destination, 'k***@e***');
      const u = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'kate@example.com' }));
      assert.equal(u.Username, r.UserSub);
      assert.equal(attrsOf(u.UserAttributes).email, 'kate@example.com');
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'KATE@example.com', Password: PASSWORD })),
        'UsernameExistsException',
        'An account with the given email already exists.',
      );
      // Confirming by email works, and the code went to the outbox under the internal user name.
      const code = await lastCode(s, poolId, r.UserSub!, 'signup');
      await s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'kate@example.com', ConfirmationCode: code }));
      assert.equal(await status(poolId, 'kate@example.com'), 'CONFIRMED');
      assert.ok(await signIn(s, poolId, clientId, 'kate@example.com'));
    });

    it('alias pools refuse an email-shaped user name', async () => {
      const poolId = await createPool(s, { AliasAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId);
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'lou@example.com', Password: PASSWORD })),
        'InvalidParameterException',
        'Username cannot be of email format, since user pool is configured for email alias.',
      );
    });

    it('is refused when only administrators may create users, and for unknown clients', async () => {
      const poolId = await createPool(s, { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
      const { clientId } = await createClient(s, poolId);
      await rejectsWith(s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'nope', Password: PASSWORD })), 'NotAuthorizedException', 'SignUp is not permitted for this user pool');
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: 'abcdefghijklmnopqrstuvwxyz', Username: 'nope', Password: PASSWORD })),
        'ResourceNotFoundException',
        'User pool client abcdefghijklmnopqrstuvwxyz does not exist.',
      );
    });
  });

  describe('ConfirmSignUp', () => {
    let poolId: string;
    let clientId: string;
    before(async () => {
      poolId = await createPool(s, { AutoVerifiedAttributes: ['email'], AliasAttributes: ['email'] });
      ({ clientId } = await createClient(s, poolId));
    });
    const signUp = (username: string, email: string) =>
      s.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: attrs({ email }) }));
    const confirm = (username: string, code: string, extra: object = {}) =>
      s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code, ...extra }));

    it('confirms with the right code, verifies the email, and the code works only once', async () => {
      await signUp('mark', 'mark@example.com');
      const code = await lastCode(s, poolId, 'mark', 'signup');
      await rejectsWith(confirm('mark', otherCode(code)), 'CodeMismatchException', 'Invalid verification code provided, please try again.');
      await confirm('MARK', code);
      const u = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mark' }));
      assert.equal(u.UserStatus, 'CONFIRMED');
      assert.equal(attrsOf(u.UserAttributes).email_verified, 'true');
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mark@example.com' }))).Username, 'mark', 'the verified email is now an alias');
      assert.ok((await s.store.codes.get(poolId, 'mark', 'signup'))!.usedAt !== undefined);
      await rejectsWith(confirm('mark', code), 'NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    });

    it('expires codes after 24 hours', async () => {
      await signUp('nina', 'nina@example.com');
      const code = await lastCode(s, poolId, 'nina', 'signup');
      s.clock.advance(24 * HOUR + 1000);
      await rejectsWith(confirm('nina', code), 'ExpiredCodeException', 'Invalid code provided, please request a code again.');
      assert.equal(await status(poolId, 'nina'), 'UNCONFIRMED');
    });

    it('kills a code after five wrong guesses (brute force of the 10^6 code space)', async () => {
      await signUp('oscar', 'oscar@example.com');
      const code = await lastCode(s, poolId, 'oscar', 'signup');
      for (let i = 0; i < 5; i++) await rejectsWith(confirm('oscar', otherCode(code)), 'CodeMismatchException');
      await rejectsWith(confirm('oscar', code), 'LimitExceededException', 'Attempt limit exceeded, please try after some time.');
      assert.equal(await status(poolId, 'oscar'), 'UNCONFIRMED');
    });

    it('race: ten concurrent confirmations with the right code, exactly one wins', async () => {
      await signUp('race', 'race@example.com');
      const code = await lastCode(s, poolId, 'race', 'signup');
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => confirm('race', code)));
      const wins = results.filter((r) => r.status === 'fulfilled');
      assert.equal(wins.length, 1);
      for (const r of results) {
        if (r.status === 'rejected') assert.ok(['ExpiredCodeException', 'NotAuthorizedException'].includes((r.reason as Error).name), (r.reason as Error).name);
      }
      assert.equal(await status(poolId, 'race'), 'CONFIRMED');
    });

    it('an email verified by someone else is AliasExistsException; ForceAliasCreation takes it over', async () => {
      await signUp('owner', 'dup@example.com');
      await confirm('owner', await lastCode(s, poolId, 'owner', 'signup'));
      await signUp('taker', 'dup@example.com');
      const code = await lastCode(s, poolId, 'taker', 'signup');
      await rejectsWith(confirm('taker', code), 'AliasExistsException', 'An account with the given email already exists.');
      assert.equal(await status(poolId, 'taker'), 'UNCONFIRMED', 'the refused attempt did not spend the code');
      await confirm('taker', code, { ForceAliasCreation: true });
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dup@example.com' }))).Username, 'taker');
      const owner = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'owner' }));
      assert.equal(attrsOf(owner.UserAttributes).email_verified, 'false');
    });

    it('unknown users: UserNotFoundException, or CodeMismatchException when the client hides user existence', async () => {
      await rejectsWith(confirm('ghost', '123456'), 'UserNotFoundException', 'User does not exist.');
      const hiding = await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' });
      await rejectsWith(
        s.client.send(new ConfirmSignUpCommand({ ClientId: hiding.clientId, Username: 'ghost', ConfirmationCode: '123456' })),
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      );
    });

    it('checks SECRET_HASH for clients with a secret', async () => {
      const secretClient = await createClient(s, poolId, { GenerateSecret: true });
      await rejectsWith(
        s.client.send(new ConfirmSignUpCommand({ ClientId: secretClient.clientId, Username: 'mark', ConfirmationCode: '123456' })),
        'NotAuthorizedException',
        `Client ${secretClient.clientId} is configured with secret but SECRET_HASH was not received`,
      );
    });
  });

  describe('ResendConfirmationCode', () => {
    it('sends a new code and the previous one stops working', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId);
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'pat', Password: PASSWORD, UserAttributes: attrs({ email: 'pat@example.com' }) }));
      const first = await lastCode(s, poolId, 'pat', 'signup');
      s.clock.advance(1000);
      const r = await s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'pat' }));
      assert.deepEqual(r.CodeDeliveryDetails, { Destination: 'p***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      const second = await lastCode(s, poolId, 'pat', 'signup');
      assert.equal((await outbox(s, poolId, 'pat')).length, 2);
      if (first !== second) {
        await rejectsWith(
          s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'pat', ConfirmationCode: first })),
          'CodeMismatchException',
        );
      }
      await s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'pat', ConfirmationCode: second }));
      await rejectsWith(s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'pat' })), 'InvalidParameterException', 'User is already confirmed.');
    });

    it('refuses without auto-verification, for unknown users, and without SECRET_HASH', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'quin', Password: PASSWORD, UserAttributes: attrs({ email: 'q@example.com' }) }));
      await rejectsWith(
        s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'quin' })),
        'InvalidParameterException',
        'Cannot resend codes. Auto verification not turned on.',
      );
      await rejectsWith(s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'ghost' })), 'UserNotFoundException', 'User does not exist.');
      const secretClient = await createClient(s, poolId, { GenerateSecret: true });
      await rejectsWith(
        s.client.send(new ResendConfirmationCodeCommand({ ClientId: secretClient.clientId, Username: 'quin' })),
        'NotAuthorizedException',
        `Client ${secretClient.clientId} is configured with secret but SECRET_HASH was not received`,
      );
    });

    it('an admin-created user has nothing to confirm', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId);
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'adm', MessageAction: 'SUPPRESS', UserAttributes: attrs({ email: 'adm@example.com' }) }));
      await rejectsWith(s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'adm' })), 'InvalidParameterException', 'User is already confirmed.');
    });

    it('with PreventUserExistenceErrors an unknown user gets plausible delivery details and nothing is sent', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      const { clientId } = await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' });
      const r = await s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'ghost@example.com' }));
      assert.deepEqual(r.CodeDeliveryDetails, { Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      assert.equal((await outbox(s, poolId)).length, 0);
    });
  });
});
