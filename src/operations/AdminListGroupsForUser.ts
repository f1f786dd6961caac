import type { AdminListGroupsForUserRequest, AdminListGroupsForUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { groupView, listGroupsForUser } from '../domain/groups/groups.js';
import { getPool } from '../domain/pools/pools.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

export default operation<AdminListGroupsForUserRequest, AdminListGroupsForUserResponse>('AdminListGroupsForUser', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  const { items, next } = await listGroupsForUser(deps, user, input.Limit, input.NextToken);
  return { Groups: items.map(groupView), ...(next ? { NextToken: next } : {}) };
});
