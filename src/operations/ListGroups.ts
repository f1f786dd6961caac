import type { ListGroupsRequest, ListGroupsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { groupView, listGroups } from '../domain/groups/groups.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<ListGroupsRequest, ListGroupsResponse>('ListGroups', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const { items, next } = await listGroups(deps, pool, input.Limit, input.NextToken);
  return { Groups: items.map(groupView), ...(next ? { NextToken: next } : {}) };
});
