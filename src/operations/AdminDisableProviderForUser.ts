import type { AdminDisableProviderForUserRequest, AdminDisableProviderForUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { disableProviderForUser } from '../domain/federation/links.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<AdminDisableProviderForUserRequest, AdminDisableProviderForUserResponse>('AdminDisableProviderForUser', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  await disableProviderForUser(deps, pool, input.User);
  return {};
});
