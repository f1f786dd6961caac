import type { VerifySoftwareTokenRequest, VerifySoftwareTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import { continueSetup, credentialOf, loadSetupSession } from '../domain/mfa/setup-session.js';
import { verifySoftwareToken } from '../domain/mfa/software-token.js';
import { operation } from './operation.js';

export default operation<VerifySoftwareTokenRequest, VerifySoftwareTokenResponse>('VerifySoftwareToken', async (input, { deps, services }) => {
  const credential = credentialOf(input);
  if ('accessToken' in credential) {
    const { pool, user } = await services.authorize(credential.accessToken);
    await verifySoftwareToken(deps, pool, user, input.UserCode!, input.FriendlyDeviceName);
    return { Status: 'SUCCESS' };
  }
  const setup = await loadSetupSession(deps, credential.session);
  const user = await verifySoftwareToken(deps, setup.pool, setup.user, input.UserCode!, input.FriendlyDeviceName);
  const Session = await continueSetup(deps, { ...setup, user }, { totpVerified: true });
  return { Status: 'SUCCESS', Session };
});
