import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { poolOfArn, poolTags } from '../domain/pools/tags.js';
import { operation } from './operation.js';

export default operation<ListTagsForResourceRequest, ListTagsForResourceResponse>('ListTagsForResource', async (input, { deps }) => {
  return { Tags: poolTags(await poolOfArn(deps, input.ResourceArn!)) };
});
