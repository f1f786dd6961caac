import type { ListTermsRequest, ListTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listTerms } from '../domain/clients/terms.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<ListTermsRequest, ListTermsResponse>('ListTerms', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const { items, next } = await listTerms(deps, pool.id, { maxResults: input.MaxResults, token: input.NextToken });
  return {
    Terms: items.map((t) => ({
      TermsId: t.termsId,
      TermsName: t.termsName,
      Enforcement: t.enforcement as 'NONE',
      CreationDate: new Date(t.createdAt),
      LastModifiedDate: new Date(t.updatedAt),
    })),
    ...(next ? { NextToken: next } : {}),
  };
});
