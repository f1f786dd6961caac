import type { AddUserPoolClientSecretRequest, AddUserPoolClientSecretResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getClient } from '../domain/clients/clients.js';
import { addClientSecret } from '../domain/clients/secrets.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<AddUserPoolClientSecretRequest, AddUserPoolClientSecretResponse>('AddUserPoolClientSecret', async (input, { deps }) => {
  await getPool(deps, input.UserPoolId!);
  const secret = await serially(`client:${input.ClientId}`, async () => {
    const client = await getClient(deps, input.UserPoolId!, input.ClientId!);
    const added = addClientSecret(deps, client, input.ClientSecret);
    await deps.store.clients.update(added.client);
    return added.secret;
  });
  return {
    ClientSecretDescriptor: {
      ClientSecretId: secret.id,
      // Cognito returns the value only of a secret it generated; a caller-provided one is not echoed.
      ...(input.ClientSecret === undefined ? { ClientSecretValue: secret.value } : {}),
      ClientSecretCreateDate: new Date(secret.createdAt),
    },
  };
});
