import type { GetIdentityProviderByIdentifierRequest, GetIdentityProviderByIdentifierResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getProviderByIdentifier, providerView } from '../domain/federation/providers.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<GetIdentityProviderByIdentifierRequest, GetIdentityProviderByIdentifierResponse>('GetIdentityProviderByIdentifier', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { IdentityProvider: providerView(deps, await getProviderByIdentifier(deps, pool, input.IdpIdentifier!)) };
});
