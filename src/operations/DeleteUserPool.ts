import type { DeleteUserPoolRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deletionProtection } from '../domain/pools/config.js';
import { getPool } from '../domain/pools/pools.js';
import { invalidParameter } from '../domain/errors.js';
import { forgetPoolRecords } from '../domain/pool-records.js';
import { operation } from './operation.js';

export default operation<DeleteUserPoolRequest, Record<string, never>>('DeleteUserPool', async (input, { deps, services }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  if (deletionProtection(pool) === 'ACTIVE') {
    throw invalidParameter('The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
  }
  await deps.store.pools.delete(pool.id);
  await forgetPoolRecords(deps, pool.id);
  services.keys.forget(pool.id);
  return {};
});
