import type { StartWebAuthnRegistrationRequest, StartWebAuthnRegistrationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { startRegistration } from '../domain/mfa/webauthn.js';
import { operation } from './operation.js';

export default operation<StartWebAuthnRegistrationRequest, StartWebAuthnRegistrationResponse>('StartWebAuthnRegistration', async (input, { deps, services }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  return { CredentialCreationOptions: (await startRegistration(deps, pool, user)) as never };
});
