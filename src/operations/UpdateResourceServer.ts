import type { UpdateResourceServerRequest, UpdateResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeResourceServer, updateResourceServer } from '../domain/domains/resource-servers.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<UpdateResourceServerRequest, UpdateResourceServerResponse>('UpdateResourceServer', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const server = await serially(`resource-servers:${pool.id}`, () =>
    updateResourceServer(deps, pool.id, { identifier: input.Identifier!, name: input.Name!, scopes: input.Scopes }),
  );
  return { ResourceServer: describeResourceServer(server) };
});
