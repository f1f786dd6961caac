import type { ChangePasswordRequest, ChangePasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { changePassword } from '../domain/auth/passwords.js';
import { operation } from './operation.js';
import { services } from './services.js';

export default operation<ChangePasswordRequest, ChangePasswordResponse>('ChangePassword', async (input, { deps }) => {
  const { pool, user } = await services(deps).authorize(input.AccessToken!);
  await changePassword(deps, pool, user, input.PreviousPassword, input.ProposedPassword!);
  return {};
});
