import type { CreateUserPoolRequest, CreateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createPoolRecord, describePool } from '../domain/pools/pools.js';
import { checkTags } from '../domain/pools/tags.js';
import { operation } from './operation.js';

export default operation<CreateUserPoolRequest, CreateUserPoolResponse>('CreateUserPool', async (input, { deps }) => {
  if (input.UserPoolTags) checkTags(input.UserPoolTags);
  const pool = createPoolRecord(deps, input);
  await deps.store.pools.create(pool);
  return { UserPool: describePool(deps, pool, 0) };
});
