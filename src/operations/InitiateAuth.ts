import type { InitiateAuthRequest, InitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import { initiateAuth } from '../domain/auth/sign-in.js';
import { findClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';
import { services } from './services.js';

export default operation<InitiateAuthRequest, InitiateAuthResponse>('InitiateAuth', async (input, { deps, sourceIp }) => {
  const client = await findClient(deps, input.ClientId!);
  const pool = await getPool(deps, client.poolId);
  const step = await initiateAuth(deps, services(deps), { pool, client, flow: input.AuthFlow!, params: input.AuthParameters ?? {}, admin: false, sourceIp });
  return step as InitiateAuthResponse;
});
