import type { CreateUserPoolDomainRequest, CreateUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createDomain, domainChangeResult } from '../domain/domains/user-pool-domains.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<CreateUserPoolDomainRequest, CreateUserPoolDomainResponse>('CreateUserPoolDomain', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  // One process at a time per name (the store's keys decide between processes).
  const domain = await serially(`domain:${input.Domain}`, () => createDomain(deps, pool, input.Domain!, input));
  return domainChangeResult(domain);
});
