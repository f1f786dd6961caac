import type { CompleteWebAuthnRegistrationRequest, CompleteWebAuthnRegistrationResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { completeRegistration } from '../domain/mfa/webauthn.js';
import { operation } from './operation.js';

export default operation<CompleteWebAuthnRegistrationRequest, CompleteWebAuthnRegistrationResponse>('CompleteWebAuthnRegistration', async (input, { deps, services }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  await completeRegistration(deps, pool, user, input.Credential as unknown as RegistrationResponseJSON);
  return {};
});
