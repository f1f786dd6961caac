import type { AdminConfirmSignUpRequest } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { confirmUser, notConfirmable } from '../domain/users/lifecycle.js';
import { getUser } from '../domain/users/users.js';
import { postConfirmation } from '../domain/triggers/lifecycle.js';
import { operation } from './operation.js';

/**
 * Confirms a sign-up without a code. Unlike ConfirmSignUp it verifies no attribute.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminConfirmSignUp.html
 */
export default operation<AdminConfirmSignUpRequest, Record<string, never>>('AdminConfirmSignUp', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  if (user.status !== 'UNCONFIRMED') throw notConfirmable(user);
  const confirmed = await confirmUser(deps, pool, user);
  await deps.store.codes.delete(pool.id, user.usernameKey, 'signup');
  await postConfirmation(deps, pool, 'PostConfirmation_ConfirmSignUp', confirmed, { clientMetadata: input.ClientMetadata });
  return {};
});
