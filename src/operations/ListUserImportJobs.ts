import type { ListUserImportJobsRequest, ListUserImportJobsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { describeJob, listJobs } from '../domain/users/import-jobs.js';
import { operation } from './operation.js';

/** In creation order; the model allows 1–60 per page. */
export default operation<ListUserImportJobsRequest, ListUserImportJobsResponse>('ListUserImportJobs', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const { items, next } = await listJobs(deps, pool.id, { maxResults: input.MaxResults, token: input.PaginationToken });
  const now = deps.clock.now();
  return { UserImportJobs: items.map((j) => describeJob(pool.id, j, now)), ...(next ? { PaginationToken: next } : {}) };
});
