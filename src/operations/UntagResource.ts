import type { UntagResourceRequest, UntagResourceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { poolOfArn, poolTags, withTags } from '../domain/pools/tags.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

/** Removes the named keys; keys the pool does not have are ignored. */
export default operation<UntagResourceRequest, UntagResourceResponse>('UntagResource', async (input, { deps }) => {
  const { id } = await poolOfArn(deps, input.ResourceArn!);
  await serially(`pool:${id}`, async () => {
    const pool = await poolOfArn(deps, input.ResourceArn!);
    const tags = poolTags(pool);
    for (const key of input.TagKeys ?? []) delete tags[key];
    await deps.store.pools.update(withTags(pool, tags, deps.clock.now()));
  });
  return {};
});
