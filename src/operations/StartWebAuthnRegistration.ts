import type { StartWebAuthnRegistrationRequest, StartWebAuthnRegistrationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { startRegistration } from '../domain/mfa/webauthn.js';
import { operation } from './operation.js';
import { services } from './services.js';

export default operation<StartWebAuthnRegistrationRequest, StartWebAuthnRegistrationResponse>('StartWebAuthnRegistration', async (input, { deps }) => {
  const { pool, user } = await services(deps).authorize(input.AccessToken!);
  return { CredentialCreationOptions: (await startRegistration(deps, pool, user)) as never };
});
