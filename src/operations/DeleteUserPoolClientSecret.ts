import type { DeleteUserPoolClientSecretRequest, DeleteUserPoolClientSecretResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getClient } from '../domain/clients/clients.js';
import { deleteClientSecret } from '../domain/clients/secrets.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<DeleteUserPoolClientSecretRequest, DeleteUserPoolClientSecretResponse>('DeleteUserPoolClientSecret', async (input, { deps }) => {
  await getPool(deps, input.UserPoolId!);
  await serially(`client:${input.ClientId}`, async () => {
    const client = await getClient(deps, input.UserPoolId!, input.ClientId!);
    await deps.store.clients.update(deleteClientSecret(deps, client, input.ClientSecretId!));
  });
  return {};
});
