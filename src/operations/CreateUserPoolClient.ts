import type { CreateUserPoolClientRequest, CreateUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createClientRecord, describeClient } from '../domain/clients/clients.js';
import { checkAllowedOAuthScopes } from '../domain/domains/resource-servers.js';
import { checkSupportedIdentityProviders } from '../domain/federation/providers.js';
import { getPool } from '../domain/pools/pools.js';
import { checkClientAttributePermissions } from '../domain/users/attributes.js';
import { operation } from './operation.js';

export default operation<CreateUserPoolClientRequest, CreateUserPoolClientResponse>('CreateUserPoolClient', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  checkClientAttributePermissions(pool, input, 'creating');
  await checkSupportedIdentityProviders(deps, pool, input.SupportedIdentityProviders);
  const client = createClientRecord(deps, pool.id, input);
  await checkAllowedOAuthScopes(deps, pool.id, input.AllowedOAuthScopes);
  await deps.store.clients.create(client);
  return { UserPoolClient: describeClient(deps, client) };
});
