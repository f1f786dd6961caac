import type { CreateManagedLoginBrandingRequest, CreateManagedLoginBrandingResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createStyle, describeStyle } from '../domain/branding/managed-login.js';
import { getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<CreateManagedLoginBrandingRequest, CreateManagedLoginBrandingResponse>('CreateManagedLoginBranding', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const client = await getClient(deps, pool.id, input.ClientId!);
  const style = await createStyle(deps, pool.id, client.clientId, {
    useCognitoProvidedValues: input.UseCognitoProvidedValues,
    settings: input.Settings,
    assets: input.Assets,
  });
  return { ManagedLoginBranding: describeStyle(style, false) };
});
