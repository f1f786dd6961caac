import type { GetUserPoolMfaConfigResponse, SetUserPoolMfaConfigRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { PoolConfig, PoolRecord } from '../../store/types.js';
import { CognitoError, invalidParameter } from '../errors.js';
import {
  emailMfaSettings,
  isPoolSmsMfaEnabled,
  isPoolTotpEnabled,
  mfaConfiguration,
  smsMfaSettings,
  userPoolTier,
  webAuthnConfig,
  type PoolMfaMode,
} from '../pools/config.js';

/** GetUserPoolMfaConfig and SetUserPoolMfaConfig over the MFA settings domain/pools/config.ts reads. */

export const MFA_OFF_WITH_FACTOR = "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.";
export const MFA_ON_WITHOUT_FACTOR = "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.";
export const EMAIL_MFA_TIER = 'Email MFA is not available for user pools on the LITE feature plan.';

/** GetUserPoolMfaConfig / the answer of SetUserPoolMfaConfig. */
export function describePoolMfaConfig(pool: PoolRecord): GetUserPoolMfaConfigResponse {
  const out: GetUserPoolMfaConfigResponse = {};
  if (isPoolSmsMfaEnabled(pool)) {
    out.SmsMfaConfiguration = smsMfaSettings(pool);
  }
  out.SoftwareTokenMfaConfiguration = { Enabled: isPoolTotpEnabled(pool) };
  const email = emailMfaSettings(pool);
  if (mfaConfiguration(pool) !== 'OFF' && email) {
    out.EmailMfaConfiguration = { ...email };
  }
  out.MfaConfiguration = mfaConfiguration(pool);
  out.WebAuthnConfiguration = webAuthnConfig(pool);
  return out;
}

const given = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/**
 * SetUserPoolMfaConfig: the factor blocks replace the pool's factor settings (an omitted block switches that factor
 * off: docs/compatibility.md, MFA: SetUserPoolMfaConfig, aws-sdk-js#4186); an omitted MfaConfiguration keeps the current mode; an omitted
 * WebAuthnConfiguration keeps the current passkey settings (they also govern passkey sign-in, not only MFA).
 */
export function applyPoolMfaConfig(pool: PoolRecord, request: SetUserPoolMfaConfigRequest, now: number): PoolRecord {
  const mode: PoolMfaMode = request.MfaConfiguration ?? mfaConfiguration(pool);
  const sms = request.SmsMfaConfiguration;
  const totp = request.SoftwareTokenMfaConfiguration?.Enabled === true;
  const email = request.EmailMfaConfiguration;
  const anyFactor = given(sms) || totp || given(email);
  if (mode === 'OFF' && anyFactor) throw invalidParameter(MFA_OFF_WITH_FACTOR);
  if (mode !== 'OFF' && !anyFactor) throw invalidParameter(MFA_ON_WITHOUT_FACTOR);
  if (given(email) && userPoolTier(pool) === 'LITE') throw new CognitoError('FeatureUnavailableInTierException', EMAIL_MFA_TIER);

  const config: PoolConfig = { ...pool.config, MfaConfiguration: mode, SmsMfaEnabled: given(sms) };
  if (given(sms)) {
    if (given(sms.SmsAuthenticationMessage)) config.SmsAuthenticationMessage = sms.SmsAuthenticationMessage;
    if (given(sms.SmsConfiguration)) config.SmsConfiguration = sms.SmsConfiguration;
  }
  config.SoftwareTokenMfaConfiguration = { Enabled: totp };
  if (given(email)) {
    config.EmailMfaConfiguration = Object.fromEntries(Object.entries(email).filter(([, v]) => given(v)));
  } else {
    delete config.EmailMfaConfiguration;
  }
  if (given(request.WebAuthnConfiguration)) {
    config.WebAuthnConfiguration = Object.fromEntries(Object.entries(request.WebAuthnConfiguration).filter(([, v]) => given(v)));
  }
  return { ...pool, config, updatedAt: now };
}
