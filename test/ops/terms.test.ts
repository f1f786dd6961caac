import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTermsCommand,
  DeleteTermsCommand,
  DeleteUserPoolClientCommand,
  DescribeTermsCommand,
  ListTermsCommand,
  UpdateTermsCommand,
  type CreateTermsRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createPool } from '../helpers/fixtures.js';

describe('terms documents: CreateTerms / DescribeTerms / ListTerms / UpdateTerms / DeleteTerms', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
  });
  after(async () => s.stop());

  const create = (clientId: string, extra: Partial<CreateTermsRequest> = {}) =>
    s.client.send(
      new CreateTermsCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        TermsName: 'terms-of-use',
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: { 'cognito:default': 'https://example.com/terms', 'cognito:spanish': 'https://example.com/es/terms' },
        ...extra,
      }),
    );

  it('creates, describes, updates and deletes a terms document', async () => {
    const { clientId } = await createClient(s, poolId);
    const { Terms } = await create(clientId);
    assert.match(Terms!.TermsId!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(Terms!.UserPoolId, poolId);
    assert.equal(Terms!.ClientId, clientId);
    assert.equal(Terms!.TermsName, 'terms-of-use');
    assert.deepEqual(Terms!.Links, { 'cognito:default': 'https://example.com/terms', 'cognito:spanish': 'https://example.com/es/terms' });
    assert.ok(Terms!.CreationDate instanceof Date);

    const { Terms: d } = await s.client.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: Terms!.TermsId }));
    assert.deepEqual(d, Terms);

    s.clock.advance(60_000);
    const { Terms: u } = await s.client.send(
      new UpdateTermsCommand({ UserPoolId: poolId, TermsId: Terms!.TermsId, Links: { 'cognito:default': 'https://example.com/v2' } }),
    );
    assert.deepEqual(u!.Links, { 'cognito:default': 'https://example.com/v2' });
    assert.equal(u!.TermsName, 'terms-of-use');
    assert.equal(u!.LastModifiedDate!.getTime() - u!.CreationDate!.getTime(), 60_000);

    await s.client.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: Terms!.TermsId }));
    await rejectsWith(
      s.client.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: Terms!.TermsId })),
      'ResourceNotFoundException',
      `Terms ${Terms!.TermsId} does not exist.`,
    );
  });

  it('one document of each name per client: a second one is TermsExistsException, on create and on rename', async () => {
    const { clientId } = await createClient(s, poolId);
    await create(clientId);
    const { Terms: privacy } = await create(clientId, { TermsName: 'privacy-policy' });
    await rejectsWith(create(clientId), 'TermsExistsException', `Terms terms-of-use already exist for app client ${clientId}.`);
    await rejectsWith(
      s.client.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: privacy!.TermsId, TermsName: 'terms-of-use' })),
      'TermsExistsException',
      `Terms terms-of-use already exist for app client ${clientId}.`,
    );
    // Another client may have its own.
    const other = await createClient(s, poolId);
    assert.ok((await create(other.clientId)).Terms);
  });

  it('validation: the name, the languages and the links', async () => {
    const { clientId } = await createClient(s, poolId);
    await rejectsWith(create(clientId, { TermsName: 'cookies' }), 'InvalidParameterException', /^1 validation error detected: Value 'cookies' at 'termsName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await rejectsWith(create(clientId, { Links: { klingon: 'https://example.com' } }), 'InvalidParameterException', /at 'links' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await rejectsWith(create(clientId, { Links: undefined }), 'InvalidParameterException', 'Links are required for terms documents with TermsSource LINK.');
  });

  it('unknown pool, client and terms ids are ResourceNotFoundException', async () => {
    await rejectsWith(create('nosuchclient'), 'ResourceNotFoundException', 'User pool client nosuchclient does not exist.');
    await rejectsWith(
      s.client.send(new ListTermsCommand({ UserPoolId: 'us-east-1_nosuchpol' })),
      'ResourceNotFoundException',
      'User pool us-east-1_nosuchpol does not exist.',
    );
    const missing = '2f1b3a4c-1d2e-4f50-8a6b-7c8d9e0f1a2b';
    await rejectsWith(
      s.client.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: missing, Enforcement: 'NONE' })),
      'ResourceNotFoundException',
      `Terms ${missing} does not exist.`,
    );
    await rejectsWith(s.client.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: missing })), 'ResourceNotFoundException', `Terms ${missing} does not exist.`);
  });

  it('ListTerms pages through every document of the pool; a deleted client takes its documents with it', async () => {
    const pool = await createPool(s);
    const ids: string[] = [];
    const clients: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { clientId } = await createClient(s, pool);
      clients.push(clientId);
      for (const name of ['terms-of-use', 'privacy-policy']) {
        const { Terms } = await s.client.send(
          new CreateTermsCommand({ UserPoolId: pool, ClientId: clientId, TermsName: name, TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': 'https://example.com' } }),
        );
        ids.push(Terms!.TermsId!);
      }
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await s.client.send(new ListTermsCommand({ UserPoolId: pool, MaxResults: 4, NextToken: token }));
      assert.ok(r.Terms!.length <= 4);
      seen.push(...r.Terms!.map((t) => t.TermsId!));
      token = r.NextToken;
      pages++;
    } while (token);
    assert.equal(pages, 2);
    assert.deepEqual([...seen].sort(), [...ids].sort());

    await s.client.send(new DeleteUserPoolClientCommand({ UserPoolId: pool, ClientId: clients[0] }));
    const { Terms } = await s.client.send(new ListTermsCommand({ UserPoolId: pool }));
    assert.equal(Terms!.length, 4);
    await rejectsWith(s.client.send(new ListTermsCommand({ UserPoolId: pool, NextToken: 'garbage' })), 'InvalidParameterException', 'Invalid pagination token.');
  });
});
