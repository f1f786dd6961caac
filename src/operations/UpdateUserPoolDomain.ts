import type { UpdateUserPoolDomainRequest, UpdateUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { domainChangeResult, NO_SUCH_DOMAIN, updateDomain } from '../domain/domains/user-pool-domains.js';
import { invalidParameter } from '../domain/errors.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<UpdateUserPoolDomainRequest, UpdateUserPoolDomainResponse>('UpdateUserPoolDomain', async (input, { deps }) => {
  const pool = await deps.store.pools.get(input.UserPoolId!);
  if (!pool) throw invalidParameter(NO_SUCH_DOMAIN);
  const domain = await serially(`domain:${input.Domain}`, () => updateDomain(deps, pool, input.Domain!, input));
  return domainChangeResult(domain);
});
