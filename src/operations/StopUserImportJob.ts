import type { StopUserImportJobRequest, StopUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { describeJob, stopJob } from '../domain/users/import-jobs.js';
import { operation } from './operation.js';

export default operation<StopUserImportJobRequest, StopUserImportJobResponse>('StopUserImportJob', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { UserImportJob: describeJob(pool.id, await stopJob(deps, pool.id, input.JobId!), deps.clock.now()) };
});
