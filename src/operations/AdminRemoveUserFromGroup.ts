import type { AdminRemoveUserFromGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { getGroup } from '../domain/groups/groups.js';
import { getPool } from '../domain/pools/pools.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** Removing a user who is not a member is not an error. */
export default operation<AdminRemoveUserFromGroupRequest, Record<string, never>>('AdminRemoveUserFromGroup', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  const group = await getGroup(deps, pool, input.GroupName!);
  await deps.store.groups.removeMember(pool.id, group.groupKey, user.usernameKey);
  return {};
});
