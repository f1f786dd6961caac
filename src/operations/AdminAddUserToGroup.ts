import type { AdminAddUserToGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { addUserToGroup, getGroup } from '../domain/groups/groups.js';
import { getPool } from '../domain/pools/pools.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** Adding a member twice is not an error. The claim appears in tokens issued from now on (sign-in or refresh). */
export default operation<AdminAddUserToGroupRequest, Record<string, never>>('AdminAddUserToGroup', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  const group = await getGroup(deps, pool, input.GroupName!);
  await addUserToGroup(deps, group, user);
  return {};
});
