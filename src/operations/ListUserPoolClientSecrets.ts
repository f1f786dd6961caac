import type { ListUserPoolClientSecretsRequest, ListUserPoolClientSecretsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getClient } from '../domain/clients/clients.js';
import { clientSecrets } from '../domain/clients/secrets.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

/** Never shows secret values; no pagination (at most two secrets), as the operation documents. */
export default operation<ListUserPoolClientSecretsRequest, ListUserPoolClientSecretsResponse>('ListUserPoolClientSecrets', async (input, { deps }) => {
  await getPool(deps, input.UserPoolId!);
  const client = await getClient(deps, input.UserPoolId!, input.ClientId!);
  return {
    ClientSecrets: clientSecrets(deps.sealer, client).map((s) => ({ ClientSecretId: s.id, ClientSecretCreateDate: new Date(s.createdAt) })),
  };
});
