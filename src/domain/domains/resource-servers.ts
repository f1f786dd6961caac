import type { ResourceServerScopeType, ResourceServerType } from '@aws-sdk/client-cognito-identity-provider';
import { StoreConflictError, type ResourceServerRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, limitExceeded, orThrow, resourceNotFound } from '../errors.js';
import { decodePageToken, page, type Page, type PageRequest } from '../pagination.js';

/**
 * OAuth 2.0 resource servers and their custom scopes (CreateResourceServer … ListResourceServers). A custom scope is
 * named `<identifier>/<ScopeName>` wherever it is used: in an app client's AllowedOAuthScopes, and in access tokens.
 * Quotas: 25 resource servers per pool, 100 scopes each (the model's list maximum).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html
 */
export const MAX_RESOURCE_SERVERS = 25;
const LIST_PAGE_DEFAULT = 50;

/** The scopes Cognito defines itself (AllowedOAuthScopes in the CreateUserPoolClient reference). */
export const STANDARD_SCOPES: readonly string[] = ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'];

type Scopes = ResourceServerRecord['scopes'];

export function describeResourceServer(s: ResourceServerRecord): ResourceServerType {
  return { UserPoolId: s.poolId, Identifier: s.identifier, Name: s.name, Scopes: s.scopes.map((x) => ({ ...x })) };
}

/** The scopes as given, in order; a scope name given twice is refused. */
function checkedScopes(scopes: ResourceServerScopeType[] | undefined): Scopes {
  const out: Scopes = [];
  const seen = new Set<string>();
  for (const s of scopes ?? []) {
    if (seen.has(s.ScopeName!)) throw invalidParameter(`Duplicate scope name ${s.ScopeName} in the resource server's scopes.`);
    seen.add(s.ScopeName!);
    out.push({ ScopeName: s.ScopeName!, ScopeDescription: s.ScopeDescription! });
  }
  return out;
}

export async function getResourceServer(deps: Pick<Deps, 'store'>, poolId: string, identifier: string): Promise<ResourceServerRecord> {
  const s = await deps.store.resourceServers.get(poolId, identifier);
  return orThrow(s, () => resourceNotFound(`Resource server ${identifier} does not exist in user pool ${poolId}.`));
}

/** What CreateResourceServer and UpdateResourceServer set. */
export interface ResourceServerInput {
  identifier: string;
  name: string;
  scopes?: ResourceServerScopeType[];
}

const exists = (identifier: string) => invalidParameter(`A resource server with identifier ${identifier} already exists in this user pool.`);

/** Run serially per pool by the operation (serial.ts), so that the count and the insert are not interleaved in one process. */
export async function createResourceServer(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, input: ResourceServerInput): Promise<ResourceServerRecord> {
  const scopes = checkedScopes(input.scopes);
  if (await deps.store.resourceServers.get(poolId, input.identifier)) throw exists(input.identifier);
  if ((await deps.store.resourceServers.count(poolId)) >= MAX_RESOURCE_SERVERS) {
    throw limitExceeded(`The user pool has reached its limit of ${MAX_RESOURCE_SERVERS} resource servers.`);
  }
  const now = deps.clock.now();
  const record: ResourceServerRecord = { poolId, identifier: input.identifier, name: input.name, scopes, createdAt: now, updatedAt: now };
  try {
    await deps.store.resourceServers.create(record);
  } catch (e) {
    if (e instanceof StoreConflictError) throw exists(input.identifier);
    throw e;
  }
  return record;
}

/** UpdateResourceServer: the name and scopes are replaced; scopes left out become none ("set to the default value"). */
export async function updateResourceServer(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, input: ResourceServerInput): Promise<ResourceServerRecord> {
  const scopes = checkedScopes(input.scopes);
  const current = await getResourceServer(deps, poolId, input.identifier);
  const updated: ResourceServerRecord = { ...current, name: input.name, scopes, updatedAt: deps.clock.now() };
  if (!(await deps.store.resourceServers.update(updated))) await getResourceServer(deps, poolId, input.identifier);
  return updated;
}

export async function deleteResourceServer(deps: Pick<Deps, 'store'>, poolId: string, identifier: string): Promise<void> {
  if (!(await deps.store.resourceServers.delete(poolId, identifier))) await getResourceServer(deps, poolId, identifier);
}

export async function listResourceServers(deps: Pick<Deps, 'store'>, poolId: string, { maxResults, token }: PageRequest): Promise<Page<ResourceServerRecord>> {
  const after = decodePageToken('resource-servers', token);
  const limit = maxResults ?? LIST_PAGE_DEFAULT;
  const rows = await deps.store.resourceServers.list(poolId, limit + 1, after);
  return page(rows, limit, (s) => s.identifier, 'resource-servers');
}

/**
 * An app client's AllowedOAuthScopes (CreateUserPoolClient, UpdateUserPoolClient): each one a standard scope or
 * `<identifier>/<ScopeName>` of a resource server of the pool that has that scope. Scope names contain no `/`, so the
 * last `/` splits them from identifiers (which may be URLs). Anything else is Cognito's ScopeDoesNotExistException.
 */
export async function checkAllowedOAuthScopes(deps: Pick<Deps, 'store'>, poolId: string, scopes: readonly string[] | undefined): Promise<void> {
  const servers = new Map<string, ResourceServerRecord | undefined>();
  for (const scope of scopes ?? []) {
    if (STANDARD_SCOPES.includes(scope)) continue;
    const slash = scope.lastIndexOf('/');
    if (slash > 0) {
      const identifier = scope.slice(0, slash);
      if (!servers.has(identifier)) servers.set(identifier, await deps.store.resourceServers.get(poolId, identifier));
      if (servers.get(identifier)?.scopes.some((s) => s.ScopeName === scope.slice(slash + 1))) continue;
    }
    throw new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`);
  }
}
