import type { ListUsersRequest, ListUsersResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { userTypeView } from '../domain/users/attributes.js';
import { listUsers, parseUserFilter } from '../domain/users/search.js';
import { operation } from './operation.js';

const DEFAULT_LIMIT = 60;

/** Users of a pool in user-name order, page by page, optionally filtered (search.ts) and with chosen attributes. */
export default operation<ListUsersRequest, ListUsersResponse>('ListUsers', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const filter = parseUserFilter(input.Filter);
  const limit = input.Limit ? input.Limit : DEFAULT_LIMIT;
  const { users, next } = await listUsers(deps, pool, limit, input.PaginationToken, filter);
  return {
    Users: users.map((u) => userTypeView(u, input.AttributesToGet ?? undefined)),
    ...(next ? { PaginationToken: next } : {}),
  };
});
