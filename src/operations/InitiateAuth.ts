import type { InitiateAuthRequest, InitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import { initiateAuth } from '../domain/auth/sign-in.js';
import { findClient } from '../domain/clients/clients.js';
import { CognitoError, isCognitoError } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<InitiateAuthRequest, InitiateAuthResponse>('InitiateAuth', async (input, { deps, services, sourceIp }) => {
  const client = await findClient(deps, input.ClientId!);
  const pool = await getPool(deps, client.poolId);
  const step = await initiateAuth(deps, services, { pool, client, flow: input.AuthFlow!, params: input.AuthParameters ?? {}, clientMetadata: input.ClientMetadata, contextData: input.UserContextData, admin: false, sourceIp }).catch(
    (e: unknown) => {
      // InitiateAuth models no MFAMethodNotFoundException (AdminInitiateAuth and RespondToAuthChallenge do): a password
      // sign-in that needs MFA the user cannot do answers with the modelled pool-configuration error, Cognito's text
      // kept (docs/compatibility.md "MFA required without a usable factor").
      if (isCognitoError(e) && e.type === 'MFAMethodNotFoundException') throw new CognitoError('InvalidUserPoolConfigurationException', e.message);
      throw e;
    },
  );
  return step as InitiateAuthResponse;
});
