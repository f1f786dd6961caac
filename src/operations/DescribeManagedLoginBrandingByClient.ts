import type { DescribeManagedLoginBrandingByClientRequest, DescribeManagedLoginBrandingByClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeStyle, getStyleByClient } from '../domain/branding/managed-login.js';
import { getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DescribeManagedLoginBrandingByClientRequest, DescribeManagedLoginBrandingByClientResponse>(
  'DescribeManagedLoginBrandingByClient',
  async (input, { deps }) => {
    const pool = await getPool(deps, input.UserPoolId!);
    const client = await getClient(deps, pool.id, input.ClientId!);
    const style = await getStyleByClient(deps, pool.id, client.clientId);
    return { ManagedLoginBranding: describeStyle(style, input.ReturnMergedResources === true) };
  },
);
