import type { DeleteWebAuthnCredentialRequest, DeleteWebAuthnCredentialResponse } from '@aws-sdk/client-cognito-identity-provider';
import { deleteCredential } from '../domain/mfa/webauthn.js';
import { operation } from './operation.js';

export default operation<DeleteWebAuthnCredentialRequest, DeleteWebAuthnCredentialResponse>('DeleteWebAuthnCredential', async (input, { deps, services }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  await deleteCredential(deps, pool, user, input.CredentialId!);
  return {};
});
