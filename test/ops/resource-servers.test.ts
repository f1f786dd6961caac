import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
  paginateListResourceServers,
  type ResourceServerScopeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { newClient, newPool } from '../auth/helpers.js';

const SCOPES: ResourceServerScopeType[] = [
  { ScopeName: 'sunproximity.read', ScopeDescription: 'Distance in AU from Sol' },
  { ScopeName: 'asteroids.add', ScopeDescription: 'Enter a new asteroid' },
];

describe('resource servers: CreateResourceServer / DescribeResourceServer / UpdateResourceServer / DeleteResourceServer / ListResourceServers', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  const create = (UserPoolId: string, Identifier: string, Scopes: ResourceServerScopeType[] | undefined = SCOPES, Name = 'Solar system object tracker') =>
    s.client.send(new CreateResourceServerCommand({ UserPoolId, Identifier, Name, Scopes }));
  const describeServer = async (UserPoolId: string, Identifier: string) =>
    (await s.client.send(new DescribeResourceServerCommand({ UserPoolId, Identifier }))).ResourceServer;

  it('creates a resource server with its scopes, in the order given, and describes it', async () => {
    const poolId = await newPool(s);
    const { ResourceServer } = await create(poolId, 'solar-system-data');
    const expected = { UserPoolId: poolId, Identifier: 'solar-system-data', Name: 'Solar system object tracker', Scopes: SCOPES };
    assert.deepEqual(ResourceServer, expected);
    assert.deepEqual(await describeServer(poolId, 'solar-system-data'), expected);
    const { ResourceServer: bare } = await s.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com/v1', Name: 'No scopes' }));
    assert.deepEqual(bare!.Scopes, [], 'no scopes given: an empty list');
  });

  it('refuses a second resource server of the same identifier in the pool; identifiers are case sensitive; another pool may reuse it', async () => {
    const a = await newPool(s);
    const b = await newPool(s);
    await create(a, 'orders');
    await rejectsWith(create(a, 'orders'), 'InvalidParameterException', 'A resource server with identifier orders already exists in this user pool.');
    await create(a, 'Orders');
    await create(b, 'orders');
    assert.equal((await s.client.send(new ListResourceServersCommand({ UserPoolId: a, MaxResults: 50 }))).ResourceServers!.length, 2);
  });

  it('validates identifiers, names and scopes (model constraints and duplicate scope names)', async () => {
    const poolId = await newPool(s);
    await rejectsWith(create(poolId, 'has"quote'), 'InvalidParameterException', /^1 validation error detected: Value 'has"quote' at 'identifier' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await rejectsWith(create(poolId, 'ok', SCOPES, 'bad/name'), 'InvalidParameterException', /^1 validation error detected: Value 'bad\/name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await rejectsWith(
      create(poolId, 'ok', [{ ScopeName: 'a/b', ScopeDescription: 'slash' }]),
      'InvalidParameterException',
      /^1 validation error detected: Value 'a\/b' at 'scopes.1.member.scopeName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    await rejectsWith(
      create(poolId, 'ok', [{ ScopeName: 'read', ScopeDescription: '' }]),
      'InvalidParameterException',
      "1 validation error detected: Value '' at 'scopes.1.member.scopeDescription' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ ScopeName: `s${i}`, ScopeDescription: 'd' }));
    await rejectsWith(create(poolId, 'ok', tooMany), 'InvalidParameterException', /^1 validation error detected: Value '.*' at 'scopes' failed to satisfy constraint: Member must have length less than or equal to 100$/);
    await rejectsWith(
      create(poolId, 'ok', [{ ScopeName: 'read', ScopeDescription: 'one' }, { ScopeName: 'read', ScopeDescription: 'two' }]),
      'InvalidParameterException',
      "Duplicate scope name read in the resource server's scopes.",
    );
    await rejectsWith(create('us-east-1_nothere1', 'ok'), 'ResourceNotFoundException', 'User pool us-east-1_nothere1 does not exist.');
    const { ResourceServer } = await create(poolId, 'ok', tooMany.slice(0, 100));
    assert.equal(ResourceServer!.Scopes!.length, 100, '100 scopes are allowed');
  });

  it('allows 25 resource servers per pool; the 26th is LimitExceededException, also under concurrent creates', async () => {
    const poolId = await newPool(s);
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => create(poolId, `rs-${String(i).padStart(2, '0')}`, [])));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 25);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'LimitExceededException');
    await rejectsWith(create(poolId, 'one-more', []), 'LimitExceededException', 'The user pool has reached its limit of 25 resource servers.');
    await s.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'rs-00' }));
    await create(poolId, 'one-more', []);
  });

  it('updates name and scopes; scopes left out become none', async () => {
    const poolId = await newPool(s);
    await create(poolId, 'weather.example.com');
    const next = [{ ScopeName: 'NewScope', ScopeDescription: 'New scope description' }];
    const { ResourceServer } = await s.client.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'weather.example.com', Name: 'Happy', Scopes: next }));
    assert.deepEqual(ResourceServer, { UserPoolId: poolId, Identifier: 'weather.example.com', Name: 'Happy', Scopes: next });
    assert.deepEqual(await describeServer(poolId, 'weather.example.com'), ResourceServer);
    await s.client.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'weather.example.com', Name: 'Happy' }));
    assert.deepEqual((await describeServer(poolId, 'weather.example.com'))!.Scopes, []);
    await rejectsWith(
      s.client.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'missing', Name: 'x' })),
      'ResourceNotFoundException',
      `Resource server missing does not exist in user pool ${poolId}.`,
    );
    await rejectsWith(
      s.client.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'weather.example.com', Name: 'x', Scopes: [...next, ...next] })),
      'InvalidParameterException',
      "Duplicate scope name NewScope in the resource server's scopes.",
    );
  });

  it('describes and deletes: unknown identifiers and pools are ResourceNotFoundException', async () => {
    const poolId = await newPool(s);
    await create(poolId, 'to-delete');
    await s.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'to-delete' }));
    const missing = `Resource server to-delete does not exist in user pool ${poolId}.`;
    await rejectsWith(describeServer(poolId, 'to-delete'), 'ResourceNotFoundException', missing);
    await rejectsWith(s.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'to-delete' })), 'ResourceNotFoundException', missing);
    await rejectsWith(describeServer('us-east-1_nothere1', 'x'), 'ResourceNotFoundException', 'User pool us-east-1_nothere1 does not exist.');
    await rejectsWith(s.client.send(new ListResourceServersCommand({ UserPoolId: 'us-east-1_nothere1', MaxResults: 5 })), 'ResourceNotFoundException', 'User pool us-east-1_nothere1 does not exist.');
  });

  it('lists in pages (MaxResults, NextToken) in identifier order, through the SDK paginator too', async () => {
    const poolId = await newPool(s);
    const ids = ['c-api', 'a-api', 'https://b.example.com', 'd-api', 'e-api'];
    for (const id of ids) await create(poolId, id, []);
    const first = await s.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2 }));
    assert.deepEqual(first.ResourceServers!.map((r) => r.Identifier), ['a-api', 'c-api']);
    assert.ok(first.NextToken);
    const second = await s.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual(second.ResourceServers!.map((r) => r.Identifier), ['d-api', 'e-api']);
    const third = await s.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: second.NextToken }));
    assert.deepEqual(third.ResourceServers!.map((r) => r.Identifier), ['https://b.example.com']);
    assert.equal(third.NextToken, undefined);
    const all: string[] = [];
    for await (const p of paginateListResourceServers({ client: s.client, pageSize: 2 }, { UserPoolId: poolId, MaxResults: 2 })) {
      all.push(...p.ResourceServers!.map((r) => r.Identifier!));
    }
    assert.deepEqual(all, [...ids].sort());
    await rejectsWith(s.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: 'garbage' })), 'InvalidParameterException', 'Invalid pagination token.');
    await rejectsWith(
      s.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 51 })),
      'InvalidParameterException',
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });

  it('an app client may name custom scopes in AllowedOAuthScopes only when they exist (Create/UpdateUserPoolClient)', async () => {
    const poolId = await newPool(s);
    await create(poolId, 'https://api.example.com', [{ ScopeName: 'orders.read', ScopeDescription: 'Read orders' }]);
    const client = (AllowedOAuthScopes: string[]) =>
      s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'm2m', GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes }));

    const { UserPoolClient } = await client(['https://api.example.com/orders.read']);
    assert.deepEqual(UserPoolClient!.AllowedOAuthScopes, ['https://api.example.com/orders.read']);
    await rejectsWith(client(['https://api.example.com/orders.write']), 'ScopeDoesNotExistException', 'Invalid scope requested: https://api.example.com/orders.write');
    await rejectsWith(client(['https://other.example.com/orders.read']), 'ScopeDoesNotExistException', 'Invalid scope requested: https://other.example.com/orders.read');
    await rejectsWith(client(['Cognito']), 'ScopeDoesNotExistException', 'Invalid scope requested: Cognito');
    const { clientId } = await newClient(s, poolId, { AllowedOAuthScopes: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] });

    const update = (AllowedOAuthScopes: string[]) => s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, AllowedOAuthScopes }));
    await rejectsWith(update(['openid', 'https://api.example.com/nope']), 'ScopeDoesNotExistException', 'Invalid scope requested: https://api.example.com/nope');
    assert.deepEqual(
      (await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!.AllowedOAuthScopes,
      ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
      'a refused update changes nothing',
    );
    await update(['openid', 'https://api.example.com/orders.read']);

    // A scope of a resource server in another pool does not count.
    const other = await newPool(s);
    await rejectsWith(
      s.client.send(new CreateUserPoolClientCommand({ UserPoolId: other, ClientName: 'x', AllowedOAuthScopes: ['https://api.example.com/orders.read'] })),
      'ScopeDoesNotExistException',
      'Invalid scope requested: https://api.example.com/orders.read',
    );
  });

  it('deleting the pool deletes its resource servers', async () => {
    const poolId = await newPool(s);
    await create(poolId, 'gone-with-pool');
    await s.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual(await s.store.resourceServers.list(poolId, 10), []);
  });
});
