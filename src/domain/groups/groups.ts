import type { GroupType } from '@aws-sdk/client-cognito-identity-provider';
import { StoreConflictError, type GroupRecord, type PoolRecord, type TokenFamilyRecord, type UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, limitExceeded, resourceNotFound } from '../errors.js';
import { decodePageToken, page } from '../pagination.js';

/**
 * User-pool groups (docs/compatibility.md "Groups"): names unique in a pool without regard to case, found the same
 * way; at most 10,000 groups a pool and 100 groups a user (Cognito's resource quotas); membership goes into the
 * tokens at issue (`tokenGroupClaims`).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 */
export const MAX_GROUPS_PER_POOL = 10_000;
export const MAX_GROUPS_PER_USER = 100;
const DEFAULT_LIMIT = 60;

export const groupKey = (name: string) => name.toLowerCase();

export interface GroupSettings {
  Description?: string;
  RoleArn?: string;
  Precedence?: number;
}

export function groupView(g: GroupRecord): GroupType {
  return {
    GroupName: g.groupName,
    UserPoolId: g.poolId,
    ...(g.description !== undefined ? { Description: g.description } : {}),
    ...(g.roleArn !== undefined ? { RoleArn: g.roleArn } : {}),
    ...(g.precedence !== undefined ? { Precedence: g.precedence } : {}),
    LastModifiedDate: new Date(g.updatedAt),
    CreationDate: new Date(g.createdAt),
  };
}

export async function getGroup(deps: Pick<Deps, 'store'>, pool: PoolRecord, name: string): Promise<GroupRecord> {
  const group = await deps.store.groups.get(pool.id, groupKey(name));
  if (!group) throw resourceNotFound('Group not found.');
  return group;
}

export async function createGroup(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord, name: string, settings: GroupSettings): Promise<GroupRecord> {
  if ((await deps.store.groups.count(pool.id)) >= MAX_GROUPS_PER_POOL) {
    throw limitExceeded(`The user pool ${pool.id} has reached its limit of ${MAX_GROUPS_PER_POOL} groups.`);
  }
  const now = deps.clock.now();
  const group: GroupRecord = {
    poolId: pool.id,
    groupName: name,
    groupKey: groupKey(name),
    ...definedSettings(settings),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.store.groups.create(group);
  } catch (e) {
    if (e instanceof StoreConflictError) throw new CognitoError('GroupExistsException', 'A group with the name already exists.');
    throw e;
  }
  return group;
}

function definedSettings(s: GroupSettings): Pick<GroupRecord, 'description' | 'roleArn' | 'precedence'> {
  return {
    ...(s.Description !== undefined && s.Description !== null ? { description: s.Description } : {}),
    ...(s.RoleArn !== undefined && s.RoleArn !== null ? { roleArn: s.RoleArn } : {}),
    ...(s.Precedence !== undefined && s.Precedence !== null ? { precedence: s.Precedence } : {}),
  };
}

/** UpdateGroup changes what the request gives and keeps the rest (the API reference's example omits RoleArn and gets it back). */
export async function updateGroup(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord, name: string, settings: GroupSettings): Promise<GroupRecord> {
  const group = await getGroup(deps, pool, name);
  const next: GroupRecord = { ...group, ...definedSettings(settings), updatedAt: deps.clock.now() };
  if (!(await deps.store.groups.update(next))) throw resourceNotFound('Group not found.');
  return next;
}

export async function addUserToGroup(deps: Pick<Deps, 'store' | 'clock'>, group: GroupRecord, user: UserRecord): Promise<void> {
  if ((await deps.store.groups.countForUser(user.poolId, user.usernameKey)) >= MAX_GROUPS_PER_USER) {
    // Adding a member again changes nothing and is not refused, even at the limit.
    const current = await deps.store.groups.listForUser(user.poolId, user.usernameKey, MAX_GROUPS_PER_USER);
    if (current.some((g) => g.groupKey === group.groupKey)) return;
    // AdminAddUserToGroup models no LimitExceededException (CreateGroup does): the modelled InvalidParameterException.
    throw invalidParameter(`A user can be a member of at most ${MAX_GROUPS_PER_USER} groups.`);
  }
  await deps.store.groups.addMember(user.poolId, group.groupKey, user.usernameKey, deps.clock.now());
}

export async function listGroups(deps: Pick<Deps, 'store'>, pool: PoolRecord, limit: number | undefined, token: string | undefined) {
  const n = limit ? limit : DEFAULT_LIMIT;
  const rows = await deps.store.groups.list(pool.id, n + 1, decodePageToken('groups', token));
  return page(rows, n, (g) => g.groupKey, 'groups');
}

export async function listGroupsForUser(deps: Pick<Deps, 'store'>, user: UserRecord, limit: number | undefined, token: string | undefined) {
  const n = limit ? limit : DEFAULT_LIMIT;
  const rows = await deps.store.groups.listForUser(user.poolId, user.usernameKey, n + 1, decodePageToken('user-groups', token));
  return page(rows, n, (g) => g.groupKey, 'user-groups');
}

export async function listUsersInGroup(deps: Pick<Deps, 'store'>, group: GroupRecord, limit: number | undefined, token: string | undefined) {
  const n = limit ? limit : DEFAULT_LIMIT;
  const rows = await deps.store.groups.listMembers(group.poolId, group.groupKey, n + 1, decodePageToken('group-users', token));
  return page(rows, n, (u) => u.usernameKey, 'group-users');
}

// ---- token claims ----

/** The user's groups as token issue reads them: one indexed query, only when tokens are issued. */
export function groupsForTokens(deps: Pick<Deps, 'store'>, user: UserRecord): Promise<GroupRecord[]> {
  return deps.store.groups.listForUser(user.poolId, user.usernameKey, MAX_GROUPS_PER_USER);
}

/** Writes a sign-in's new token family and reads the user's groups for its tokens, in one store call. */
export function createFamilyWithGroups(deps: Pick<Deps, 'store'>, family: TokenFamilyRecord): Promise<GroupRecord[]> {
  return deps.store.tokens.createFamilyListingGroups(family, MAX_GROUPS_PER_USER);
}

/**
 * `cognito:groups` (ID and access token), `cognito:roles` and `cognito:preferred_role` (ID token), as the
 * CreateGroup Precedence documentation describes: the preferred role is the role of the group with the lowest
 * Precedence among the groups that have a role (no Precedence ranks last); two such groups with the same
 * Precedence and different roles leave it out.
 */
export function tokenGroupClaims(groups: GroupRecord[]): { both: Record<string, unknown>; idOnly: Record<string, unknown> } {
  if (groups.length === 0) return { both: {}, idOnly: {} };
  const roles = [...new Set(groups.flatMap((g) => (g.roleArn ? [g.roleArn] : [])))];
  const rank = (g: GroupRecord) => g.precedence ?? Number.POSITIVE_INFINITY;
  const withRole = groups.filter((g) => g.roleArn);
  let preferred: string | undefined;
  if (withRole.length) {
    const best = Math.min(...withRole.map(rank));
    const top = new Set(withRole.filter((g) => rank(g) === best).map((g) => g.roleArn!));
    if (top.size === 1) preferred = [...top][0];
  }
  return {
    both: { 'cognito:groups': groups.map((g) => g.groupName) },
    idOnly: { ...(roles.length ? { 'cognito:roles': roles } : {}), ...(preferred ? { 'cognito:preferred_role': preferred } : {}) },
  };
}
