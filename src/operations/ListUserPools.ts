import type { ListUserPoolsRequest, ListUserPoolsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { decodePageToken, page } from '../domain/pagination.js';
import { lambdaConfig } from '../domain/pools/config.js';
import { operation } from './operation.js';

export default operation<ListUserPoolsRequest, ListUserPoolsResponse>('ListUserPools', async (input, { deps }) => {
  const limit = input.MaxResults!;
  const after = decodePageToken('pools', input.NextToken);
  const rows = await deps.store.pools.list(limit + 1, after);
  const { items, next } = page(rows, limit, (p) => p.id, 'pools');
  return {
    UserPools: items.map((p) => ({
      Id: p.id,
      Name: p.name,
      LambdaConfig: lambdaConfig(p),
      LastModifiedDate: new Date(p.updatedAt),
      CreationDate: new Date(p.createdAt),
    })),
    ...(next ? { NextToken: next } : {}),
  };
});
