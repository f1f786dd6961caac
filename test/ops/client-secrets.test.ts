import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserPoolClientSecretCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  ListUserPoolClientSecretsCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, PASSWORD, secretHash } from '../helpers/fixtures.js';

describe('client secrets: AddUserPoolClientSecret / ListUserPoolClientSecrets / DeleteUserPoolClientSecret', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    await addUser(s, poolId, 'alice');
  });
  after(async () => s.stop());

  const signIn = (clientId: string, secret: string) =>
    s.client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: secretHash(secret, 'alice', clientId) },
      }),
    );
  const list = async (clientId: string) =>
    (await s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;

  it('the secret from CreateUserPoolClient is the first; a second one is generated, returned once and works alongside it', async () => {
    const { clientId, clientSecret } = await createClient(s, poolId, { GenerateSecret: true });
    const before = await list(clientId);
    assert.equal(before.length, 1);
    assert.equal(before[0]!.ClientSecretValue, undefined);
    assert.ok(before[0]!.ClientSecretId);
    assert.ok(before[0]!.ClientSecretCreateDate instanceof Date);

    const { ClientSecretDescriptor: added } = await s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.match(added!.ClientSecretValue!, /^[a-z0-9]{52}$/);
    assert.notEqual(added!.ClientSecretValue, clientSecret);
    assert.ok(Math.abs(added!.ClientSecretCreateDate!.getTime() - s.clock.now()) < 1000);

    const after = await list(clientId);
    assert.deepEqual(after.map((x) => x.ClientSecretId), [before[0]!.ClientSecretId, added!.ClientSecretId]);
    assert.ok(after.every((x) => x.ClientSecretValue === undefined));

    // Both secrets sign in; DescribeUserPoolClient still shows the original.
    assert.ok((await signIn(clientId, clientSecret!)).AuthenticationResult);
    const r = await signIn(clientId, added!.ClientSecretValue!);
    assert.ok(r.AuthenticationResult);
    const { UserPoolClient } = await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(UserPoolClient!.ClientSecret, clientSecret);

    // GetTokensFromRefreshToken takes the secret itself: the new one is accepted too.
    const refreshed = await s.client.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: clientId, ClientSecret: added!.ClientSecretValue, RefreshToken: r.AuthenticationResult!.RefreshToken }),
    );
    assert.ok(refreshed.AuthenticationResult!.AccessToken);
  });

  it('a caller-provided secret is accepted but not echoed back', async () => {
    const { clientId } = await createClient(s, poolId, { GenerateSecret: true });
    const mine = 'my_own_rotated_secret_value_0123456789';
    const { ClientSecretDescriptor } = await s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: mine }));
    assert.equal(ClientSecretDescriptor!.ClientSecretValue, undefined);
    assert.ok(ClientSecretDescriptor!.ClientSecretId);
    assert.ok((await signIn(clientId, mine)).AuthenticationResult);
  });

  it('a third secret is refused with LimitExceededException', async () => {
    const { clientId } = await createClient(s, poolId, { GenerateSecret: true });
    await s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }));
    await rejectsWith(
      s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId })),
      'LimitExceededException',
      `Client ${clientId} already has 2 client secrets, the maximum. Delete one before adding another.`,
    );
    assert.equal((await list(clientId)).length, 2);
  });

  it('concurrent additions never lose an acknowledged secret: exactly one wins the last slot', async () => {
    const { clientId } = await createClient(s, poolId, { GenerateSecret: true });
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    const secret = (won[0] as PromiseFulfilledResult<{ ClientSecretDescriptor?: { ClientSecretValue?: string } }>).value.ClientSecretDescriptor!.ClientSecretValue!;
    assert.ok((await signIn(clientId, secret)).AuthenticationResult);
  });

  it('a deleted secret stops working at once; deleting the original removes ClientSecret from the description', async () => {
    const { clientId, clientSecret } = await createClient(s, poolId, { GenerateSecret: true });
    const [original] = await list(clientId);
    const { ClientSecretDescriptor: added } = await s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }));
    await s.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: original!.ClientSecretId }));

    await rejectsWith(signIn(clientId, clientSecret!), 'NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`);
    assert.ok((await signIn(clientId, added!.ClientSecretValue!)).AuthenticationResult);
    const { UserPoolClient } = await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(UserPoolClient!.ClientSecret, undefined);
    assert.deepEqual((await list(clientId)).map((x) => x.ClientSecretId), [added!.ClientSecretId]);

    // The client is still confidential: a sign-in without SECRET_HASH is refused.
    await rejectsWith(
      s.client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } })),
      'NotAuthorizedException',
      `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
    );
    // UpdateUserPoolClient keeps the secrets as they are.
    await s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ClientName: 'renamed', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
    assert.ok((await signIn(clientId, added!.ClientSecretValue!)).AuthenticationResult);
  });

  it('the last secret cannot be deleted; an unknown secret id is ResourceNotFoundException', async () => {
    const { clientId } = await createClient(s, poolId, { GenerateSecret: true });
    const [only] = await list(clientId);
    await rejectsWith(
      s.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: only!.ClientSecretId })),
      'InvalidParameterException',
      'Cannot delete the last remaining client secret of an app client.',
    );
    await rejectsWith(
      s.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: 'nosuchsecret' })),
      'ResourceNotFoundException',
      'Client secret nosuchsecret does not exist.',
    );
  });

  it('a public client (no secret) cannot gain one and lists none', async () => {
    const { clientId } = await createClient(s, poolId);
    assert.deepEqual(await list(clientId), []);
    await rejectsWith(
      s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId })),
      'InvalidParameterException',
      `Client ${clientId} is not a confidential client: it has no client secret.`,
    );
  });

  it('unknown pools and clients are ResourceNotFoundException; bad input is a validation error', async () => {
    await rejectsWith(
      s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: 'us-east-1_nosuchpol', ClientId: 'abc' })),
      'ResourceNotFoundException',
      'User pool us-east-1_nosuchpol does not exist.',
    );
    await rejectsWith(
      s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: 'nosuchclient' })),
      'ResourceNotFoundException',
      'User pool client nosuchclient does not exist.',
    );
    const { clientId } = await createClient(s, poolId, { GenerateSecret: true });
    await rejectsWith(
      s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: 'short' })),
      'InvalidParameterException',
      /^1 validation error detected: Value at 'clientSecret' failed to satisfy constraint: Member must have length greater than or equal to 24/,
    );
  });

  it('secrets are sealed at rest: the stored client row holds no secret value', async () => {
    const { clientId, clientSecret } = await createClient(s, poolId, { GenerateSecret: true });
    const { ClientSecretDescriptor } = await s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }));
    const stored = (await s.store.clients.get(poolId, clientId))!.clientSecret!;
    assert.ok(stored.length > 0);
    assert.ok(!stored.includes(clientSecret!));
    assert.ok(!stored.includes(ClientSecretDescriptor!.ClientSecretValue!));
  });
});
