import type { DescribeUserPoolRequest, DescribeUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { poolDomainFields } from '../domain/domains/user-pool-domains.js';
import { userPoolTags } from '../domain/pools/config.js';
import { describePool, getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DescribeUserPoolRequest, DescribeUserPoolResponse>('DescribeUserPool', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  // DescribeUserPool shows the tags even when there are none (`"UserPoolTags": {}`, as Cognito answers).
  const described = { ...describePool(deps, pool, await deps.store.users.count(pool.id)), UserPoolTags: { ...userPoolTags(pool) } };
  return { UserPool: { ...described, ...(await poolDomainFields(deps, pool.id)) } };
});
