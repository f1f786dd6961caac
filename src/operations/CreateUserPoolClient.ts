import type { CreateUserPoolClientRequest, CreateUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createClientRecord, describeClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { checkClientAttributePermissions } from '../domain/users/attributes.js';
import { operation } from './operation.js';

export default operation<CreateUserPoolClientRequest, CreateUserPoolClientResponse>('CreateUserPoolClient', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  checkClientAttributePermissions(pool, input, 'creating');
  const client = createClientRecord(deps, pool.id, input);
  await deps.store.clients.create(client);
  return { UserPoolClient: describeClient(deps, client) };
});
