import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserAttributesCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  UpdateUserAttributesCommand,
  UpdateUserPoolClientCommand,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { attrs, attrsOf, createClient, createConfirmedUser, createPool, PASSWORD, verifierFor } from '../helpers/fixtures.js';

/** Issue 15 "Custom attributes and the schema" and "App-client attribute permissions", through SDK v3. */
describe('custom attributes, schema rules and app-client attribute permissions', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  const schemaOf = async (poolId: string) => (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.SchemaAttributes!;
  const custom = (n: number, extra: Partial<SchemaAttributeType> = {}): SchemaAttributeType => ({ Name: `a${n}`, AttributeDataType: 'String', ...extra });

  describe('CreateUserPool refuses what Cognito refuses', () => {
    it('a required custom attribute (terraform-provider-aws#18430)', async () => {
      await rejectsWith(
        createPool(s, { Schema: [{ Name: 'tenant', AttributeDataType: 'String', Required: true }] }),
        'InvalidParameterException',
        'Required custom attributes are not supported currently.',
      );
    });

    it('a standard attribute with another data type, or developer-only (terraform-provider-aws#23181)', async () => {
      await rejectsWith(
        createPool(s, { Schema: [{ Name: 'email', AttributeDataType: 'Number' }] }),
        'InvalidParameterException',
        'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email',
      );
      await rejectsWith(
        createPool(s, { Schema: [{ Name: 'given_name', AttributeDataType: 'String', DeveloperOnlyAttribute: true }] }),
        'InvalidParameterException',
        'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute given_name',
      );
      // The same type, made required: accepted.
      const poolId = await createPool(s, { Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }] });
      assert.equal((await schemaOf(poolId)).find((a) => a.Name === 'email')!.Required, true);
    });

    it('an attribute without AttributeDataType (amplify-cli#9960, aws-cdk#8585)', async () => {
      for (const Schema of [[{ Name: 'tenant', Mutable: true }], [{ Name: 'email', Required: true }]]) {
        await rejectsWith(createPool(s, { Schema }), 'InvalidParameterException', 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
      }
    });

    it('inconsistent String and Number constraints', async () => {
      await rejectsWith(
        createPool(s, { Schema: [{ Name: 'code', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '10', MaxLength: '5' } }] }),
        'InvalidParameterException',
        'Invalid StringAttributeConstraints for attribute code: MinLength is greater than MaxLength.',
      );
      await rejectsWith(
        createPool(s, { Schema: [{ Name: 'code', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '2049' } }] }),
        'InvalidParameterException',
        'Invalid StringAttributeConstraints for attribute code: lengths must be whole numbers from 0 to 2048.',
      );
      await rejectsWith(
        createPool(s, { Schema: [{ Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '18', MaxValue: '1' } }] }),
        'InvalidParameterException',
        'Invalid NumberAttributeConstraints for attribute age: MinValue is greater than MaxValue.',
      );
      await rejectsWith(
        createPool(s, { Schema: [{ Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: 'ten' } }] }),
        'InvalidParameterException',
        'Invalid NumberAttributeConstraints for attribute age: values must be numbers.',
      );
    });
  });

  describe('AddCustomAttributes', () => {
    it('adds custom: and dev:custom: attributes with their type, mutability and constraints (the AWS CLI example)', async () => {
      const poolId = await createPool(s);
      await s.client.send(
        new AddCustomAttributesCommand({
          UserPoolId: poolId,
          CustomAttributes: [
            { Name: 'CustomAttr1', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Required: false, StringAttributeConstraints: { MinLength: '1', MaxLength: '15' } },
            { Name: 'level', AttributeDataType: 'Number', Mutable: false, NumberAttributeConstraints: { MinValue: '0', MaxValue: '9' } },
            { Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true },
          ],
        }),
      );
      const schema = await schemaOf(poolId);
      assert.deepEqual(schema.find((a) => a.Name === 'custom:CustomAttr1'), {
        Name: 'custom:CustomAttr1', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '15' },
      });
      assert.deepEqual(schema.find((a) => a.Name === 'custom:level'), {
        Name: 'custom:level', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: false, Required: false,
        NumberAttributeConstraints: { MinValue: '0', MaxValue: '9' },
      });
      assert.equal(schema.find((a) => a.Name === 'dev:custom:secret')!.DeveloperOnlyAttribute, true);
      // The new attribute is usable at once, with its constraints.
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'u', MessageAction: 'SUPPRESS', UserAttributes: attrs({ 'custom:CustomAttr1': 'ok' }) }));
      await rejectsWith(
        s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'u', UserAttributes: attrs({ 'custom:CustomAttr1': 'x'.repeat(16) }) })),
        'InvalidParameterException',
        'user.custom:CustomAttr1: String must be no longer than 15 characters\n',
      );
    });

    it('an existing name is refused with Cognito\'s message; required ones and missing types too', async () => {
      const poolId = await createPool(s, { Schema: [{ Name: 'tenant', AttributeDataType: 'String' }] });
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'tenant', AttributeDataType: 'String' }] })),
        'InvalidParameterException',
        'Existing attribute already has name custom:tenant.',
      );
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'req', AttributeDataType: 'String', Required: true }] })),
        'InvalidParameterException',
        'Required custom attributes are not supported currently.',
      );
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'untyped' }] })),
        'InvalidParameterException',
        'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.',
      );
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: 'us-east-1_missing00', CustomAttributes: [custom(1)] })),
        'ResourceNotFoundException',
        'User pool us-east-1_missing00 does not exist.',
      );
      // Nothing of a refused request was added.
      assert.equal((await schemaOf(poolId)).filter((a) => a.Name!.includes('custom:')).length, 1);
    });

    it('at most 50 custom attributes in a pool; the model limits one request to 25 and names to 20 characters', async () => {
      const poolId = await createPool(s, { Schema: Array.from({ length: 25 }, (_, i) => custom(i)) });
      await s.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: Array.from({ length: 25 }, (_, i) => custom(25 + i)) }));
      assert.equal((await schemaOf(poolId)).filter((a) => a.Name!.startsWith('custom:')).length, 50);
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [custom(50)] })),
        'InvalidParameterException',
        'A user pool can have at most 50 custom attributes.',
      );
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: Array.from({ length: 26 }, (_, i) => custom(100 + i)) })),
        'InvalidParameterException',
        /customAttributes.*Member must have length less than or equal to 25/,
      );
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'x'.repeat(21), AttributeDataType: 'String' }] })),
        'InvalidParameterException',
        /Member must have length less than or equal to 20/,
      );
      await rejectsWith(
        createPool(s, { Schema: Array.from({ length: 51 }, (_, i) => custom(i)) }),
        'InvalidParameterException',
        /Member must have length less than or equal to 50|A user pool can have at most 50 custom attributes\./,
      );
    });
  });

  describe('dev:custom: attributes', () => {
    it('are written by administrators only and never shown to users or put in tokens', async () => {
      const poolId = await createPool(s, { Schema: [{ Name: 'score', AttributeDataType: 'String', DeveloperOnlyAttribute: true }] });
      const { clientId } = await createClient(s, poolId);
      await createConfirmedUser(s, poolId, 'dev', { 'dev:custom:score': '42', email: 'dev@example.com' });
      const admin = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dev' }));
      assert.equal(attrsOf(admin.UserAttributes)['dev:custom:score'], '42');
      const auth = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dev', PASSWORD } }));
      const { AccessToken, IdToken } = auth.AuthenticationResult!;
      const me = await s.client.send(new GetUserCommand({ AccessToken }));
      assert.equal(attrsOf(me.UserAttributes)['dev:custom:score'], undefined);
      const id = await verifierFor(s, poolId, 'id', clientId).verify(IdToken!);
      assert.equal(id['dev:custom:score'], undefined);
      assert.equal(id.email, 'dev@example.com');
      await rejectsWith(
        s.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: attrs({ 'dev:custom:score': '99' }) })),
        'NotAuthorizedException',
        'A client attempted to write unauthorized attribute',
      );
      await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'dev', UserAttributes: attrs({ 'dev:custom:score': '43' }) }));
      assert.equal(attrsOf((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dev' }))).UserAttributes)['dev:custom:score'], '43');
    });
  });

  describe('app-client ReadAttributes / WriteAttributes', () => {
    it('must name attributes of the schema (write: mutable ones) on create and update', async () => {
      const poolId = await createPool(s, { Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: false }, { Name: 'team', AttributeDataType: 'String' }] });
      await rejectsWith(
        s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ReadAttributes: ['email', 'custom:nope'] })),
        'InvalidParameterException',
        'Invalid read attributes specified while creating a client',
      );
      await rejectsWith(
        s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', WriteAttributes: ['custom:nope'] })),
        'InvalidParameterException',
        'Invalid write attributes specified while creating a client',
      );
      await rejectsWith(
        s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', WriteAttributes: ['custom:tenant'] })),
        'InvalidParameterException',
        'Invalid write attributes specified while creating a client',
      );
      const { UserPoolClient } = await s.client.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ReadAttributes: ['email', 'custom:tenant'], WriteAttributes: ['email', 'custom:team'] }),
      );
      assert.deepEqual(UserPoolClient!.ReadAttributes, ['email', 'custom:tenant']);
      await rejectsWith(
        s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: UserPoolClient!.ClientId, ReadAttributes: ['shoe_size'] })),
        'InvalidParameterException',
        'Invalid read attributes specified while updating a client',
      );
      await rejectsWith(
        s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: UserPoolClient!.ClientId, WriteAttributes: ['sub'] })),
        'InvalidParameterException',
        'Invalid write attributes specified while updating a client',
      );
    });

    it('are enforced for the user (GetUser, the ID token, UpdateUserAttributes, DeleteUserAttributes) and not for administrators', async () => {
      const poolId = await createPool(s, { Schema: [{ Name: 'team', AttributeDataType: 'String' }] });
      const { clientId } = await createClient(s, poolId, { ReadAttributes: ['email', 'custom:team'], WriteAttributes: ['custom:team'] });
      await createConfirmedUser(s, poolId, 'perm', { email: 'perm@example.com', name: 'Perm', 'custom:team': 'red', nickname: 'p' });
      const auth = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'perm', PASSWORD } }));
      const { AccessToken, IdToken } = auth.AuthenticationResult!;

      const me = attrsOf((await s.client.send(new GetUserCommand({ AccessToken }))).UserAttributes);
      assert.deepEqual(Object.keys(me).sort(), ['custom:team', 'email', 'sub']);
      const id = await verifierFor(s, poolId, 'id', clientId).verify(IdToken!);
      assert.equal(id.email, 'perm@example.com');
      assert.equal(id['custom:team'], 'red');
      assert.equal(id.name, undefined, 'name is not in ReadAttributes');
      assert.equal(id.nickname, undefined);
      assert.ok(id.sub);

      await s.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: attrs({ 'custom:team': 'blue' }) }));
      for (const cmd of [
        new UpdateUserAttributesCommand({ AccessToken, UserAttributes: attrs({ name: 'Other' }) }),
        new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['nickname'] }),
      ]) {
        await rejectsWith(s.client.send(cmd as any), 'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
      }
      await s.client.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['custom:team'] }));
      // Administrators are not limited by the client's permissions.
      await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'perm', UserAttributes: attrs({ name: 'Admin-set' }) }));
      const all = attrsOf((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'perm' }))).UserAttributes);
      assert.equal(all.name, 'Admin-set');
      assert.equal(all.nickname, 'p');
      assert.equal(all['custom:team'], undefined);
      const listed = (await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users![0]!;
      assert.equal(attrsOf(listed.Attributes).name, 'Admin-set');
    });
  });

  describe('DescribeUserPool legacy verification messages', () => {
    it('mirror VerificationMessageTemplate both ways (the AWS CLI describe-user-pool example)', async () => {
      const fromTemplate = (
        await s.client.send(
          new CreateUserPoolCommand({
            PoolName: 'tmpl',
            VerificationMessageTemplate: { SmsMessage: 'Your verification code is {####}. ', EmailMessage: 'Code {####}', EmailSubject: 'Your verification code' },
          }),
        )
      ).UserPool!;
      const d1 = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: fromTemplate.Id }))).UserPool!;
      assert.equal(d1.SmsVerificationMessage, 'Your verification code is {####}. ');
      assert.equal(d1.EmailVerificationMessage, 'Code {####}');
      assert.equal(d1.EmailVerificationSubject, 'Your verification code');
      assert.equal(fromTemplate.EmailVerificationSubject, 'Your verification code', 'CreateUserPool answers the same');

      const legacy = (
        await s.client.send(new CreateUserPoolCommand({ PoolName: 'legacy', EmailVerificationMessage: 'Legacy {####}', EmailVerificationSubject: 'Legacy subject', SmsVerificationMessage: 'SMS {####}' }))
      ).UserPool!;
      const d2 = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: legacy.Id }))).UserPool!;
      assert.deepEqual(d2.VerificationMessageTemplate, { DefaultEmailOption: 'CONFIRM_WITH_CODE', EmailMessage: 'Legacy {####}', EmailSubject: 'Legacy subject', SmsMessage: 'SMS {####}' });
      assert.equal(d2.EmailVerificationMessage, 'Legacy {####}');

      const plain = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: await createPool(s) }))).UserPool!;
      assert.equal(plain.EmailVerificationMessage, undefined);
      assert.deepEqual(plain.VerificationMessageTemplate, { DefaultEmailOption: 'CONFIRM_WITH_CODE' });
    });
  });
});
