import type { DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeDomain } from '../domain/domains/user-pool-domains.js';
import { operation } from './operation.js';

/** A name no pool holds answers an empty DomainDescription, not an error, as Cognito does (how clients test a name is free). */
export default operation<DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse>('DescribeUserPoolDomain', async (input, { deps }) => {
  const domain = await deps.store.domains.get(input.Domain!);
  return { DomainDescription: domain ? describeDomain(deps, domain) : {} };
});
