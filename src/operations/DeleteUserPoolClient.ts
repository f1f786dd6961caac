import type { DeleteUserPoolClientRequest } from '@aws-sdk/client-cognito-identity-provider';
import { forgetClientBranding } from '../domain/branding/branding.js';
import { getClient } from '../domain/clients/clients.js';
import { forgetClientTerms } from '../domain/clients/terms.js';
import { forgetClientRisk } from '../domain/pools/risk.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DeleteUserPoolClientRequest, Record<string, never>>('DeleteUserPoolClient', async (input, { deps }) => {
  await getPool(deps, input.UserPoolId!);
  const client = await getClient(deps, input.UserPoolId!, input.ClientId!);
  await deps.store.clients.delete(client.poolId, client.clientId);
  await forgetClientTerms(deps, client.poolId, client.clientId);
  await forgetClientRisk(deps, client.poolId, client.clientId);
  await forgetClientBranding(deps, client.poolId, client.clientId);
  return {};
});
