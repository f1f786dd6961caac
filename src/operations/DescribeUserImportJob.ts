import type { DescribeUserImportJobRequest, DescribeUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { describeJob, getJob } from '../domain/users/import-jobs.js';
import { operation } from './operation.js';

export default operation<DescribeUserImportJobRequest, DescribeUserImportJobResponse>('DescribeUserImportJob', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { UserImportJob: describeJob(pool.id, await getJob(deps, pool.id, input.JobId!), deps.clock.now()) };
});
