import type { ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listCredentials } from '../domain/mfa/webauthn.js';
import { operation } from './operation.js';

export default operation<ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse>('ListWebAuthnCredentials', async (input, { deps, services }) => {
  const { user } = await services.authorize(input.AccessToken!);
  return listCredentials(deps, user, input.MaxResults, input.NextToken);
});
