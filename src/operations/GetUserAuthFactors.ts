import type { GetUserAuthFactorsRequest, GetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { userAuthFactors } from '../domain/mfa/auth-factors.js';
import { operation } from './operation.js';

export default operation<GetUserAuthFactorsRequest, GetUserAuthFactorsResponse>('GetUserAuthFactors', async (input, { deps, services }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  return userAuthFactors(deps, pool, user);
});
