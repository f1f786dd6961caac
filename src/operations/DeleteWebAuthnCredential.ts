import type { DeleteWebAuthnCredentialRequest, DeleteWebAuthnCredentialResponse } from '@aws-sdk/client-cognito-identity-provider';
import { deleteCredential } from '../domain/mfa/webauthn.js';
import { operation } from './operation.js';
import { services } from './services.js';

export default operation<DeleteWebAuthnCredentialRequest, DeleteWebAuthnCredentialResponse>('DeleteWebAuthnCredential', async (input, { deps }) => {
  const { pool, user } = await services(deps).authorize(input.AccessToken!);
  await deleteCredential(deps, pool, user, input.CredentialId!);
  return {};
});
