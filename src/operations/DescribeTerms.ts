import type { DescribeTermsRequest, DescribeTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeTerms, getTerms } from '../domain/clients/terms.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DescribeTermsRequest, DescribeTermsResponse>('DescribeTerms', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { Terms: describeTerms(pool.id, await getTerms(deps, pool.id, input.TermsId!)) };
});
