import { loadModel } from '../../protocol/model.js';
import { ALNUM, randomString } from '../../platform/random.js';
import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidParameter, resourceNotFound } from '../errors.js';
import { buildSchema } from '../users/schema.js';
import { isPoolEmailMfaEnabled, isPoolSmsMfaEnabled, isPoolTotpEnabled } from '../mfa/pool-config.js';

/**
 * User pools: ids `<region>_<9 alphanumerics>` (clients derive the region and the SRP pool name from them),
 * settings stored as given with Cognito's defaults filled in, described through the model's UserPoolType members.
 */
export function newPoolId(deps: Pick<Deps, 'random' | 'region'>): string {
  return `${deps.region}_${randomString(deps.random, 9, ALNUM)}`;
}

export function poolArn(deps: Pick<Deps, 'region' | 'accountId'>, poolId: string): string {
  return `arn:aws:cognito-idp:${deps.region}:${deps.accountId}:userpool/${poolId}`;
}

const DEFAULT_PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/** The settings a pool has when CreateUserPool or UpdateUserPool leaves them out. */
export function poolDefaults(): Record<string, unknown> {
  return {
    Policies: { PasswordPolicy: { ...DEFAULT_PASSWORD_POLICY }, SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] } },
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

function withPolicyDefaults(policies: Record<string, unknown> | undefined): Record<string, unknown> {
  const base = poolDefaults().Policies as Record<string, unknown>;
  if (!policies) return base;
  return {
    ...base,
    ...policies,
    PasswordPolicy: { ...DEFAULT_PASSWORD_POLICY, ...((policies.PasswordPolicy as object) ?? {}) },
  };
}

/**
 * Pool-level consistency Cognito checks on create and update (spec §1.7 messages): MFA ON/OPTIONAL needs a
 * factor. CreateUserPool/UpdateUserPool can configure only SMS MFA (spec §2.6); TOTP and email come from
 * SetUserPoolMfaConfig and stay as they are.
 */
export function checkMfaSettings(config: Record<string, unknown>): void {
  const mode = config.MfaConfiguration;
  if (mode !== 'ON' && mode !== 'OPTIONAL') return;
  const pool = { config } as PoolRecord;
  if (!isPoolSmsMfaEnabled(pool) && !isPoolTotpEnabled(pool) && !isPoolEmailMfaEnabled(pool)) {
    throw invalidParameter('SMS configuration and Auto verification for phone_number are required when MFA is required/optional');
  }
}

/** Giving an SmsConfiguration with MFA ON/OPTIONAL through CreateUserPool/UpdateUserPool turns SMS MFA on. */
function applySmsMfaFlag(config: Record<string, unknown>, input: Record<string, unknown>): void {
  const mode = config.MfaConfiguration;
  if ((mode === 'ON' || mode === 'OPTIONAL') && input.SmsConfiguration) config.SmsMfaEnabled = true;
}

export function createPoolRecord(deps: Pick<Deps, 'random' | 'region' | 'clock'>, request: object): PoolRecord {
  const now = deps.clock.now();
  const { PoolName, Schema, Policies, ...rest } = request as Record<string, unknown>;
  if (rest.UsernameAttributes && rest.AliasAttributes) {
    throw invalidParameter('Only one of AliasAttributes or UsernameAttributes can be set in a User Pool.');
  }
  const config: Record<string, unknown> = {
    ...poolDefaults(),
    ...rest,
    Policies: withPolicyDefaults(Policies as Record<string, unknown> | undefined),
    SchemaAttributes: buildSchema(Schema as Array<Record<string, unknown>> | undefined),
  };
  applySmsMfaFlag(config, rest);
  checkMfaSettings(config);
  return { id: newPoolId(deps), name: String(PoolName), createdAt: now, updatedAt: now, config };
}

/** UpdateUserPool: every updatable setting not given returns to its default (Cognito's documented behaviour). */
export function applyPoolUpdate(pool: PoolRecord, request: object, now: number): PoolRecord {
  const input = request as Record<string, unknown>;
  const model = loadModel();
  const updatable = Object.keys(model.shapes.UpdateUserPoolRequest!.members!).filter((m) => m !== 'UserPoolId');
  const defaults = poolDefaults();
  const config = { ...pool.config };
  for (const member of updatable) {
    const given = input[member];
    if (member === 'Policies') config.Policies = withPolicyDefaults(given as Record<string, unknown> | undefined);
    else if (given !== undefined && given !== null) config[member] = given;
    else if (defaults[member] !== undefined) config[member] = defaults[member];
    else delete config[member];
  }
  applySmsMfaFlag(config, input);
  checkMfaSettings(config);
  return { ...pool, config, updatedAt: now };
}

export function describePool(deps: Pick<Deps, 'region' | 'accountId'>, pool: PoolRecord, estimatedUsers: number): Record<string, unknown> {
  const members = loadModel().shapes.UserPoolType!.members!;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(members)) {
    if (pool.config[name] !== undefined) out[name] = pool.config[name];
  }
  Object.assign(out, {
    Id: pool.id,
    Name: pool.name,
    LastModifiedDate: new Date(pool.updatedAt),
    CreationDate: new Date(pool.createdAt),
    EstimatedNumberOfUsers: estimatedUsers,
    Arn: poolArn(deps, pool.id),
  });
  return out;
}

export async function getPool(deps: Pick<Deps, 'store'>, poolId: string) {
  const pool = await deps.store.pools.get(poolId);
  if (!pool) throw resourceNotFound(`User pool ${poolId} does not exist.`);
  return pool;
}
