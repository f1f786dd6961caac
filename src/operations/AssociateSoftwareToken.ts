import type { AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import { continueSetup, credentialOf, loadSetupSession } from '../domain/mfa/setup-session.js';
import { associateSoftwareToken } from '../domain/mfa/software-token.js';
import { operation } from './operation.js';

export default operation<AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse>('AssociateSoftwareToken', async (input, { deps, services }) => {
  const credential = credentialOf(input);
  if ('accessToken' in credential) {
    const { pool, user } = await services.authorize(credential.accessToken);
    const { secret } = await associateSoftwareToken(deps, pool, user);
    return { SecretCode: secret };
  }
  const setup = await loadSetupSession(deps, credential.session);
  const { secret, user } = await associateSoftwareToken(deps, setup.pool, setup.user);
  const Session = await continueSetup(deps, { ...setup, user }, { totpVerified: false });
  return { SecretCode: secret, Session };
});
