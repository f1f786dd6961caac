import type { ChangePasswordRequest, ChangePasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { changePassword } from '../domain/auth/passwords.js';
import { operation } from './operation.js';

export default operation<ChangePasswordRequest, ChangePasswordResponse>('ChangePassword', async (input, { deps, services }) => {
  const { pool, client, user } = await services.authorize(input.AccessToken!);
  await changePassword(deps, pool, user, input.PreviousPassword, input.ProposedPassword!, client.clientId);
  return {};
});
