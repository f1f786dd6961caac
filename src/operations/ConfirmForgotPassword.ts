import type { ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { confirmForgotPassword } from '../domain/auth/passwords.js';
import { findClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse>('ConfirmForgotPassword', async (input, { deps }) => {
  const client = await findClient(deps, input.ClientId!);
  const pool = await getPool(deps, client.poolId);
  await confirmForgotPassword(deps, pool, client, {
    username: input.Username!,
    code: input.ConfirmationCode!,
    password: input.Password!,
    secretHash: input.SecretHash,
    clientMetadata: input.ClientMetadata,
  });
  return {};
});
