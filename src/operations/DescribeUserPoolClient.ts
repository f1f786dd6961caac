import type { DescribeUserPoolClientRequest, DescribeUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeClient, getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse>('DescribeUserPoolClient', async (input, { deps }) => {
  await getPool(deps, input.UserPoolId!);
  return { UserPoolClient: describeClient(deps, await getClient(deps, input.UserPoolId!, input.ClientId!)) };
});
