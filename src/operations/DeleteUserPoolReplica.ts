import type { DeleteUserPoolReplicaRequest, DeleteUserPoolReplicaResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { deleteReplica } from '../domain/pools/replicas.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<DeleteUserPoolReplicaRequest, DeleteUserPoolReplicaResponse>('DeleteUserPoolReplica', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { UserPoolReplica: await serially(`replicas:${pool.id}`, () => deleteReplica(deps, pool, input.RegionName!)) };
});
