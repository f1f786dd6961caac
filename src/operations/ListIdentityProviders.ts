import type { ListIdentityProvidersRequest, ListIdentityProvidersResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listProviders, providerSummary } from '../domain/federation/providers.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<ListIdentityProvidersRequest, ListIdentityProvidersResponse>('ListIdentityProviders', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const { items, next } = await listProviders(deps, pool, input.MaxResults, input.NextToken);
  return { Providers: items.map(providerSummary), ...(next ? { NextToken: next } : {}) };
});
