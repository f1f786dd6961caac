import type { UpdateIdentityProviderRequest, UpdateIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { providerView, updateProvider } from '../domain/federation/providers.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<UpdateIdentityProviderRequest, UpdateIdentityProviderResponse>('UpdateIdentityProvider', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  // Read-modify-write of the provider row: serialized per provider in this process (serial.ts).
  const provider = await serially(`idp:${pool.id}:${input.ProviderName}`, () => updateProvider(deps, pool, input.ProviderName!, input));
  return { IdentityProvider: providerView(deps, provider) };
});
