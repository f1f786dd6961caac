import type { DeleteTermsRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteTerms } from '../domain/clients/terms.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<DeleteTermsRequest, Record<string, never>>('DeleteTerms', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  await serially(`terms:${pool.id}`, () => deleteTerms(deps, pool.id, input.TermsId!));
  return {};
});
