import type { ListUserPoolReplicasRequest, ListUserPoolReplicasResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { listReplicas } from '../domain/pools/replicas.js';
import { operation } from './operation.js';

const PAGE = 60;

export default operation<ListUserPoolReplicasRequest, ListUserPoolReplicasResponse>('ListUserPoolReplicas', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const { items, next } = await listReplicas(deps, pool, PAGE, input.NextToken);
  return { UserPoolReplicas: items, ...(next ? { NextToken: next } : {}) };
});
