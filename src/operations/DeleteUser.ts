import type { DeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { userDoesNotExist } from '../domain/errors.js';
import { operation } from './operation.js';

/** The signed-in user deletes their profile; every token issued to them stops working at once. */
export default operation<DeleteUserRequest, Record<string, never>>('DeleteUser', async (input, { deps, services }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  if (!(await deps.store.users.delete(pool.id, user.usernameKey, deps.clock.now()))) throw userDoesNotExist();
  return {};
});
