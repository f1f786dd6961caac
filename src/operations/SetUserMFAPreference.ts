import type { SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setMfaPreference } from '../domain/mfa/preferences.js';
import { operation } from './operation.js';
import { services } from './services.js';

export default operation<SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse>('SetUserMFAPreference', async (input, { deps }) => {
  const { pool, user } = await services(deps).authorize(input.AccessToken!);
  await setMfaPreference(deps, pool, user, input);
  return {};
});
