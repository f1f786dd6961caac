import type { DeleteUserPoolDomainRequest, DeleteUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { deleteDomain } from '../domain/domains/user-pool-domains.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

/** An unknown pool answers as an unknown domain does ("No such domain or user pool exists."). */
export default operation<DeleteUserPoolDomainRequest, DeleteUserPoolDomainResponse>('DeleteUserPoolDomain', async (input, { deps }) => {
  await serially(`domain:${input.Domain}`, () => deleteDomain(deps, input.UserPoolId!, input.Domain!));
  return {};
});
