import type { CreateUserPoolRequest, UpdateUserPoolRequest, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { ALNUM, randomString } from '../../platform/random.js';
import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { resourceNotFound } from '../errors.js';
import { describedPoolSettings, newPoolConfig, updatedPoolConfig } from './config.js';

/**
 * User pools: ids `<region>_<9 alphanumerics>` (clients derive the region and the SRP pool name from them),
 * settings kept and read by ./config.ts.
 */
export function newPoolId(deps: Pick<Deps, 'random' | 'region'>): string {
  return `${deps.region}_${randomString(deps.random, 9, ALNUM)}`;
}

export function poolArn(deps: Pick<Deps, 'region' | 'accountId'>, poolId: string): string {
  return `arn:aws:cognito-idp:${deps.region}:${deps.accountId}:userpool/${poolId}`;
}

export function createPoolRecord(deps: Pick<Deps, 'random' | 'region' | 'clock'>, request: CreateUserPoolRequest): PoolRecord {
  const now = deps.clock.now();
  const config = newPoolConfig(request);
  return { id: newPoolId(deps), name: String(request.PoolName), createdAt: now, updatedAt: now, config };
}

/** UpdateUserPool: a PoolName given renames the pool; the settings follow updatedPoolConfig. */
export function applyPoolUpdate(pool: PoolRecord, request: UpdateUserPoolRequest, now: number): PoolRecord {
  return { ...pool, name: request.PoolName ?? pool.name, config: updatedPoolConfig(pool, request), updatedAt: now };
}

export function describePool(deps: Pick<Deps, 'region' | 'accountId'>, pool: PoolRecord, estimatedUsers: number): UserPoolType {
  return {
    ...describedPoolSettings(pool),
    Id: pool.id,
    Name: pool.name,
    LastModifiedDate: new Date(pool.updatedAt),
    CreationDate: new Date(pool.createdAt),
    EstimatedNumberOfUsers: estimatedUsers,
    Arn: poolArn(deps, pool.id),
  };
}

export async function getPool(deps: Pick<Deps, 'store'>, poolId: string) {
  const pool = await deps.store.pools.get(poolId);
  if (!pool) throw resourceNotFound(`User pool ${poolId} does not exist.`);
  return pool;
}
