import type { UpdateUserPoolClientRequest, UpdateUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { applyClientUpdate, describeClient, getClient } from '../domain/clients/clients.js';
import { checkAllowedOAuthScopes } from '../domain/domains/resource-servers.js';
import { checkSupportedIdentityProviders } from '../domain/federation/providers.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { checkClientAttributePermissions } from '../domain/users/attributes.js';
import { operation } from './operation.js';

export default operation<UpdateUserPoolClientRequest, UpdateUserPoolClientResponse>('UpdateUserPoolClient', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  checkClientAttributePermissions(pool, input, 'updating');
  await checkAllowedOAuthScopes(deps, pool.id, input.AllowedOAuthScopes);
  await checkSupportedIdentityProviders(deps, pool, input.SupportedIdentityProviders);
  // Serialized with secret changes (serial.ts): the client row, secrets included, is written whole.
  const updated = await serially(`client:${input.ClientId}`, async () => {
    const client = applyClientUpdate(await getClient(deps, input.UserPoolId!, input.ClientId!), input, deps.clock.now());
    await deps.store.clients.update(client);
    return client;
  });
  return { UserPoolClient: describeClient(deps, updated) };
});
