import type { AdminLinkProviderForUserRequest, AdminLinkProviderForUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { linkProviderForUser } from '../domain/federation/links.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<AdminLinkProviderForUserRequest, AdminLinkProviderForUserResponse>('AdminLinkProviderForUser', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  await linkProviderForUser(deps, pool, input.DestinationUser, input.SourceUser);
  return {};
});
