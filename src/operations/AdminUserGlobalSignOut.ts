import type { AdminUserGlobalSignOutRequest, AdminUserGlobalSignOutResponse } from '@aws-sdk/client-cognito-identity-provider';
import { signOutEverywhere } from '../domain/auth/sign-out.js';
import { getPool } from '../domain/pools/pools.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

export default operation<AdminUserGlobalSignOutRequest, AdminUserGlobalSignOutResponse>('AdminUserGlobalSignOut', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  await signOutEverywhere(deps, pool, user);
  return {};
});
