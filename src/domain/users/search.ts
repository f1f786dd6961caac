import type { PoolRecord, UserListQuery, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidParameter } from '../errors.js';
import { decodePageToken, encodePageToken } from '../pagination.js';

/**
 * ListUsers: the Filter grammar `<attribute> = "<value>"` (exact) or `<attribute> ^= "<value>"` (prefix), with `\"`
 * and `\\` escapes inside the quotes, on the searchable attributes only; an empty filter lists everyone.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-manage-user-accounts.html#cognito-user-pools-searching-for-users-listusers-api
 */
export const SEARCHABLE = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
] as const;
export type SearchAttribute = (typeof SEARCHABLE)[number];

export interface UserFilter {
  attribute: SearchAttribute;
  prefix: boolean;
  value: string;
}

const FILTER = /^\s*([A-Za-z_:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/s;

export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter === null || filter.trim() === '') return undefined;
  const m = FILTER.exec(filter);
  if (!m) throw invalidParameter('Error while parsing filter.');
  const attribute = m[1]!;
  if (!(SEARCHABLE as readonly string[]).includes(attribute)) throw invalidParameter(`Invalid search attribute: ${attribute}`);
  return { attribute: attribute as SearchAttribute, prefix: m[2] === '^=', value: m[3]!.replace(/\\(.)/gs, '$1') };
}

const PAGE_KIND = 'users';
// `status` (Enabled/Disabled) has no index: it is matched while walking the pool in key order, at most this many
// users per request; a page may then hold fewer than Limit users and still carry a PaginationToken.
const STATUS_SCAN_BUDGET = 1000;

export interface UserPage {
  users: UserRecord[];
  next?: string;
}

export async function listUsers(deps: Pick<Deps, 'store'>, pool: PoolRecord, limit: number, token: string | undefined, filter: UserFilter | undefined): Promise<UserPage> {
  const after = decodePageToken(PAGE_KIND, token);
  if (filter?.attribute === 'status') return listByEnabled(deps, pool, limit, after, filter);
  const rows = await deps.store.users.list(pool.id, { limit: limit + 1, after, filter: filter && storeFilter(filter) });
  if (rows.length <= limit) return { users: rows };
  const users = rows.slice(0, limit);
  return { users, next: encodePageToken(PAGE_KIND, users[users.length - 1]!.usernameKey) };
}

/** `cognito:user_status` is case-insensitive (statuses are upper case); `username` and the rest match as given. */
function storeFilter(f: UserFilter): NonNullable<UserListQuery['filter']> {
  if (f.attribute === 'cognito:user_status') return { attribute: 'status', prefix: f.prefix, value: f.value.toUpperCase() };
  return { attribute: f.attribute, prefix: f.prefix, value: f.value };
}

/** `status = "Enabled"` / `"Disabled"` (case-sensitive, as documented). */
async function listByEnabled(deps: Pick<Deps, 'store'>, pool: PoolRecord, limit: number, after: string | undefined, f: UserFilter): Promise<UserPage> {
  const label = (u: UserRecord) => (u.enabled ? 'Enabled' : 'Disabled');
  const matches = (u: UserRecord) => (f.prefix ? label(u).startsWith(f.value) : label(u) === f.value);
  const users: UserRecord[] = [];
  let cursor = after;
  let scanned = 0;
  while (scanned < STATUS_SCAN_BUDGET) {
    const size = Math.min(200, STATUS_SCAN_BUDGET - scanned);
    const batch = await deps.store.users.list(pool.id, { limit: size, after: cursor });
    for (const u of batch) {
      scanned++;
      cursor = u.usernameKey;
      if (!matches(u)) continue;
      if (users.length === limit) return { users, next: encodePageToken(PAGE_KIND, users[users.length - 1]!.usernameKey) };
      users.push(u);
    }
    if (batch.length < size) return { users };
  }
  return { users, next: encodePageToken(PAGE_KIND, cursor!) };
}
