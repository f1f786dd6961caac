import type { RiskConfigurationType, SetRiskConfigurationRequest } from '@aws-sdk/client-cognito-identity-provider';
import { isIP } from 'node:net';
import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter } from '../errors.js';
import { PoolRecords } from '../pool-records.js';
import { advancedSecurityMode } from './config.js';

/**
 * Threat protection's configuration (Set/DescribeRiskConfiguration, for the pool or one app client), stored and
 * validated here and read at sign-in by domain/threat (docs/threat-protection.md). The auth-event operations answer
 * UserPoolAddOnNotEnabledException for a pool whose threat protection is off.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
 */
interface StoredRisk {
  CompromisedCredentialsRiskConfiguration?: RiskConfigurationType['CompromisedCredentialsRiskConfiguration'];
  AccountTakeoverRiskConfiguration?: RiskConfigurationType['AccountTakeoverRiskConfiguration'];
  RiskExceptionConfiguration?: RiskConfigurationType['RiskExceptionConfiguration'];
  updatedAt: number;
}

const records = new PoolRecords<StoredRisk>('risk-configuration');
const key = (clientId: string | undefined) => clientId ?? '*pool*';

export const ADD_ON_NOT_ENABLED = 'Threat protection (advanced security features) is not enabled for this user pool.';

export function isThreatProtectionOn(pool: PoolRecord): boolean {
  const mode = advancedSecurityMode(pool);
  return mode === 'AUDIT' || mode === 'ENFORCED';
}

export function requireThreatProtection(pool: PoolRecord): void {
  if (!isThreatProtectionOn(pool)) throw new CognitoError('UserPoolAddOnNotEnabledException', ADD_ON_NOT_ENABLED);
}

export async function describeRisk(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord, clientId: string | undefined): Promise<RiskConfigurationType> {
  const stored = await records.get(deps, pool.id, key(clientId));
  if (!stored) return { UserPoolId: pool.id, ...(clientId ? { ClientId: clientId } : {}) };
  const { updatedAt, ...rest } = stored;
  return { UserPoolId: pool.id, ...(clientId ? { ClientId: clientId } : {}), ...rest, LastModifiedDate: new Date(updatedAt) };
}

/**
 * The configuration that governs a sign-in through `clientId`: the client's own when it has one, else the pool's
 * (a client's configuration replaces the pool's whole; docs/threat-protection.md "Settings").
 */
export async function effectiveRisk(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, clientId: string): Promise<Omit<StoredRisk, 'updatedAt'>> {
  return (await records.get(deps, poolId, key(clientId))) ?? (await records.get(deps, poolId, key(undefined))) ?? {};
}

/** An IPv4 or IPv6 address range in CIDR notation. */
function isCidr(range: string): boolean {
  const [address, bits, extra] = range.split('/');
  if (extra !== undefined || !address || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const family = isIP(address);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Replaces the configuration of the pool or client; given nothing, returns it to the defaults (none stored). */
export async function setRisk(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord, input: SetRiskConfigurationRequest): Promise<RiskConfigurationType> {
  for (const list of [input.RiskExceptionConfiguration?.BlockedIPRangeList, input.RiskExceptionConfiguration?.SkippedIPRangeList]) {
    for (const range of list ?? []) if (!isCidr(range)) throw invalidParameter(`${range} is not a valid IP address range in CIDR notation.`);
  }
  const actions = input.AccountTakeoverRiskConfiguration?.Actions;
  const notifies = [actions?.LowAction, actions?.MediumAction, actions?.HighAction].some((a) => a?.Notify);
  if (notifies && !input.AccountTakeoverRiskConfiguration?.NotifyConfiguration) {
    throw invalidParameter('NotifyConfiguration is required when an account takeover action notifies the user.');
  }
  const stored: StoredRisk = {
    ...(input.CompromisedCredentialsRiskConfiguration ? { CompromisedCredentialsRiskConfiguration: input.CompromisedCredentialsRiskConfiguration } : {}),
    ...(input.AccountTakeoverRiskConfiguration ? { AccountTakeoverRiskConfiguration: input.AccountTakeoverRiskConfiguration } : {}),
    ...(input.RiskExceptionConfiguration ? { RiskExceptionConfiguration: input.RiskExceptionConfiguration } : {}),
    updatedAt: deps.clock.now(),
  };
  if (Object.keys(stored).length === 1) await records.delete(deps, pool.id, key(input.ClientId));
  else await records.put(deps, pool.id, key(input.ClientId), stored);
  return describeRisk(deps, pool, input.ClientId);
}

/** DeleteUserPoolClient: the client's own risk configuration goes with it. */
export async function forgetClientRisk(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<void> {
  await records.delete(deps, poolId, key(clientId));
}
