import type { DeleteResourceServerRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteResourceServer } from '../domain/domains/resource-servers.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<DeleteResourceServerRequest, Record<string, never>>('DeleteResourceServer', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  await serially(`resource-servers:${pool.id}`, () => deleteResourceServer(deps, pool.id, input.Identifier!));
  return {};
});
