import type { DeleteGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { getGroup } from '../domain/groups/groups.js';
import { resourceNotFound } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

/** Deletes the group and its memberships; tokens already issued keep the claim until they expire, as in Cognito. */
export default operation<DeleteGroupRequest, Record<string, never>>('DeleteGroup', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const group = await getGroup(deps, pool, input.GroupName!);
  if (!(await deps.store.groups.delete(pool.id, group.groupKey))) throw resourceNotFound('Group not found.');
  return {};
});
