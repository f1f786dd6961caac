import type { UpdateUserPoolReplicaRequest, UpdateUserPoolReplicaResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { updateReplica } from '../domain/pools/replicas.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<UpdateUserPoolReplicaRequest, UpdateUserPoolReplicaResponse>('UpdateUserPoolReplica', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { UserPoolReplica: await serially(`replicas:${pool.id}`, () => updateReplica(deps, pool, input.RegionName!, input.Status!)) };
});
