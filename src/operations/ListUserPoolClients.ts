import type { ListUserPoolClientsRequest, ListUserPoolClientsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { decodePageToken, page } from '../domain/pagination.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<ListUserPoolClientsRequest, ListUserPoolClientsResponse>('ListUserPoolClients', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const limit = input.MaxResults ?? 60;
  const after = decodePageToken('clients', input.NextToken);
  const { items, next } = page(await deps.store.clients.list(pool.id, limit + 1, after), limit, (c) => c.clientId, 'clients');
  return {
    UserPoolClients: items.map((c) => ({ ClientId: c.clientId, UserPoolId: c.poolId, ClientName: c.clientName })),
    ...(next ? { NextToken: next } : {}),
  };
});
