import type { AdminSetUserSettingsRequest, AdminSetUserSettingsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setUserSettings } from '../domain/mfa/preferences.js';
import type { MfaOption } from '../domain/mfa/state.js';
import { getPool } from '../domain/pools/pools.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

export default operation<AdminSetUserSettingsRequest, AdminSetUserSettingsResponse>('AdminSetUserSettings', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  await setUserSettings(deps, pool, user, (input.MFAOptions ?? []) as MfaOption[]);
  return {};
});
