import type { SetUserSettingsRequest, SetUserSettingsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setUserSettings } from '../domain/mfa/preferences.js';
import type { MfaOption } from '../domain/mfa/state.js';
import { operation } from './operation.js';

export default operation<SetUserSettingsRequest, SetUserSettingsResponse>('SetUserSettings', async (input, { deps, services }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  await setUserSettings(deps, pool, user, (input.MFAOptions ?? []) as MfaOption[]);
  return {};
});
