import type { DescribeUserPoolRequest, DescribeUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { poolDomainFields } from '../domain/domains/user-pool-domains.js';
import { describePool, getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DescribeUserPoolRequest, DescribeUserPoolResponse>('DescribeUserPool', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { UserPool: { ...describePool(deps, pool, await deps.store.users.count(pool.id)), ...(await poolDomainFields(deps, pool.id)) } };
});
