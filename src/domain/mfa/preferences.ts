import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter } from '../errors.js';
import { updateUser } from '../users/users.js';
import { isPoolPasskeyMfaEnabled, userPoolTier } from '../pools/config.js';
import { EMAIL_MFA_TIER } from './pool-config.js';
import { hasVerifiedSoftwareToken, mfaOptions, mfaState, userEnabledFactors, type MfaFactor, type MfaOption, type MfaState } from './state.js';
import { countPasskeys } from './webauthn-store.js';

/**
 * SetUserMFAPreference / AdminSetUserMFAPreference (docs/compatibility.md, MFA: SetUserMFAPreference) and the legacy SetUserSettings (docs/compatibility.md, MFA: Legacy MFAOptions).
 * A settings object that is omitted or null leaves its factor unchanged; a present one states the factor's whole
 * setting (`Enabled` absent = false). At most one factor is preferred: preferring one clears the others, and naming
 * the preferred factor without `PreferredMfa:true` clears the preference. Only enabling checks prerequisites.
 */
export interface FactorSettings {
  Enabled?: boolean | null;
  PreferredMfa?: boolean | null;
}

export interface PreferenceRequest {
  SMSMfaSettings?: FactorSettings | null;
  SoftwareTokenMfaSettings?: FactorSettings | null;
  EmailMfaSettings?: FactorSettings | null;
  WebAuthnMfaSettings?: { Enabled?: boolean | null } | null;
}

export const PREFERRED_BUT_DISABLED = 'Invalid MFA settings: an MFA method that is not enabled cannot be preferred.';
export const TWO_PREFERRED = 'Invalid MFA settings: only one MFA method can be preferred.';
export const noDeliveryConfig = (factor: MfaFactor | 'WEB_AUTHN') => `User does not have delivery config set to turn on ${factor}`;
export const PASSKEY_MFA_POOL = "Passkey MFA requires the user pool's WebAuthnConfiguration.FactorConfiguration to be MULTI_FACTOR_WITH_USER_VERIFICATION.";
export const PASSKEY_MFA_ALONE = 'Passkey MFA requires another MFA method to be enabled for the user.';

const FACTOR_OF: ReadonlyArray<[keyof PreferenceRequest, MfaFactor]> = [
  ['SMSMfaSettings', 'SMS_MFA'],
  ['SoftwareTokenMfaSettings', 'SOFTWARE_TOKEN_MFA'],
  ['EmailMfaSettings', 'EMAIL_OTP'],
];

const SMS_OPTION: MfaOption = { DeliveryMedium: 'SMS', AttributeName: 'phone_number' };

/** Checks that need only the request (before any state is read). */
function checkRequestShape(request: PreferenceRequest): void {
  let preferredCount = 0;
  for (const [member] of FACTOR_OF) {
    const s = request[member] as FactorSettings | null | undefined;
    if (!s) continue;
    if (s.PreferredMfa === true) {
      preferredCount++;
      if (s.Enabled !== true) throw invalidParameter(PREFERRED_BUT_DISABLED);
    }
  }
  if (preferredCount > 1) throw invalidParameter(TWO_PREFERRED);
}

function checkCanEnable(pool: PoolRecord, user: UserRecord, factor: MfaFactor): void {
  switch (factor) {
    case 'SOFTWARE_TOKEN_MFA':
      if (!hasVerifiedSoftwareToken(user)) throw invalidParameter(noDeliveryConfig(factor));
      return;
    case 'SMS_MFA':
      // An unverified phone is enough: it becomes verified after the first SMS MFA (docs/compatibility.md, MFA: SetUserMFAPreference).
      if (!user.attributes.phone_number) throw invalidParameter(noDeliveryConfig(factor));
      return;
    case 'EMAIL_OTP':
      // (Admin)SetUserMFAPreference model no FeatureUnavailableInTierException (SetUserPoolMfaConfig does).
      if (userPoolTier(pool) === 'LITE') throw invalidParameter(EMAIL_MFA_TIER);
      if (!user.attributes.email) throw invalidParameter(noDeliveryConfig(factor));
      return;
  }
}

/** The pure state change; throws Cognito's exception when a rule is broken. */
export function applyPreference(pool: PoolRecord, user: UserRecord, request: PreferenceRequest, passkeys: number): UserRecord | undefined {
  checkRequestShape(request);
  const named = FACTOR_OF.filter(([member]) => request[member]);
  const webAuthn = request.WebAuthnMfaSettings;
  if (named.length === 0 && !webAuthn) return undefined;

  const prev = mfaState(user);
  const enabled = new Set<MfaFactor>(prev?.enabled ?? []);
  let preferred = prev?.preferred;
  let options = mfaOptions(user);
  for (const [member, factor] of FACTOR_OF) {
    const s = request[member] as FactorSettings | null | undefined;
    if (!s) continue;
    if (s.Enabled === true) {
      checkCanEnable(pool, user, factor);
      enabled.add(factor);
    } else {
      enabled.delete(factor);
    }
    if (s.PreferredMfa === true) preferred = factor;
    else if (preferred === factor) preferred = undefined;
    // The legacy MFAOptions list mirrors SMS MFA, so that turning SMS off here also ends legacy SMS MFA.
    if (factor === 'SMS_MFA') {
      options = options.filter((o) => o.DeliveryMedium !== 'SMS');
      if (s.Enabled === true) options = [SMS_OPTION, ...options];
    }
  }
  const next: MfaState = { configured: true, enabled: [...enabled], ...(preferred ? { preferred } : {}) };
  if (prev?.webAuthn) next.webAuthn = true;
  if (webAuthn) {
    if (webAuthn.Enabled === true) {
      if (!isPoolPasskeyMfaEnabled(pool)) throw invalidParameter(PASSKEY_MFA_POOL);
      if (passkeys === 0) throw invalidParameter(noDeliveryConfig('WEB_AUTHN'));
      if (userEnabledFactors({ ...user, data: { ...user.data, mfa: next, mfaOptions: options } }).length === 0) throw invalidParameter(PASSKEY_MFA_ALONE);
      next.webAuthn = true;
    } else {
      delete next.webAuthn;
    }
  }
  const data: Record<string, unknown> = { ...user.data, mfa: next };
  if (options.length) data.mfaOptions = options;
  else delete data.mfaOptions;
  return { ...user, data };
}

/** Concurrency-safe: the rules run again on the freshest record whenever another update won the race. */
export async function setMfaPreference(deps: Deps, pool: PoolRecord, user: UserRecord, request: PreferenceRequest): Promise<UserRecord> {
  checkRequestShape(request);
  const passkeys = request.WebAuthnMfaSettings?.Enabled === true ? await countPasskeys(deps, user) : 0;
  return underContention(() => updateUser(deps, pool, user, (u) => applyPreference(pool, u, request, passkeys)));
}

/**
 * updateUser gives up after 20 lost races; a burst of calls for one user (an app retrying, 50 tabs) can lose more
 * often than that in lockstep. The operation declares no ConcurrentModificationException, so it keeps going a
 * little longer before letting one through.
 */
async function underContention<T>(write: () => Promise<T>): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await write();
    } catch (e) {
      if (!(e instanceof CognitoError) || e.type !== 'ConcurrentModificationException' || round >= 5) throw e;
    }
  }
}

/**
 * SetUserSettings / AdminSetUserSettings: the legacy list. An SMS entry switches legacy SMS MFA on (a phone_number is
 * needed, as for the preference API); other entries (EMAIL, which the CLI examples show) are kept and reported but
 * enable nothing; an empty list switches legacy SMS MFA off, and with it SMS in the preference state.
 */
export async function setUserSettings(deps: Deps, pool: PoolRecord, user: UserRecord, options: MfaOption[]): Promise<UserRecord> {
  const list = options.filter(Boolean).map((o) => ({ DeliveryMedium: o.DeliveryMedium, AttributeName: o.AttributeName }) as MfaOption);
  return underContention(() => updateUser(deps, pool, user, (u) => {
    const sms = list.some((o) => o.DeliveryMedium === 'SMS');
    if (sms && !u.attributes.phone_number) throw invalidParameter(noDeliveryConfig('SMS_MFA'));
    const data: Record<string, unknown> = { ...u.data };
    if (list.length) data.mfaOptions = list;
    else delete data.mfaOptions;
    const state = mfaState(u);
    if (!sms && state?.enabled.includes('SMS_MFA')) {
      const next: MfaState = { ...state, enabled: state.enabled.filter((f) => f !== 'SMS_MFA') };
      if (next.preferred === 'SMS_MFA') delete next.preferred;
      data.mfa = next;
    }
    return { ...u, data };
  }));
}
