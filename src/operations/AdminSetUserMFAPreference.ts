import type { AdminSetUserMFAPreferenceRequest, AdminSetUserMFAPreferenceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setMfaPreference } from '../domain/mfa/preferences.js';
import { getPool } from '../domain/pools/pools.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

export default operation<AdminSetUserMFAPreferenceRequest, AdminSetUserMFAPreferenceResponse>('AdminSetUserMFAPreference', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  await setMfaPreference(deps, pool, user, input);
  return {};
});
