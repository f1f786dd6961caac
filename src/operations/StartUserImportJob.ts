import type { StartUserImportJobRequest, StartUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { describeJob, startJob } from '../domain/users/import-jobs.js';
import { operation } from './operation.js';

export default operation<StartUserImportJobRequest, StartUserImportJobResponse>('StartUserImportJob', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { UserImportJob: describeJob(pool.id, await startJob(deps, pool, input.JobId!), deps.clock.now()) };
});
