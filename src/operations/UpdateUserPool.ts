import type { UpdateUserPoolRequest, UpdateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { applyPoolUpdate, getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<UpdateUserPoolRequest, UpdateUserPoolResponse>('UpdateUserPool', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  await deps.store.pools.update(applyPoolUpdate(pool, input, deps.clock.now()));
  return {};
});
