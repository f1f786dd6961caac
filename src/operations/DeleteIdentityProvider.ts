import type { DeleteIdentityProviderRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteProvider } from '../domain/federation/providers.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DeleteIdentityProviderRequest, Record<string, never>>('DeleteIdentityProvider', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  await deleteProvider(deps, pool, input.ProviderName!);
  return {};
});
