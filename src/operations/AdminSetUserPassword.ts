import type { AdminSetUserPasswordRequest } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { withNewPassword } from '../domain/users/passwords.js';
import { getUser, updateUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/**
 * Sets a password: Permanent → CONFIRMED; otherwise a temporary password (FORCE_CHANGE_PASSWORD) the user must
 * replace at the next sign-in. The pool policy and password history apply.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html
 */
export default operation<AdminSetUserPasswordRequest, Record<string, never>>('AdminSetUserPassword', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  await updateUser(deps, pool, user, (u) => withNewPassword(deps, pool, u, input.Password!, { temporary: !input.Permanent }));
  return {};
});
