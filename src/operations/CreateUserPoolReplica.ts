import type { CreateUserPoolReplicaRequest, CreateUserPoolReplicaResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { createReplica } from '../domain/pools/replicas.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<CreateUserPoolReplicaRequest, CreateUserPoolReplicaResponse>('CreateUserPoolReplica', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { UserPoolReplica: await serially(`replicas:${pool.id}`, () => createReplica(deps, pool, input.RegionName!, input.UserPoolTags)) };
});
