import type { ForgotPasswordRequest, ForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { forgotPassword } from '../domain/auth/passwords.js';
import { findClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<ForgotPasswordRequest, ForgotPasswordResponse>('ForgotPassword', async (input, { deps }) => {
  const client = await findClient(deps, input.ClientId!);
  const pool = await getPool(deps, client.poolId);
  const CodeDeliveryDetails = await forgotPassword(deps, pool, client, input.Username!, input.SecretHash);
  return { CodeDeliveryDetails };
});
