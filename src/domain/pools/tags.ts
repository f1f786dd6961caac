import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidParameter, resourceNotFound } from '../errors.js';
import { userPoolTags } from './config.js';
import { getPool } from './pools.js';

/**
 * Pool tags: TagResource / UntagResource / ListTagsForResource on a pool's ARN and `UserPoolTags` on
 * CreateUserPool / UpdateUserPool / DescribeUserPool are one set, kept in the pool's settings. "A user pool can
 * have as many as 50 tags" (TagResource); keys and values are 1–128 and 0–256 characters (the model, checked by
 * validation); the `aws:` prefix is reserved for AWS, as in every AWS tagging API.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/tagging.html
 */
export const MAX_TAGS = 50;

export type Tags = Record<string, string>;

export function poolTags(pool: PoolRecord): Tags {
  return { ...userPoolTags(pool) };
}

export function checkTags(tags: Tags): void {
  for (const key of Object.keys(tags)) {
    if (key.toLowerCase().startsWith('aws:')) throw invalidParameter(`Tag key ${key} is invalid: the aws: prefix is reserved for AWS use.`);
  }
  if (Object.keys(tags).length > MAX_TAGS) throw invalidParameter(`A user pool can have at most ${MAX_TAGS} tags.`);
}

export function withTags(pool: PoolRecord, tags: Tags, now: number): PoolRecord {
  checkTags(tags);
  const config = { ...pool.config };
  if (Object.keys(tags).length === 0) delete config.UserPoolTags;
  else config.UserPoolTags = tags;
  return { ...pool, config, updatedAt: now };
}

const POOL_ARN = /^arn:[\w-]+:cognito-idp:([\w-]*):(\d+):userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

/** The pool an ARN names: ResourceNotFoundException for a pool of another region or account, or none. */
export async function poolOfArn(deps: Pick<Deps, 'store' | 'region' | 'accountId'>, arn: string): Promise<PoolRecord> {
  const m = POOL_ARN.exec(arn);
  if (!m) throw invalidParameter(`${arn} is not a user pool ARN.`);
  const [, region, account, poolId] = m as unknown as [string, string, string, string];
  if (region !== deps.region || account !== deps.accountId) throw resourceNotFound(`User pool ${poolId} does not exist.`);
  return getPool(deps, poolId);
}
