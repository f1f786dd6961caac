import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolReplicaCommand,
  DeleteUserPoolReplicaCommand,
  ListUserPoolReplicasCommand,
  UpdateUserPoolReplicaCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createPool } from '../helpers/fixtures.js';

describe('user pool replicas (passive on a single-region server)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  it('creates, lists beside the primary, deactivates and deletes a replica', async () => {
    const poolId = await createPool(s);
    const list = async () => (await s.client.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }))).UserPoolReplicas;
    assert.deepEqual(await list(), [{ RegionName: 'us-east-1', Status: 'ACTIVE', Role: 'PRIMARY', UserPoolArn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}` }]);

    const { UserPoolReplica } = await s.client.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1', UserPoolTags: { env: 'dr' } }));
    assert.deepEqual(UserPoolReplica, { RegionName: 'eu-west-1', Status: 'CREATING', Role: 'SECONDARY', UserPoolArn: `arn:aws:cognito-idp:eu-west-1:000000000000:userpool/${poolId}` });
    assert.deepEqual((await list())!.map((r) => [r.RegionName, r.Role, r.Status]), [['us-east-1', 'PRIMARY', 'ACTIVE'], ['eu-west-1', 'SECONDARY', 'ACTIVE']]);

    await rejectsWith(
      s.client.send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1' })),
      'InvalidParameterException',
      'The replica in eu-west-1 is ACTIVE: only an INACTIVE replica can be deleted.',
    );
    const updated = await s.client.send(new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1', Status: 'INACTIVE' }));
    assert.equal(updated.UserPoolReplica!.Status, 'INACTIVE');
    const deleted = await s.client.send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1' }));
    assert.equal(deleted.UserPoolReplica!.Status, 'DELETING');
    assert.equal((await list())!.length, 1);
  });

  it('refuses the primary region, a bad region name and a second replica in one region; unknown replicas are not found', async () => {
    const poolId = await createPool(s);
    await rejectsWith(
      s.client.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'us-east-1' })),
      'InvalidParameterException',
      "The user pool's primary region is us-east-1: a replica must be in another region.",
    );
    await rejectsWith(s.client.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'mars-base' })), 'InvalidParameterException', 'mars-base is not a valid region name.');
    await s.client.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'ap-southeast-2' }));
    await rejectsWith(
      s.client.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'ap-southeast-2' })),
      'InvalidParameterException',
      `User pool ${poolId} already has a replica in ap-southeast-2.`,
    );
    await rejectsWith(
      s.client.send(new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-central-1', Status: 'ACTIVE' })),
      'ResourceNotFoundException',
      `User pool ${poolId} has no replica in eu-central-1.`,
    );
    await rejectsWith(s.client.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId, NextToken: 'garbage' })), 'InvalidParameterException', 'Invalid pagination token.');
    await rejectsWith(
      s.client.send(new ListUserPoolReplicasCommand({ UserPoolId: 'us-east-1_nosuchpol' })),
      'ResourceNotFoundException',
      'User pool us-east-1_nosuchpol does not exist.',
    );
  });
});
