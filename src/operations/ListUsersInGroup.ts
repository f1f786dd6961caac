import type { ListUsersInGroupRequest, ListUsersInGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getGroup, listUsersInGroup } from '../domain/groups/groups.js';
import { getPool } from '../domain/pools/pools.js';
import { userTypeView } from '../domain/users/attributes.js';
import { operation } from './operation.js';

export default operation<ListUsersInGroupRequest, ListUsersInGroupResponse>('ListUsersInGroup', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const group = await getGroup(deps, pool, input.GroupName!);
  const { items, next } = await listUsersInGroup(deps, group, input.Limit, input.NextToken);
  return { Users: items.map((u) => userTypeView(u)), ...(next ? { NextToken: next } : {}) };
});
