import type { AdminDisableUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { getUser, updateUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/**
 * Deactivates the user and revokes its tokens; the user still appears in ListUsers.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableUser.html
 */
export default operation<AdminDisableUserRequest, Record<string, never>>('AdminDisableUser', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  await updateUser(deps, pool, user, (u) => (u.enabled ? { ...u, enabled: false } : undefined));
  await deps.store.tokens.revokeUser(pool.id, user.usernameKey, deps.clock.now());
  return {};
});
