import type { UserPoolReplicaType } from '@aws-sdk/client-cognito-identity-provider';
import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidParameter, resourceNotFound } from '../errors.js';
import { decodePageToken, page } from '../pagination.js';
import { PoolRecords } from '../pool-records.js';
import { checkTags } from './tags.js';

/**
 * Multi-region replicas (Create/Update/Delete/ListUserPoolReplica(s)). A cognate server is one region, so a
 * replica is passive: recorded with its region, status and tags, shown by ListUserPoolReplicas beside the primary
 * (this server's region), and never synchronised anywhere (docs/compatibility.md). Rules from the operations'
 * documentation: a replica is in another region than the primary; only an INACTIVE replica can be deleted.
 */
interface ReplicaRecord {
  regionName: string;
  status: 'ACTIVE' | 'INACTIVE';
  tags?: Record<string, string>;
  createdAt: number;
}

const records = new PoolRecords<ReplicaRecord>('replicas');
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const arn = (deps: Pick<Deps, 'accountId'>, region: string, poolId: string) => `arn:aws:cognito-idp:${region}:${deps.accountId}:userpool/${poolId}`;

function view(deps: Pick<Deps, 'accountId'>, pool: PoolRecord, r: ReplicaRecord, status?: UserPoolReplicaType['Status']): UserPoolReplicaType {
  return { RegionName: r.regionName, Status: status ?? r.status, Role: 'SECONDARY', UserPoolArn: arn(deps, r.regionName, pool.id) };
}

async function getReplica(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord, region: string): Promise<ReplicaRecord> {
  const r = await records.get(deps, pool.id, region);
  if (!r) throw resourceNotFound(`User pool ${pool.id} has no replica in ${region}.`);
  return r;
}

export async function createReplica(
  deps: Pick<Deps, 'store' | 'clock' | 'region' | 'accountId'>,
  pool: PoolRecord,
  region: string,
  tags: Record<string, string> | undefined,
): Promise<UserPoolReplicaType> {
  if (!REGION.test(region)) throw invalidParameter(`${region} is not a valid region name.`);
  if (region === deps.region) throw invalidParameter(`The user pool's primary region is ${region}: a replica must be in another region.`);
  if (tags) checkTags(tags);
  if (await records.get(deps, pool.id, region)) throw invalidParameter(`User pool ${pool.id} already has a replica in ${region}.`);
  const r: ReplicaRecord = { regionName: region, status: 'ACTIVE', ...(tags ? { tags } : {}), createdAt: deps.clock.now() };
  await records.put(deps, pool.id, region, r);
  // Cognito answers while it creates the replica; cognate's passive replica is ACTIVE from then on.
  return view(deps, pool, r, 'CREATING');
}

export async function updateReplica(
  deps: Pick<Deps, 'store' | 'clock' | 'accountId'>,
  pool: PoolRecord,
  region: string,
  status: 'ACTIVE' | 'INACTIVE',
): Promise<UserPoolReplicaType> {
  const r = { ...(await getReplica(deps, pool, region)), status };
  await records.put(deps, pool.id, region, r);
  return view(deps, pool, r);
}

export async function deleteReplica(deps: Pick<Deps, 'store' | 'clock' | 'accountId'>, pool: PoolRecord, region: string): Promise<UserPoolReplicaType> {
  const r = await getReplica(deps, pool, region);
  if (r.status !== 'INACTIVE') throw invalidParameter(`The replica in ${region} is ${r.status}: only an INACTIVE replica can be deleted.`);
  await records.delete(deps, pool.id, region);
  return view(deps, pool, r, 'DELETING');
}

/** The primary (this server's region) first, then the replicas by region name. */
export async function listReplicas(
  deps: Pick<Deps, 'store' | 'region' | 'accountId'>,
  pool: PoolRecord,
  limit: number,
  token: string | undefined,
): Promise<{ items: UserPoolReplicaType[]; next?: string }> {
  const after = decodePageToken('replicas', token);
  const primary: UserPoolReplicaType = { RegionName: deps.region, Status: 'ACTIVE', Role: 'PRIMARY', UserPoolArn: arn(deps, deps.region, pool.id) };
  const all = [primary, ...(await records.list(deps, pool.id)).map((r) => view(deps, pool, r.value))];
  const rest = after === undefined ? all : all.slice(all.findIndex((r) => `${r.Role}:${r.RegionName}` === after) + 1);
  return page(rest, limit, (r) => `${r.Role}:${r.RegionName}`, 'replicas');
}
