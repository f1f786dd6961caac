import type { CreateResourceServerRequest, CreateResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createResourceServer, describeResourceServer } from '../domain/domains/resource-servers.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<CreateResourceServerRequest, CreateResourceServerResponse>('CreateResourceServer', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const server = await serially(`resource-servers:${pool.id}`, () =>
    createResourceServer(deps, pool.id, { identifier: input.Identifier!, name: input.Name!, scopes: input.Scopes }),
  );
  return { ResourceServer: describeResourceServer(server) };
});
