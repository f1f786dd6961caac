import type { AdminGetUserAuthFactorsRequest, AdminGetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { userAuthFactors } from '../domain/mfa/auth-factors.js';
import { getPool } from '../domain/pools/pools.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

export default operation<AdminGetUserAuthFactorsRequest, AdminGetUserAuthFactorsResponse>('AdminGetUserAuthFactors', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return userAuthFactors(deps, pool, await getUser(deps, pool, input.Username!));
});
