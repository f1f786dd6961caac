import type { CreateIdentityProviderRequest, CreateIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createProvider, providerView } from '../domain/federation/providers.js';
import type { ProviderType } from '../domain/federation/provider-details.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<CreateIdentityProviderRequest, CreateIdentityProviderResponse>('CreateIdentityProvider', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const provider = await createProvider(deps, pool, input.ProviderName!, input.ProviderType as ProviderType, input);
  return { IdentityProvider: providerView(deps, provider) };
});
