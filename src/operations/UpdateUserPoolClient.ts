import type { UpdateUserPoolClientRequest, UpdateUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { applyClientUpdate, describeClient, getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<UpdateUserPoolClientRequest, UpdateUserPoolClientResponse>('UpdateUserPoolClient', async (input, { deps }) => {
  await getPool(deps, input.UserPoolId!);
  const updated = applyClientUpdate(await getClient(deps, input.UserPoolId!, input.ClientId!), input, deps.clock.now());
  await deps.store.clients.update(updated);
  return { UserPoolClient: describeClient(updated) };
});
