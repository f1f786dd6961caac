import type { GetGroupRequest, GetGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getGroup, groupView } from '../domain/groups/groups.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<GetGroupRequest, GetGroupResponse>('GetGroup', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { Group: groupView(await getGroup(deps, pool, input.GroupName!)) };
});
