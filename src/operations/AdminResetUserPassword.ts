import type { AdminResetUserPasswordRequest, AdminResetUserPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminResetUserPassword } from '../domain/auth/passwords.js';
import { getPool } from '../domain/pools/pools.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

export default operation<AdminResetUserPasswordRequest, AdminResetUserPasswordResponse>('AdminResetUserPassword', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  await adminResetUserPassword(deps, pool, user);
  return {};
});
