import type { GetUserPoolMfaConfigResponse, SetUserPoolMfaConfigRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { PoolRecord } from '../../store/types.js';
import { CognitoError, invalidParameter } from '../errors.js';

/**
 * A pool's MFA settings, kept in PoolRecord.config next to the UserPoolType members DescribeUserPool reports
 * (MfaConfiguration, SmsAuthenticationMessage, SmsConfiguration) plus the members only GetUserPoolMfaConfig shows:
 * - `SmsMfaEnabled` (boolean): whether SMS is an MFA factor of the pool. Pools created before SetUserPoolMfaConfig
 *   ran carry no flag; for them SMS MFA is on when the pool has an SmsConfiguration and MFA is not OFF (what
 *   CreateUserPool can configure: spec §2.6).
 * - `SoftwareTokenMfaConfiguration` {Enabled}, `EmailMfaConfiguration` {Message?, Subject?} (present = email MFA
 *   on), `WebAuthnConfiguration`.
 */
export type PoolMfaMode = 'OFF' | 'ON' | 'OPTIONAL';

export function poolMfaMode(pool: PoolRecord): PoolMfaMode {
  const mode = pool.config.MfaConfiguration;
  return mode === 'ON' || mode === 'OPTIONAL' ? mode : 'OFF';
}

export function poolTier(pool: PoolRecord): 'LITE' | 'ESSENTIALS' | 'PLUS' {
  const tier = pool.config.UserPoolTier;
  return tier === 'LITE' || tier === 'PLUS' ? tier : 'ESSENTIALS';
}

/*
 * With MFA OFF no factor is on, whatever the factor settings say: UpdateUserPool without MfaConfiguration turns MFA
 * OFF and leaves the factor settings alone (they come back if MFA is switched on again the same way).
 */
export function isPoolSmsMfaEnabled(pool: PoolRecord): boolean {
  if (poolMfaMode(pool) === 'OFF') return false;
  const flag = pool.config.SmsMfaEnabled;
  if (typeof flag === 'boolean') return flag;
  return pool.config.SmsConfiguration !== undefined;
}

export function isPoolTotpEnabled(pool: PoolRecord): boolean {
  if (poolMfaMode(pool) === 'OFF') return false;
  return (pool.config.SoftwareTokenMfaConfiguration as { Enabled?: boolean } | undefined)?.Enabled === true;
}

/** Email MFA needs the Essentials tier or higher (spec §2.6); a LITE pool never offers it. */
export function isPoolEmailMfaEnabled(pool: PoolRecord): boolean {
  if (poolMfaMode(pool) === 'OFF') return false;
  return pool.config.EmailMfaConfiguration !== undefined && pool.config.EmailMfaConfiguration !== null && poolTier(pool) !== 'LITE';
}

export interface EmailMfaTemplate {
  Message?: string;
  Subject?: string;
}

export function emailMfaTemplate(pool: PoolRecord): EmailMfaTemplate {
  return (pool.config.EmailMfaConfiguration as EmailMfaTemplate | undefined) ?? {};
}

export interface WebAuthnPoolConfig {
  RelyingPartyId?: string;
  UserVerification: 'required' | 'preferred';
  FactorConfiguration?: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION';
}

export function webAuthnConfig(pool: PoolRecord): WebAuthnPoolConfig {
  return { UserVerification: 'preferred', ...((pool.config.WebAuthnConfiguration as Partial<WebAuthnPoolConfig> | undefined) ?? {}) };
}

/** Passkey MFA is possible only when the pool says a user-verifying passkey counts as two factors (spec §2.1). */
export function isPoolPasskeyMfaEnabled(pool: PoolRecord): boolean {
  return webAuthnConfig(pool).FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION' && poolTier(pool) !== 'LITE';
}

export const MFA_OFF_WITH_FACTOR = "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.";
export const MFA_ON_WITHOUT_FACTOR = "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.";
export const EMAIL_MFA_TIER = 'Email MFA is not available for user pools on the LITE feature plan.';

/** GetUserPoolMfaConfig / the answer of SetUserPoolMfaConfig. */
export function describePoolMfaConfig(pool: PoolRecord): GetUserPoolMfaConfigResponse {
  const out: GetUserPoolMfaConfigResponse = {};
  if (isPoolSmsMfaEnabled(pool)) {
    const sms: NonNullable<GetUserPoolMfaConfigResponse['SmsMfaConfiguration']> = {};
    if (pool.config.SmsAuthenticationMessage !== undefined) sms.SmsAuthenticationMessage = pool.config.SmsAuthenticationMessage as string;
    if (pool.config.SmsConfiguration !== undefined) sms.SmsConfiguration = pool.config.SmsConfiguration as never;
    out.SmsMfaConfiguration = sms;
  }
  out.SoftwareTokenMfaConfiguration = { Enabled: isPoolTotpEnabled(pool) };
  if (poolMfaMode(pool) !== 'OFF' && pool.config.EmailMfaConfiguration) {
    out.EmailMfaConfiguration = { ...emailMfaTemplate(pool) };
  }
  out.MfaConfiguration = poolMfaMode(pool);
  out.WebAuthnConfiguration = webAuthnConfig(pool);
  return out;
}

const given = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/**
 * SetUserPoolMfaConfig: the factor blocks replace the pool's factor settings (an omitted block switches that factor
 * off: spec §2.6, aws-sdk-js#4186); an omitted MfaConfiguration keeps the current mode; an omitted
 * WebAuthnConfiguration keeps the current passkey settings (they also govern passkey sign-in, not only MFA).
 */
export function applyPoolMfaConfig(pool: PoolRecord, request: SetUserPoolMfaConfigRequest, now: number): PoolRecord {
  const mode: PoolMfaMode = (request.MfaConfiguration as PoolMfaMode | undefined) ?? poolMfaMode(pool);
  const sms = request.SmsMfaConfiguration;
  const totp = request.SoftwareTokenMfaConfiguration?.Enabled === true;
  const email = request.EmailMfaConfiguration;
  const anyFactor = given(sms) || totp || given(email);
  if (mode === 'OFF' && anyFactor) throw invalidParameter(MFA_OFF_WITH_FACTOR);
  if (mode !== 'OFF' && !anyFactor) throw invalidParameter(MFA_ON_WITHOUT_FACTOR);
  if (given(email) && poolTier(pool) === 'LITE') throw new CognitoError('FeatureUnavailableInTierException', EMAIL_MFA_TIER);

  const config: Record<string, unknown> = { ...pool.config, MfaConfiguration: mode, SmsMfaEnabled: given(sms) };
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
