import type {
  AuthFactorType,
  CreateUserPoolRequest,
  DeviceConfigurationType,
  EmailMfaConfigType,
  LambdaConfigType,
  RecoveryOptionType,
  UpdateUserPoolRequest,
  UserPoolType,
  VerifiedAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadModel, modelledMembers } from '../../protocol/model.js';
import type { PoolConfig, PoolRecord } from '../../store/types.js';
import { CognitoError, invalidParameter } from '../errors.js';
import { buildSchema, STANDARD_ATTRIBUTES, type SchemaAttribute } from '../users/schema.js';

/**
 * The one place that reads a user pool's settings (PoolRecord.config) and knows Cognito's defaults for them. Every
 * reader takes the record (or just its config) and answers with the default filled in, so an operation never reads
 * `pool.config` itself. Configs come from the store's read cache, parsed once per row and frozen: readers only read.
 */
export type { PoolConfig };
type PoolSettings = Pick<PoolRecord, 'config'>;

// ---- defaults, create, update, describe ----

const DEFAULT_PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

const DEFAULT_FIRST_AUTH_FACTORS: AuthFactorType[] = ['PASSWORD'];

/** The settings a pool has when CreateUserPool or UpdateUserPool leaves them out. */
function poolDefaults(): PoolConfig {
  return {
    Policies: { PasswordPolicy: { ...DEFAULT_PASSWORD_POLICY }, SignInPolicy: { AllowedFirstAuthFactors: [...DEFAULT_FIRST_AUTH_FACTORS] } },
    DeletionProtection: 'INACTIVE',
    LambdaConfig: {},
    VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: [] },
    MfaConfiguration: 'OFF',
    EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
    UserPoolTier: 'ESSENTIALS',
  };
}

function withPolicyDefaults(policies: PoolConfig['Policies']): NonNullable<PoolConfig['Policies']> {
  const base = poolDefaults().Policies!;
  if (!policies) return base;
  return { ...base, ...policies, PasswordPolicy: { ...DEFAULT_PASSWORD_POLICY, ...(policies.PasswordPolicy ?? {}) } };
}

/**
 * Pool-level consistency Cognito checks on create and update (messages in docs/compatibility.md): MFA ON/OPTIONAL
 * needs a factor. CreateUserPool/UpdateUserPool can configure only SMS MFA; TOTP and email come from
 * SetUserPoolMfaConfig and stay as they are.
 */
function checkMfaSettings(config: PoolConfig): void {
  const pool = { config };
  if (mfaConfiguration(pool) === 'OFF') return;
  if (!isPoolSmsMfaEnabled(pool) && !isPoolTotpEnabled(pool) && !isPoolEmailMfaEnabled(pool)) {
    throw invalidParameter('SMS configuration and Auto verification for phone_number are required when MFA is required/optional');
  }
}

/**
 * Policies.SignInPolicy.AllowedFirstAuthFactors (docs/compatibility.md "Choice-based sign-in"): SOFTWARE_TOKEN is
 * not a first factor (SignInPolicyType reference), PASSWORD is always one (the CDK's AllowedFirstAuthFactors.password
 * "must be true"), and the passwordless factors need the Essentials or Plus feature plan.
 */
function checkSignInPolicy(config: PoolConfig): void {
  const factors = config.Policies?.SignInPolicy?.AllowedFirstAuthFactors;
  if (!factors) return;
  if (factors.includes('SOFTWARE_TOKEN')) throw invalidParameter('SOFTWARE_TOKEN is not supported as a first auth factor.');
  if (!factors.includes('PASSWORD')) throw invalidParameter('AllowedFirstAuthFactors must include PASSWORD.');
  if (factors.some((f) => f !== 'PASSWORD') && userPoolTier({ config }) === 'LITE') {
    throw new CognitoError('FeatureUnavailableInTierException', 'Passwordless sign-in is not available for user pools on the LITE feature plan.');
  }
}

/** Giving an SmsConfiguration with MFA ON/OPTIONAL through CreateUserPool/UpdateUserPool turns SMS MFA on. */
function applySmsMfaFlag(config: PoolConfig, input: { SmsConfiguration?: unknown }): void {
  const mode = config.MfaConfiguration;
  if ((mode === 'ON' || mode === 'OPTIONAL') && input.SmsConfiguration) config.SmsMfaEnabled = true;
}

/** CreateUserPool: the settings as given, Cognito's defaults for the rest. */
export function newPoolConfig(request: CreateUserPoolRequest): PoolConfig {
  const { PoolName: _name, Schema, Policies, ...rest } = request;
  if (rest.UsernameAttributes && rest.AliasAttributes) {
    throw invalidParameter('Only one of AliasAttributes or UsernameAttributes can be set in a User Pool.');
  }
  const config: PoolConfig = {
    ...poolDefaults(),
    ...rest,
    Policies: withPolicyDefaults(Policies),
    SchemaAttributes: buildSchema(Schema as Array<Record<string, unknown>> | undefined),
  };
  applySmsMfaFlag(config, rest);
  checkMfaSettings(config);
  checkSignInPolicy(config);
  return config;
}

/** UpdateUserPool: every updatable setting not given returns to its default (Cognito's documented behaviour). */
export function updatedPoolConfig(pool: PoolSettings, request: UpdateUserPoolRequest): PoolConfig {
  const input: Record<string, unknown> = Object.fromEntries(Object.entries(request));
  const model = loadModel();
  // PoolName is the record's name, not a setting.
  const updatable = Object.keys(model.shapes.UpdateUserPoolRequest!.members!).filter((m) => m !== 'UserPoolId' && m !== 'PoolName');
  const defaults = poolDefaults() as Record<string, unknown>;
  const config: Record<string, unknown> = { ...pool.config };
  for (const member of updatable) {
    const given = input[member];
    if (member === 'Policies') config.Policies = withPolicyDefaults(request.Policies);
    else if (given !== undefined && given !== null) config[member] = given;
    else if (defaults[member] !== undefined) config[member] = defaults[member];
    else delete config[member];
  }
  const updated = config as PoolConfig;
  applySmsMfaFlag(updated, request);
  checkMfaSettings(updated);
  checkSignInPolicy(updated);
  return updated;
}

/** The settings DescribeUserPool reports: the UserPoolType members only (not the MFA members GetUserPoolMfaConfig shows). */
export function describedPoolSettings(pool: PoolSettings): UserPoolType {
  const config = pool.config as Record<string, unknown>;
  return { ...modelledMembers('UserPoolType', config), ...verificationMessages(config) } as UserPoolType;
}

/**
 * The legacy SmsVerificationMessage / EmailVerificationMessage / EmailVerificationSubject mirror
 * VerificationMessageTemplate's SmsMessage / EmailMessage / EmailSubject both ways, as the AWS CLI's
 * describe-user-pool example shows: whichever of the two a pool was given, DescribeUserPool returns both.
 */
function verificationMessages(config: Record<string, unknown>): Record<string, unknown> {
  const template = { ...((config.VerificationMessageTemplate as Record<string, unknown> | undefined) ?? {}) };
  const pairs: Array<[legacy: string, member: string]> = [
    ['SmsVerificationMessage', 'SmsMessage'],
    ['EmailVerificationMessage', 'EmailMessage'],
    ['EmailVerificationSubject', 'EmailSubject'],
  ];
  const out: Record<string, unknown> = {};
  for (const [legacy, member] of pairs) {
    const value = template[member] ?? config[legacy];
    if (value === undefined || value === null) continue;
    template[member] = value;
    out[legacy] = value;
  }
  out.VerificationMessageTemplate = template;
  return out;
}

// ---- general settings ----

export function deletionProtection(pool: PoolSettings): 'ACTIVE' | 'INACTIVE' {
  return pool.config.DeletionProtection === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE';
}

export function lambdaConfig(pool: PoolSettings): LambdaConfigType {
  return pool.config.LambdaConfig ?? {};
}

export function userPoolTier(pool: PoolSettings): 'LITE' | 'ESSENTIALS' | 'PLUS' {
  const tier = pool.config.UserPoolTier;
  return tier === 'LITE' || tier === 'PLUS' ? tier : 'ESSENTIALS';
}

/**
 * The threat-protection mode of CUSTOM_AUTH sign-ins (UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode):
 * OFF unless set, and never stronger than the pool's mode (docs/threat-protection.md "Settings").
 */
export function customAuthSecurityMode(pool: PoolSettings): 'OFF' | 'AUDIT' | 'ENFORCED' {
  const mode = advancedSecurityMode(pool);
  const custom = pool.config.UserPoolAddOns?.AdvancedSecurityAdditionalFlows?.CustomAuthMode;
  if (mode === 'OFF' || !custom) return 'OFF';
  return custom === 'ENFORCED' && mode === 'ENFORCED' ? 'ENFORCED' : 'AUDIT';
}

/** UserPoolAddOns.AdvancedSecurityMode (threat protection); OFF unless set. */
export function advancedSecurityMode(pool: PoolSettings): 'OFF' | 'AUDIT' | 'ENFORCED' {
  return pool.config.UserPoolAddOns?.AdvancedSecurityMode ?? 'OFF';
}

/** UserPoolTags (also what TagResource / ListTagsForResource work on); none = {}. */
export function userPoolTags(pool: PoolSettings): Readonly<Record<string, string>> {
  return pool.config.UserPoolTags ?? {};
}

export function isUsernameCaseSensitive(pool: PoolSettings): boolean {
  return pool.config.UsernameConfiguration?.CaseSensitive === true;
}

/** UsernameAttributes: email and/or phone_number sign in in place of a user name. */
export function usernameAttributes(pool: PoolSettings): string[] {
  return pool.config.UsernameAttributes ?? [];
}

export function aliasAttributes(pool: PoolSettings): string[] {
  return pool.config.AliasAttributes ?? [];
}

export function autoVerifiedAttributes(pool: PoolSettings): VerifiedAttributeType[] {
  return pool.config.AutoVerifiedAttributes ?? [];
}

/** The pool's schema (built by buildSchema when the pool was created), else the standard attributes. */
export function schemaAttributes(pool: PoolSettings): SchemaAttribute[] {
  return (pool.config.SchemaAttributes as SchemaAttribute[] | undefined) ?? STANDARD_ATTRIBUTES;
}

export function attributesRequireVerificationBeforeUpdate(pool: PoolSettings): string[] {
  return pool.config.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
}

export function allowAdminCreateUserOnly(pool: PoolSettings): boolean {
  return pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly === true;
}

/** Policies.SignInPolicy.AllowedFirstAuthFactors; a pool that never set it signs in with a password only. */
export function allowedFirstAuthFactors(pool: PoolSettings): AuthFactorType[] {
  return pool.config.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? DEFAULT_FIRST_AUTH_FACTORS;
}

/** AccountRecoverySetting.RecoveryMechanisms in priority order, or undefined when the pool has none. */
export function recoveryMechanisms(pool: PoolSettings): RecoveryOptionType[] | undefined {
  const mechanisms = pool.config.AccountRecoverySetting?.RecoveryMechanisms;
  if (!mechanisms?.length) return undefined;
  return [...mechanisms].sort((x, y) => (x.Priority ?? 0) - (y.Priority ?? 0));
}

/** AccountRecoverySetting `admin_only`: no self-service recovery; only an administrator resets passwords. */
export function isAdminOnlyRecovery(pool: PoolSettings): boolean {
  return Boolean(recoveryMechanisms(pool)?.some((m) => m.Name === 'admin_only'));
}

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  /** 0 = no history kept. */
  PasswordHistorySize: number;
  TemporaryPasswordValidityDays: number;
}

/** Policies.PasswordPolicy with Cognito's defaults (8 characters, every class required, 7-day temporary passwords). */
export function passwordPolicy(pool: PoolSettings): PasswordPolicy {
  const p = pool.config.Policies?.PasswordPolicy ?? {};
  return {
    MinimumLength: Number(p.MinimumLength ?? DEFAULT_PASSWORD_POLICY.MinimumLength),
    RequireUppercase: p.RequireUppercase !== false,
    RequireLowercase: p.RequireLowercase !== false,
    RequireNumbers: p.RequireNumbers !== false,
    RequireSymbols: p.RequireSymbols !== false,
    PasswordHistorySize: Number(p.PasswordHistorySize ?? 0) || 0,
    TemporaryPasswordValidityDays: Number(p.TemporaryPasswordValidityDays ?? DEFAULT_PASSWORD_POLICY.TemporaryPasswordValidityDays),
  };
}

// ---- messages ----

const DEFAULT_CODE_MESSAGE = 'Your verification code is {####}.';
const DEFAULT_CODE_SUBJECT = 'Your verification code';
const DEFAULT_INVITE_MESSAGE = 'Your username is {username} and temporary password is {####}.';
const DEFAULT_INVITE_SUBJECT = 'Your temporary password';
const DEFAULT_SMS_MFA_MESSAGE = 'Your authentication code is {####}. ';
const DEFAULT_EMAIL_MFA_MESSAGE = 'Your authentication code is {####}.';
const DEFAULT_EMAIL_MFA_SUBJECT = 'Your authentication code';

export interface MessageTemplate {
  subject?: string;
  body: string;
}

/** The pool's verification message (VerificationMessageTemplate, else the older top-level members). */
export function verificationMessage(pool: PoolSettings, channel: 'SMS' | 'EMAIL'): MessageTemplate {
  const c = pool.config;
  const t = c.VerificationMessageTemplate ?? {};
  if (channel === 'SMS') return { body: t.SmsMessage ?? c.SmsVerificationMessage ?? DEFAULT_CODE_MESSAGE };
  return {
    subject: t.EmailSubject ?? c.EmailVerificationSubject ?? DEFAULT_CODE_SUBJECT,
    body: t.EmailMessage ?? c.EmailVerificationMessage ?? DEFAULT_CODE_MESSAGE,
  };
}

/** AdminCreateUserConfig.InviteMessageTemplate. */
export function invitationMessage(pool: PoolSettings, channel: 'SMS' | 'EMAIL'): MessageTemplate {
  const t = pool.config.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
  if (channel === 'SMS') return { body: t.SMSMessage ?? DEFAULT_INVITE_MESSAGE };
  return { subject: t.EmailSubject ?? DEFAULT_INVITE_SUBJECT, body: t.EmailMessage ?? DEFAULT_INVITE_MESSAGE };
}

/** The message an SMS or email MFA code goes out in. */
export function mfaCodeMessage(pool: PoolSettings, channel: 'SMS' | 'EMAIL'): MessageTemplate {
  if (channel === 'SMS') return { body: pool.config.SmsAuthenticationMessage ?? DEFAULT_SMS_MFA_MESSAGE };
  const t = emailMfaSettings(pool) ?? {};
  return { subject: t.Subject ?? DEFAULT_EMAIL_MFA_SUBJECT, body: t.Message ?? DEFAULT_EMAIL_MFA_MESSAGE };
}

// ---- devices ----

/** DeviceConfiguration, or undefined when the pool has none (null counts as none). */
export function deviceConfiguration(pool: PoolSettings): DeviceConfigurationType | undefined {
  return pool.config.DeviceConfiguration ?? undefined;
}

// ---- MFA ----
/*
 * MfaConfiguration and SmsAuthenticationMessage/SmsConfiguration are UserPoolType members DescribeUserPool reports;
 * the others only GetUserPoolMfaConfig shows:
 * - `SmsMfaEnabled` (boolean): whether SMS is an MFA factor of the pool. Pools created before SetUserPoolMfaConfig
 *   ran carry no flag; for them SMS MFA is on when the pool has an SmsConfiguration and MFA is not OFF (what
 *   CreateUserPool can configure).
 * - `SoftwareTokenMfaConfiguration` {Enabled}, `EmailMfaConfiguration` {Message?, Subject?} (present = email MFA
 *   on), `WebAuthnConfiguration`.
 * With MFA OFF no factor is on, whatever the factor settings say: UpdateUserPool without MfaConfiguration turns MFA
 * OFF and leaves the factor settings alone (they come back if MFA is switched on again the same way).
 */
export type PoolMfaMode = 'OFF' | 'ON' | 'OPTIONAL';

export function mfaConfiguration(pool: PoolSettings): PoolMfaMode {
  const mode = pool.config.MfaConfiguration;
  return mode === 'ON' || mode === 'OPTIONAL' ? mode : 'OFF';
}

export function isPoolSmsMfaEnabled(pool: PoolSettings): boolean {
  if (mfaConfiguration(pool) === 'OFF') return false;
  const flag = pool.config.SmsMfaEnabled;
  if (typeof flag === 'boolean') return flag;
  return pool.config.SmsConfiguration !== undefined;
}

export function isPoolTotpEnabled(pool: PoolSettings): boolean {
  if (mfaConfiguration(pool) === 'OFF') return false;
  return pool.config.SoftwareTokenMfaConfiguration?.Enabled === true;
}

/** Email MFA needs the Essentials tier or higher; a LITE pool never offers it. */
export function isPoolEmailMfaEnabled(pool: PoolSettings): boolean {
  if (mfaConfiguration(pool) === 'OFF') return false;
  return emailMfaSettings(pool) !== undefined && userPoolTier(pool) !== 'LITE';
}

/** The email MFA message settings as stored: present only while email MFA is configured. */
export function emailMfaSettings(pool: PoolSettings): EmailMfaConfigType | undefined {
  return pool.config.EmailMfaConfiguration ?? undefined;
}

/** The SMS MFA settings as stored (GetUserPoolMfaConfig's SmsMfaConfiguration). */
export function smsMfaSettings(pool: PoolSettings): Pick<PoolConfig, 'SmsAuthenticationMessage' | 'SmsConfiguration'> {
  const { SmsAuthenticationMessage, SmsConfiguration } = pool.config;
  return {
    ...(SmsAuthenticationMessage !== undefined ? { SmsAuthenticationMessage } : {}),
    ...(SmsConfiguration !== undefined ? { SmsConfiguration } : {}),
  };
}

export interface WebAuthnPoolConfig {
  RelyingPartyId?: string;
  UserVerification: 'required' | 'preferred';
  FactorConfiguration?: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION';
}

export function webAuthnConfig(pool: PoolSettings): WebAuthnPoolConfig {
  return { UserVerification: 'preferred', ...((pool.config.WebAuthnConfiguration as Partial<WebAuthnPoolConfig> | undefined) ?? {}) };
}

/** Passkey MFA is possible only when the pool says a user-verifying passkey counts as two factors. */
export function isPoolPasskeyMfaEnabled(pool: PoolSettings): boolean {
  return webAuthnConfig(pool).FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION' && userPoolTier(pool) !== 'LITE';
}
