import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { allowedFirstAuthFactors } from '../pools/config.js';
import { userData } from '../users/users.js';
import { hasVerifiedSoftwareToken, mfaView } from './state.js';
import { countPasskeys } from './webauthn-store.js';

/**
 * GetUserAuthFactors / AdminGetUserAuthFactors (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserAuthFactors.html): the MFA view of GetUser plus the factors the user
 * could sign in with. PASSWORD when a password is set; EMAIL_OTP / SMS_OTP when the pool allows them as first
 * factors and the user has the verified attribute; WEB_AUTHN with at least one passkey; SOFTWARE_TOKEN with a
 * verified token (MFA only, but Cognito lists it here).
 */
export async function userAuthFactors(deps: Pick<Deps, 'store'>, pool: PoolRecord, user: UserRecord) {
  const view = mfaView(user);
  const firstFactors = allowedFirstAuthFactors(pool);
  const factors: Array<'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN' | 'SOFTWARE_TOKEN'> = [];
  if (userData(user).password) factors.push('PASSWORD');
  if (firstFactors.includes('EMAIL_OTP') && user.attributes.email && user.attributes.email_verified === 'true') factors.push('EMAIL_OTP');
  if (firstFactors.includes('SMS_OTP') && user.attributes.phone_number && user.attributes.phone_number_verified === 'true') factors.push('SMS_OTP');
  if ((await countPasskeys(deps, user)) > 0) factors.push('WEB_AUTHN');
  if (hasVerifiedSoftwareToken(user)) factors.push('SOFTWARE_TOKEN');
  return {
    Username: user.username,
    ...(view.PreferredMfaSetting ? { PreferredMfaSetting: view.PreferredMfaSetting } : {}),
    ...(view.UserMFASettingList ? { UserMFASettingList: view.UserMFASettingList } : {}),
    ...(factors.length ? { ConfiguredUserAuthFactors: factors } : {}),
  };
}
