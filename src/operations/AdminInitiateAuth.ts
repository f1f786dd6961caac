import type { AdminInitiateAuthRequest, AdminInitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import { initiateAuth } from '../domain/auth/sign-in.js';
import { getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<AdminInitiateAuthRequest, AdminInitiateAuthResponse>('AdminInitiateAuth', async (input, { deps, services, sourceIp }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const client = await getClient(deps, pool.id, input.ClientId!);
  const step = await initiateAuth(deps, services, { pool, client, flow: input.AuthFlow!, params: input.AuthParameters ?? {}, clientMetadata: input.ClientMetadata, contextData: input.ContextData, admin: true, sourceIp });
  return step as AdminInitiateAuthResponse;
});
