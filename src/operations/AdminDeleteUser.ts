import type { AdminDeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { userDoesNotExist } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** Deletes the user with its aliases, codes and devices; its tokens stop working at once. */
export default operation<AdminDeleteUserRequest, Record<string, never>>('AdminDeleteUser', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  if (!(await deps.store.users.delete(pool.id, user.usernameKey, deps.clock.now()))) throw userDoesNotExist();
  return {};
});
