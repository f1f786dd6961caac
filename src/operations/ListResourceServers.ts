import type { ListResourceServersRequest, ListResourceServersResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeResourceServer, listResourceServers } from '../domain/domains/resource-servers.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<ListResourceServersRequest, ListResourceServersResponse>('ListResourceServers', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const { items, next } = await listResourceServers(deps, pool.id, { maxResults: input.MaxResults, token: input.NextToken });
  return { ResourceServers: items.map(describeResourceServer), ...(next ? { NextToken: next } : {}) };
});
