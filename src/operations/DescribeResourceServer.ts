import type { DescribeResourceServerRequest, DescribeResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeResourceServer, getResourceServer } from '../domain/domains/resource-servers.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DescribeResourceServerRequest, DescribeResourceServerResponse>('DescribeResourceServer', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { ResourceServer: describeResourceServer(await getResourceServer(deps, pool.id, input.Identifier!)) };
});
