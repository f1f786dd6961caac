import type { SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setMfaPreference } from '../domain/mfa/preferences.js';
import { operation } from './operation.js';

export default operation<SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse>('SetUserMFAPreference', async (input, { deps, services }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  await setMfaPreference(deps, pool, user, input);
  return {};
});
