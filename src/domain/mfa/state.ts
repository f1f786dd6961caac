import type { UserRecord } from '../../store/types.js';

/**
 * A user's MFA settings as kept in UserRecord.data (owned by the MFA module; read by the user views).
 * - `mfa`: the preference API's state (SetUserMFAPreference / AdminSetUserMFAPreference). `configured` is true
 *   once that API was called for the user: until then GetUser omits UserMFASettingList/PreferredMfaSetting
 *   (docs/compatibility.md, MFA: Legacy MFAOptions).
 * - `mfaOptions`: the legacy SetUserSettings list ([{DeliveryMedium:'SMS', AttributeName:'phone_number'}]).
 * - `softwareToken`: the TOTP secret(s), sealed with the server's secret box (aad = totpAad()). `verified` is the
 *   token sign-in uses; `pending` is one associated but not yet verified (re-association keeps `verified` until the
 *   new one verifies: docs/compatibility.md, MFA: TOTP).
 */
export type MfaFactor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** The order UserMFASettingList lists factors in. */
export const FACTOR_ORDER: readonly MfaFactor[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

export interface MfaState {
  configured: boolean;
  enabled: MfaFactor[];
  preferred?: MfaFactor;
  /** Passkey MFA (WebAuthnMfaSettings.Enabled); not listed in UserMFASettingList (docs/compatibility.md, MFA: SetUserMFAPreference). */
  webAuthn?: boolean;
}

export interface MfaOption {
  DeliveryMedium: 'SMS' | 'EMAIL';
  AttributeName: string;
}

export interface SealedTotpSecret {
  /** deps.sealer.seal(base32 secret, totpAad(user)). */
  sealed: string;
  createdAt: number;
}

export interface SoftwareTokenState {
  verified?: SealedTotpSecret & { verifiedAt: number; friendlyDeviceName?: string };
  pending?: SealedTotpSecret;
}

export function mfaState(user: UserRecord): MfaState | undefined {
  return (user.data as { mfa?: MfaState }).mfa;
}

export function mfaOptions(user: UserRecord): MfaOption[] {
  return ((user.data as { mfaOptions?: MfaOption[] }).mfaOptions ?? []).filter(Boolean);
}

export function softwareToken(user: UserRecord): SoftwareTokenState {
  return (user.data as { softwareToken?: SoftwareTokenState }).softwareToken ?? {};
}

export function hasVerifiedSoftwareToken(user: UserRecord): boolean {
  return softwareToken(user).verified !== undefined;
}

/** Associated data that binds a sealed TOTP secret to its pool and user: a copied ciphertext fails to open. */
export function totpAad(user: Pick<UserRecord, 'poolId' | 'usernameKey'>): string {
  return `totp:${user.poolId}:${user.usernameKey}`;
}

/** Legacy SMS MFA (SetUserSettings): an SMS entry in MFAOptions. */
export function hasLegacySms(user: UserRecord): boolean {
  return mfaOptions(user).some((o) => o.DeliveryMedium === 'SMS');
}

/** The factors the user has switched on, through either API, in UserMFASettingList order. */
export function userEnabledFactors(user: UserRecord): MfaFactor[] {
  const enabled = new Set(mfaState(user)?.enabled ?? []);
  if (hasLegacySms(user)) enabled.add('SMS_MFA');
  return FACTOR_ORDER.filter((f) => enabled.has(f));
}

/** The MFA members of GetUser / AdminGetUser / GetUserAuthFactors, omitted when never configured. */
export function mfaView(user: UserRecord): { MFAOptions?: MfaOption[]; PreferredMfaSetting?: string; UserMFASettingList?: string[] } {
  const out: { MFAOptions?: MfaOption[]; PreferredMfaSetting?: string; UserMFASettingList?: string[] } = {};
  const options = mfaOptions(user);
  if (options.length) out.MFAOptions = options;
  const state = mfaState(user);
  if (state?.configured) {
    if (state.preferred) out.PreferredMfaSetting = state.preferred;
    out.UserMFASettingList = FACTOR_ORDER.filter((f) => state.enabled.includes(f));
  }
  return out;
}
