import type { CreateTermsRequest, CreateTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getClient } from '../domain/clients/clients.js';
import { createTerms, describeTerms } from '../domain/clients/terms.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<CreateTermsRequest, CreateTermsResponse>('CreateTerms', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const client = await getClient(deps, pool.id, input.ClientId!);
  const terms = await serially(`terms:${pool.id}`, () =>
    createTerms(deps, pool.id, {
      clientId: client.clientId,
      termsName: input.TermsName!,
      termsSource: input.TermsSource!,
      enforcement: input.Enforcement!,
      links: input.Links,
    }),
  );
  return { Terms: describeTerms(pool.id, terms) };
});
