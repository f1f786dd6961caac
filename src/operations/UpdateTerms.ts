import type { UpdateTermsRequest, UpdateTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeTerms, updateTerms } from '../domain/clients/terms.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<UpdateTermsRequest, UpdateTermsResponse>('UpdateTerms', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const terms = await serially(`terms:${pool.id}`, () =>
    updateTerms(deps, pool.id, input.TermsId!, {
      termsName: input.TermsName,
      termsSource: input.TermsSource,
      enforcement: input.Enforcement,
      links: input.Links,
    }),
  );
  return { Terms: describeTerms(pool.id, terms) };
});
