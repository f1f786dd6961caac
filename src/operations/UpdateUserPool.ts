import type { UpdateUserPoolRequest, UpdateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { applyPoolUpdate, getPool } from '../domain/pools/pools.js';
import { checkTags } from '../domain/pools/tags.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<UpdateUserPoolRequest, UpdateUserPoolResponse>('UpdateUserPool', async (input, { deps }) => {
  if (input.UserPoolTags) checkTags(input.UserPoolTags);
  // Serialized with TagResource/UntagResource (serial.ts): the pool's settings, tags included, are written whole.
  await serially(`pool:${input.UserPoolId}`, async () => {
    const pool = await getPool(deps, input.UserPoolId!);
    await deps.store.pools.update(applyPoolUpdate(pool, input, deps.clock.now()));
  });
  return {};
});
