import type { DescribeIdentityProviderRequest, DescribeIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getProvider, providerView } from '../domain/federation/providers.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DescribeIdentityProviderRequest, DescribeIdentityProviderResponse>('DescribeIdentityProvider', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { IdentityProvider: providerView(deps, await getProvider(deps, pool, input.ProviderName!)) };
});
