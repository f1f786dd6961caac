import type { CreateUserPoolRequest, CreateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createPoolRecord, describePool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<CreateUserPoolRequest, CreateUserPoolResponse>('CreateUserPool', async (input, { deps }) => {
  const pool = createPoolRecord(deps, input);
  await deps.store.pools.create(pool);
  return { UserPool: describePool(deps, pool, 0) };
});
