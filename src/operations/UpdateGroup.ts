import type { UpdateGroupRequest, UpdateGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import { groupView, updateGroup } from '../domain/groups/groups.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

/** Changes the settings the request gives; the others stay (groups.ts updateGroup). */
export default operation<UpdateGroupRequest, UpdateGroupResponse>('UpdateGroup', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { Group: groupView(await updateGroup(deps, pool, input.GroupName!, input)) };
});
