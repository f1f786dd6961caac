import type { AdminGetUserRequest, AdminGetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { adminUserView } from '../domain/users/attributes.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** A user by user name, alias or sub, with dates, status and MFA settings. */
export default operation<AdminGetUserRequest, AdminGetUserResponse>('AdminGetUser', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return adminUserView(await getUser(deps, pool, input.Username!));
});
