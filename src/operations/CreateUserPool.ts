import type { CreateUserPoolRequest, CreateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createPoolRecord, describePool } from '../domain/pools/pools.js';
import { checkTags } from '../domain/pools/tags.js';
import { operation } from './operation.js';

export default operation<CreateUserPoolRequest, CreateUserPoolResponse>('CreateUserPool', async (input, { deps, services }) => {
  if (input.UserPoolTags) checkTags(input.UserPoolTags);
  const pool = createPoolRecord(deps, input);
  await deps.store.pools.create(pool);
  // The pool's signing keys, generated on libuv's thread pool while the answer goes out (domain/tokens/keys.ts
  // prepare): the first sign-in then finds them. A failure here only means the first sign-in generates them.
  services.keys.prepare(pool.id).catch((e: unknown) => deps.log.warn('generating the new pool\'s signing keys failed', { poolId: pool.id, error: e instanceof Error ? e.message : String(e) }));
  return { UserPool: describePool(deps, pool, 0) };
});
