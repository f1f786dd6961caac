import type { CreateUserImportJobRequest, CreateUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import { unsupportedOperation } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { createJob, describeJob } from '../domain/users/import-jobs.js';
import { operation } from './operation.js';

export default operation<CreateUserImportJobRequest, CreateUserImportJobResponse>('CreateUserImportJob', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  if (input.PasswordHashingAlgorithm) {
    throw unsupportedOperation('cognate does not import password hashes (PasswordHashingAlgorithm) yet: imported users reset their passwords.');
  }
  const job = await createJob(deps, pool, { jobName: input.JobName!, cloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn! });
  return { UserImportJob: describeJob(pool.id, job, deps.clock.now()) };
});
