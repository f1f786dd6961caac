import type { AdminEnableUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { getUser, updateUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** Reactivates a deactivated user (tokens revoked by AdminDisableUser stay revoked). */
export default operation<AdminEnableUserRequest, Record<string, never>>('AdminEnableUser', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  await updateUser(deps, pool, user, (u) => (u.enabled ? undefined : { ...u, enabled: true }));
  return {};
});
