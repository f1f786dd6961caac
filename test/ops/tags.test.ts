import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';

describe('pool tags: TagResource / UntagResource / ListTagsForResource and UserPoolTags', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  const createPool = async (tags?: Record<string, string>) => {
    const { UserPool } = await s.client.send(new CreateUserPoolCommand({ PoolName: 'tagged', UserPoolTags: tags }));
    return { id: UserPool!.Id!, arn: UserPool!.Arn! };
  };
  const listTags = async (arn: string) => (await s.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags;
  const describeTags = async (id: string) => (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.UserPoolTags;

  it('tags given at creation are listed; TagResource adds and overwrites; UntagResource removes; DescribeUserPool agrees', async () => {
    const { id, arn } = await createPool({ env: 'test', owner: 'ann' });
    assert.equal(arn, `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${id}`);
    assert.deepEqual(await listTags(arn), { env: 'test', owner: 'ann' });

    await s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'prod', team: 'identity', empty: '' } }));
    assert.deepEqual(await listTags(arn), { env: 'prod', owner: 'ann', team: 'identity', empty: '' });
    assert.deepEqual(await describeTags(id), { env: 'prod', owner: 'ann', team: 'identity', empty: '' });

    await s.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['owner', 'never-there'] }));
    assert.deepEqual(await listTags(arn), { env: 'prod', team: 'identity', empty: '' });

    await s.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['env', 'team', 'empty'] }));
    assert.deepEqual(await listTags(arn), {});
    assert.deepEqual(await describeTags(id), {}, 'an untagged pool shows UserPoolTags {}, as Cognito\'s describe-user-pool does');
  });

  it('UpdateUserPool sets UserPoolTags, which ListTagsForResource then shows', async () => {
    const { id, arn } = await createPool();
    assert.deepEqual(await listTags(arn), {});
    await s.client.send(new UpdateUserPoolCommand({ UserPoolId: id, UserPoolTags: { cost: 'c1' } }));
    assert.deepEqual(await listTags(arn), { cost: 'c1' });
  });

  it('a pool has at most 50 tags, on TagResource and on CreateUserPool', async () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`]));
    const { arn } = await createPool(fifty);
    assert.equal(Object.keys((await listTags(arn))!).length, 50);
    await s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k0: 'replaced' } }));
    await rejectsWith(s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k50: 'x' } })), 'InvalidParameterException', 'A user pool can have at most 50 tags.');
    assert.equal((await listTags(arn))!.k50, undefined);
    await rejectsWith(
      s.client.send(new CreateUserPoolCommand({ PoolName: 'too-many', UserPoolTags: { ...fifty, k50: 'x' } })),
      'InvalidParameterException',
      'A user pool can have at most 50 tags.',
    );
  });

  it('reserved aws: keys and over-long keys are refused', async () => {
    const { arn } = await createPool();
    await rejectsWith(
      s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { 'aws:cloudformation:stack': 'x' } })),
      'InvalidParameterException',
      'Tag key aws:cloudformation:stack is invalid: the aws: prefix is reserved for AWS use.',
    );
    await rejectsWith(
      s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { ['k'.repeat(129)]: 'x' } })),
      'InvalidParameterException',
      `1 validation error detected: Value '${'k'.repeat(129)}' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
  });

  it('an ARN of an unknown pool, another region or another account is ResourceNotFoundException; a non-pool ARN is invalid', async () => {
    const { id } = await createPool();
    await rejectsWith(
      s.client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_nosuchpol' })),
      'ResourceNotFoundException',
      'User pool us-east-1_nosuchpol does not exist.',
    );
    await rejectsWith(
      s.client.send(new TagResourceCommand({ ResourceArn: `arn:aws:cognito-idp:eu-west-1:000000000000:userpool/${id}`, Tags: { a: 'b' } })),
      'ResourceNotFoundException',
      `User pool ${id} does not exist.`,
    );
    await rejectsWith(
      s.client.send(new UntagResourceCommand({ ResourceArn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${id}`, TagKeys: ['a'] })),
      'ResourceNotFoundException',
      `User pool ${id} does not exist.`,
    );
    await rejectsWith(
      s.client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:s3:us-east-1:000000000000:bucket/x' })),
      'InvalidParameterException',
      'arn:aws:s3:us-east-1:000000000000:bucket/x is not a user pool ARN.',
    );
  });

  it('concurrent TagResource calls on one pool all take effect', async () => {
    const { arn } = await createPool();
    await Promise.all(Array.from({ length: 8 }, (_, i) => s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { [`t${i}`]: String(i) } }))));
    assert.equal(Object.keys((await listTags(arn))!).length, 8);
  });
});
