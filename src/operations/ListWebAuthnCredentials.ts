import type { ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listCredentials } from '../domain/mfa/webauthn.js';
import { operation } from './operation.js';
import { services } from './services.js';

export default operation<ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse>('ListWebAuthnCredentials', async (input, { deps }) => {
  const { user } = await services(deps).authorize(input.AccessToken!);
  return listCredentials(deps, user, input.MaxResults, input.NextToken);
});
