import type { GetCSVHeaderRequest, GetCSVHeaderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { csvHeader } from '../domain/users/import-jobs.js';
import { operation } from './operation.js';

export default operation<GetCSVHeaderRequest, GetCSVHeaderResponse>('GetCSVHeader', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { UserPoolId: pool.id, CSVHeader: csvHeader(pool) };
});
