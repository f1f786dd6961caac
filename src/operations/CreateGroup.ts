import type { CreateGroupRequest, CreateGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createGroup, groupView } from '../domain/groups/groups.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<CreateGroupRequest, CreateGroupResponse>('CreateGroup', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const group = await createGroup(deps, pool, input.GroupName!, input);
  return { Group: groupView(group) };
});
