import type { UserRecord } from '../../store/types.js';

/**
 * A user's MFA settings as kept in UserRecord.data (owned by the MFA module; read by the user views).
 * - `mfa`: the preference API's state (SetUserMFAPreference / AdminSetUserMFAPreference). `configured` is true
 *   once that API was called for the user: until then GetUser omits UserMFASettingList/PreferredMfaSetting
 *   (spec §2.3, §2.4).
 * - `mfaOptions`: the legacy SetUserSettings list ([{DeliveryMedium:'SMS', AttributeName:'phone_number'}]).
 */
export type MfaFactor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

export interface MfaState {
  configured: boolean;
  enabled: MfaFactor[];
  preferred?: MfaFactor;
  /** Passkey MFA (WebAuthnMfaSettings.Enabled); not listed in UserMFASettingList (spec §7.10). */
  webAuthn?: boolean;
}

export interface MfaOption {
  DeliveryMedium: 'SMS' | 'EMAIL';
  AttributeName: string;
}

export function mfaState(user: UserRecord): MfaState | undefined {
  return (user.data as { mfa?: MfaState }).mfa;
}

export function mfaOptions(user: UserRecord): MfaOption[] {
  return ((user.data as { mfaOptions?: MfaOption[] }).mfaOptions ?? []).filter(Boolean);
}

/** The MFA members of GetUser / AdminGetUser / GetUserAuthFactors, omitted when never configured. */
export function mfaView(user: UserRecord): { MFAOptions?: MfaOption[]; PreferredMfaSetting?: string; UserMFASettingList?: string[] } {
  const out: { MFAOptions?: MfaOption[]; PreferredMfaSetting?: string; UserMFASettingList?: string[] } = {};
  const options = mfaOptions(user);
  if (options.length) out.MFAOptions = options;
  const state = mfaState(user);
  if (state?.configured) {
    if (state.preferred) out.PreferredMfaSetting = state.preferred;
    out.UserMFASettingList = [...state.enabled];
  }
  return out;
}
