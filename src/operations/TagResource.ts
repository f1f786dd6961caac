import type { TagResourceRequest, TagResourceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { poolOfArn, poolTags, withTags } from '../domain/pools/tags.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

/** Adds the tags, replacing the values of keys that exist. */
export default operation<TagResourceRequest, TagResourceResponse>('TagResource', async (input, { deps }) => {
  const { id } = await poolOfArn(deps, input.ResourceArn!);
  await serially(`pool:${id}`, async () => {
    const pool = await poolOfArn(deps, input.ResourceArn!);
    await deps.store.pools.update(withTags(pool, { ...poolTags(pool), ...(input.Tags ?? {}) }, deps.clock.now()));
  });
  return {};
});
