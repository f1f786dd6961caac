import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  CreateIdentityProviderCommand,
  type ProviderUserIdentifierType,
} from '@aws-sdk/client-cognito-identity-provider';
import { findLinkedUser } from '../../src/domain/federation/links.js';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, attrs, attrsOf, createClient, createConfirmedUser, createPool, signIn } from '../helpers/users.js';

const GOOGLE = { client_id: '123.apps.googleusercontent.com', client_secret: 'google-secret', authorize_scopes: 'email profile openid' };
const OIDC = { client_id: 'c', attributes_request_method: 'GET', oidc_issuer: 'https://idp.example.com', authorize_scopes: 'openid' };

describe('provider links: AdminLinkProviderForUser / AdminDisableProviderForUser', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  async function poolWithProviders(): Promise<string> {
    const poolId = await createPool(s);
    await s.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE }));
    await s.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC }));
    return poolId;
  }
  const cognito = (username: string): ProviderUserIdentifierType => ({ ProviderName: 'Cognito', ProviderAttributeValue: username });
  const google = (sub: string): ProviderUserIdentifierType => ({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: sub });
  const link = (poolId: string, destination: ProviderUserIdentifierType, source: ProviderUserIdentifierType) =>
    s.client.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: destination, SourceUser: source }));
  const disable = (poolId: string, user: ProviderUserIdentifierType) => s.client.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: user }));
  const identities = async (poolId: string, username: string) => {
    const { UserAttributes } = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    const raw = attrsOf(UserAttributes).identities;
    return raw === undefined ? undefined : (JSON.parse(raw) as Array<Record<string, unknown>>);
  };
  const pool = async (poolId: string) => (await s.store.pools.get(poolId))!;

  it('links a Google identity to a native user: the `identities` attribute lists it and federated sign-in will find the user', async () => {
    const poolId = await poolWithProviders();
    await createConfirmedUser(s, poolId, 'alice', { email: 'alice@example.com' });
    await link(poolId, cognito('alice'), google('1001'));
    assert.deepEqual(await identities(poolId, 'alice'), [
      { userId: '1001', providerName: 'Google', providerType: 'Google', issuer: null, primary: false, dateCreated: s.clock.now() },
    ]);
    assert.equal((await findLinkedUser(s, await pool(poolId), 'Google', 'Cognito_Subject', '1001'))!.username, 'alice');
    assert.equal(await findLinkedUser(s, await pool(poolId), 'Google', 'Cognito_Subject', '1002'), undefined);

    // An OIDC identity may be linked by a mapped attribute instead of the subject.
    await link(poolId, cognito('alice'), { ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'alice@corp.example' });
    assert.deepEqual((await identities(poolId, 'alice'))!.map((i) => `${i.providerName}:${i.userId}`), ['Google:1001', 'Corp:alice@corp.example']);
    assert.equal((await findLinkedUser(s, await pool(poolId), 'Corp', 'email', 'alice@corp.example'))!.username, 'alice');

    // Her ID token carries the identities as an array, its values as strings (as in Cognito's ID tokens).
    const { clientId } = await createClient(s, poolId);
    const { AuthenticationResult } = await s.client.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    );
    const claims = JSON.parse(Buffer.from(AuthenticationResult!.IdToken!.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    assert.deepEqual((claims.identities as unknown[])[0], {
      userId: '1001', providerName: 'Google', providerType: 'Google', issuer: null, primary: 'false', dateCreated: String(s.clock.now()),
    });
  });

  it('refuses a missing destination user, a missing or Cognito source provider, a social source not linked by its subject, and missing members', async () => {
    const poolId = await poolWithProviders();
    await createConfirmedUser(s, poolId, 'bob');
    await rejectsWith(link(poolId, cognito('nobody'), google('1')), 'UserNotFoundException', 'User does not exist.');
    await rejectsWith(link(poolId, cognito('bob'), { ...google('1'), ProviderName: 'Okta' }), 'ResourceNotFoundException', 'Identity provider Okta does not exist.');
    await rejectsWith(link(poolId, cognito('bob'), cognito('bob2')), 'InvalidParameterException', 'SourceUser.ProviderAttributeName is required.');
    await rejectsWith(
      link(poolId, cognito('bob'), { ...cognito('bob2'), ProviderAttributeName: 'Cognito_Subject' }),
      'InvalidParameterException',
      'SourceUser must be a user of an external identity provider, not a Cognito user.',
    );
    await rejectsWith(
      link(poolId, cognito('bob'), { ...google('1'), ProviderAttributeName: 'email' }),
      'InvalidParameterException',
      'SourceUser.ProviderAttributeName must be Cognito_Subject for Google.',
    );
    await rejectsWith(link(poolId, { ProviderName: 'Cognito' }, google('1')), 'InvalidParameterException', 'DestinationUser.ProviderAttributeValue is required.');
    await rejectsWith(link(poolId, cognito('bob'), { ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1' }), 'InvalidParameterException', 'SourceUser.ProviderName is required.');
    await rejectsWith(link('us-east-1_missing', cognito('bob'), google('1')), 'ResourceNotFoundException');
    assert.equal(await identities(poolId, 'bob'), undefined, 'nothing refused changed the user');
  });

  it('links an identity to one user only (AliasExistsException), refuses a source that already signed in, and stops at five links a user', async () => {
    const poolId = await poolWithProviders();
    await createConfirmedUser(s, poolId, 'carol');
    await createConfirmedUser(s, poolId, 'dave');
    await link(poolId, cognito('carol'), google('2001'));
    await rejectsWith(link(poolId, cognito('dave'), google('2001')), 'AliasExistsException', 'The SourceUser is already linked to a user of this user pool.');
    await rejectsWith(link(poolId, cognito('carol'), google('2001')), 'AliasExistsException');

    // A federated user of that identity exists (it signed in before): its profile cannot be merged.
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'Google_3001', MessageAction: 'SUPPRESS' }));
    await rejectsWith(
      link(poolId, cognito('dave'), google('3001')),
      'InvalidParameterException',
      'Merging is not currently supported, provide a SourceUser that has not been linked to a user and has not signed in previously.',
    );

    for (let i = 2; i <= 5; i++) await link(poolId, cognito('carol'), google(`200${i}`));
    assert.equal((await identities(poolId, 'carol'))!.length, 5);
    await rejectsWith(link(poolId, cognito('carol'), google('2006')), 'LimitExceededException', 'A user can be linked to at most 5 identities of external identity providers.');
    await link(poolId, cognito('dave'), google('2006'));
  });

  it('refuses a destination user who has an immutable custom attribute', async () => {
    const poolId = await poolWithProviders();
    await s.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: false }] }));
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'erin', UserAttributes: attrs({ 'custom:tenant': 't1' }), MessageAction: 'SUPPRESS' }));
    await rejectsWith(
      link(poolId, cognito('erin'), google('4001')),
      'InvalidParameterException',
      'The destination user has the immutable attribute custom:tenant; a user with immutable attributes cannot be linked.',
    );
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'frank', MessageAction: 'SUPPRESS' }));
    await link(poolId, cognito('frank'), google('4001'));
  });

  it('links to a federated destination user named <Provider>_<subject>', async () => {
    const poolId = await poolWithProviders();
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'Corp_abc', MessageAction: 'SUPPRESS' }));
    await link(poolId, { ProviderName: 'Corp', ProviderAttributeName: 'ignored', ProviderAttributeValue: 'abc' }, google('5001'));
    assert.equal((await findLinkedUser(s, await pool(poolId), 'Google', 'Cognito_Subject', '5001'))!.username, 'Corp_abc');
    await rejectsWith(link(poolId, { ProviderName: 'Corp', ProviderAttributeValue: 'zzz' }, google('5002')), 'UserNotFoundException', 'User does not exist.');
  });

  it('AdminDisableProviderForUser removes the link and its `identities` entry; the identity can then be linked again', async () => {
    const poolId = await poolWithProviders();
    await createConfirmedUser(s, poolId, 'gina');
    await link(poolId, cognito('gina'), google('6001'));
    await link(poolId, cognito('gina'), google('6002'));
    await disable(poolId, google('6001'));
    assert.deepEqual((await identities(poolId, 'gina'))!.map((i) => i.userId), ['6002']);
    assert.equal(await findLinkedUser(s, await pool(poolId), 'Google', 'Cognito_Subject', '6001'), undefined);
    await disable(poolId, google('6002'));
    assert.equal(await identities(poolId, 'gina'), undefined, 'the attribute goes when the last identity does');
    await rejectsWith(disable(poolId, google('6002')), 'UserNotFoundException', 'User does not exist.');
    await rejectsWith(disable(poolId, { ...google('1'), ProviderName: 'Okta' }), 'ResourceNotFoundException', 'Identity provider Okta does not exist.');
    await link(poolId, cognito('gina'), google('6001'));
  });

  it('AdminDisableProviderForUser disables a federated user of the identity', async () => {
    const poolId = await poolWithProviders();
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'Google_7001', MessageAction: 'SUPPRESS' }));
    await disable(poolId, google('7001'));
    const { Enabled } = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Google_7001' }));
    assert.equal(Enabled, false);
  });

  it('AdminDisableProviderForUser with Cognito takes away the password sign-in of a native user (a new password gives it back)', async () => {
    const poolId = await poolWithProviders();
    const { clientId } = await createClient(s, poolId);
    await createConfirmedUser(s, poolId, 'hank');
    await signIn(s, poolId, clientId, 'hank');
    await rejectsWith(disable(poolId, cognito('hank')), 'InvalidParameterException', 'User.ProviderAttributeName is required.');
    await rejectsWith(disable(poolId, { ...cognito('nobody'), ProviderAttributeName: 'Cognito_Subject' }), 'UserNotFoundException', 'User does not exist.');
    await disable(poolId, { ...cognito('hank'), ProviderAttributeName: 'Cognito_Subject' });
    await rejectsWith(
      s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'hank', PASSWORD } })),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'hank', Password: PASSWORD, Permanent: true }));
    await signIn(s, poolId, clientId, 'hank');
  });

  it("deleting the user removes its links: the identity is free for another user", async () => {
    const poolId = await poolWithProviders();
    await createConfirmedUser(s, poolId, 'ivy');
    await createConfirmedUser(s, poolId, 'jack');
    await link(poolId, cognito('ivy'), google('8001'));
    await s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'ivy' }));
    assert.equal(await findLinkedUser(s, await pool(poolId), 'Google', 'Cognito_Subject', '8001'), undefined);
    await link(poolId, cognito('jack'), google('8001'));
  });
});
