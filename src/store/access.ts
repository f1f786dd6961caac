import type { Store } from './types.js';

/** The repositories of a Store (its members that are objects of methods). */
export type RepositoryName = Exclude<keyof Store, 'kind' | 'reset' | 'close'>;

/** The methods of every repository of pool-owned rows (groups, identity providers, resource servers; see poolOwned). */
const POOL_OWNED = { create: 'write', get: 'read', update: 'write', delete: 'write', list: 'read', count: 'read' } as const;

/**
 * Whether each store method only reads ('read') or may write ('write'). Group commit (sqlite/group-commit.ts) runs a
 * read at once when no batch is open and makes every write join a batch; a write classified as a read would escape
 * the batch's transaction. The type requires every method of every repository to be listed (a new method is a
 * compile error until it is classified here), and the store contract test fails for a method of an adapter that is
 * in neither list.
 */
export const STORE_METHOD_ACCESS: { readonly [R in RepositoryName]: { readonly [M in keyof Store[R]]: 'read' | 'write' } } = {
  pools: { create: 'write', get: 'read', update: 'write', delete: 'write', list: 'read' },
  clients: { create: 'write', get: 'read', find: 'read', update: 'write', delete: 'write', list: 'read' },
  users: {
    create: 'write',
    get: 'read',
    findByAlias: 'read',
    getForAccessToken: 'read',
    update: 'write',
    delete: 'write',
    list: 'read',
    count: 'read',
  },
  sessions: { create: 'write', get: 'read', getWithUser: 'read', consume: 'write', recordFailure: 'write', deleteExpired: 'write' },
  codes: { put: 'write', get: 'read', consume: 'write', recordFailure: 'write', delete: 'write', deleteExpired: 'write' },
  tokens: {
    createFamily: 'write',
    createFamilyListingGroups: 'write',
    getFamily: 'read',
    findByRefreshHash: 'read',
    revokeFamily: 'write',
    rotateRefresh: 'write',
    revokeUser: 'write',
    revokeDevice: 'write',
    deleteEnded: 'write',
  },
  signingKeys: { putIfAbsent: 'write', get: 'read', list: 'read' },
  totp: { claimStep: 'write' },
  devices: { create: 'write', get: 'read', update: 'write', delete: 'write', listForUser: 'read' },
  groups: {
    ...POOL_OWNED,
    addMember: 'write',
    removeMember: 'write',
    listForUser: 'read',
    countForUser: 'read',
    listMembers: 'read',
  },
  domains: { create: 'write', get: 'read', listForPool: 'read', update: 'write', delete: 'write' },
  resourceServers: POOL_OWNED,
  identityProviders: {
    ...POOL_OWNED,
    findByIdentifier: 'read',
    link: 'write',
    findLink: 'read',
    linksForUser: 'read',
    unlink: 'write',
  },
  authorizationCodes: { put: 'write', take: 'write', deleteExpired: 'write' },
  outbox: { add: 'write', list: 'read', deleteOlderThan: 'write' },
  kv: { put: 'write', get: 'read', take: 'write', delete: 'write', list: 'read', deleteExpired: 'write' },
  branding: {
    createStyle: 'write',
    getStyle: 'read',
    getStyleByClient: 'read',
    updateStyle: 'write',
    deleteStyle: 'write',
    getAsset: 'read',
    putUiCustomization: 'write',
    getUiCustomization: 'read',
    deleteForClient: 'write',
  },
  attempts: { reserve: 'write', get: 'read', release: 'write', releaseAndRead: 'write', deleteIdle: 'write' },
  quotas: { lease: 'write', getProvisioned: 'read', setProvisioned: 'write' },
  authEvents: { record: 'write', get: 'read', list: 'read', update: 'write' },
};

/** The access class of `repository.method`, or undefined for a method that is not classified. */
export function methodAccess(repository: string, method: string): 'read' | 'write' | undefined {
  const methods = (STORE_METHOD_ACCESS as Record<string, Record<string, 'read' | 'write'> | undefined>)[repository];
  return methods && Object.hasOwn(methods, method) ? methods[method] : undefined;
}
