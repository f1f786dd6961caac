import type { RevokeTokenRequest, RevokeTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import { revokeRefreshToken } from '../domain/auth/sign-out.js';
import { CognitoError } from '../domain/errors.js';
import { operation } from './operation.js';

export default operation<RevokeTokenRequest, RevokeTokenResponse>('RevokeToken', async (input, { deps }) => {
  // RevokeToken declares no ResourceNotFoundException: an unknown client fails client authentication.
  const client = await deps.store.clients.find(input.ClientId!);
  if (!client) throw new CognitoError('UnauthorizedException', 'Invalid client id.');
  await revokeRefreshToken(deps, client, input.Token!, input.ClientSecret);
  return {};
});
