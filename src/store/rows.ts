import type {
  ChallengeSessionRecord,
  ClientRecord,
  CodeRecord,
  DeviceRecord,
  OutboxMessage,
  PoolRecord,
  SigningKeyRecord,
  TokenFamilyRecord,
  UserRecord,
} from './types.js';

/**
 * Rows → records, shared by the SQLite and PostgreSQL adapters (same column names). What differs between the two
 * drivers is passed in: how booleans arrive, whether `attributes` is JSON text or already an object, and how
 * pool/client configs are parsed (the SQLite adapter memoizes them per row).
 */
export type Row = Record<string, unknown>;

/** The family column of a users.getForAccessToken row (NULL: no family; else whether it is live in the pool). */
export const familyState = (v: unknown): 'live' | 'revoked' | 'absent' =>
  v === null || v === undefined ? 'absent' : v === 1 || v === true ? 'live' : 'revoked';

export const parse = <T>(v: unknown): T => JSON.parse(v as string) as T;
/** JSON columns are written as text by both adapters. */
export const json = (v: unknown): string => JSON.stringify(v);

/** Freezes a parsed record and everything in it: cached records are shared by every request that reads them. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
export const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

export interface ColumnConversions {
  bool(v: unknown): boolean;
  attributes(v: unknown): Record<string, string>;
  poolConfig(r: Row): Record<string, unknown>;
  clientConfig(r: Row): Record<string, unknown>;
}

export type RowMappers = ReturnType<typeof rowMappers>;

export function rowMappers(c: ColumnConversions) {
  return {
  toPool: (r: Row): PoolRecord => ({
    id: r.id as string,
    name: r.name as string,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    config: c.poolConfig(r),
  }),
  toClient: (r: Row): ClientRecord => ({
    poolId: r.pool_id as string,
    clientId: r.client_id as string,
    clientName: r.client_name as string,
    clientSecret: opt(r.client_secret),
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    config: c.clientConfig(r),
  }),
  toUser: (r: Row): UserRecord => ({
    poolId: r.pool_id as string,
    usernameKey: r.username_key as string,
    username: r.username as string,
    sub: r.sub as string,
    status: r.status as UserRecord['status'],
    enabled: c.bool(r.enabled),
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    version: r.version as number,
    attributes: c.attributes(r.attributes),
    data: parse(r.data),
  }),
  toSession: (r: Row): ChallengeSessionRecord => ({
    idHash: r.id_hash as string,
    poolId: r.pool_id as string,
    clientId: r.client_id as string,
    usernameKey: r.username_key as string,
    challenge: r.challenge as string,
    data: parse(r.data),
    createdAt: r.created_at as number,
    expiresAt: r.expires_at as number,
    usedAt: opt(r.used_at),
    failures: r.failures as number,
  }),
  toCode: (r: Row): CodeRecord => ({
    poolId: r.pool_id as string,
    usernameKey: r.username_key as string,
    purpose: r.purpose as string,
    codeHash: r.code_hash as string,
    createdAt: r.created_at as number,
    expiresAt: r.expires_at as number,
    usedAt: opt(r.used_at),
    failures: r.failures as number,
  }),
  toFamily: (r: Row): TokenFamilyRecord => ({
    originJti: r.origin_jti as string,
    poolId: r.pool_id as string,
    clientId: r.client_id as string,
    usernameKey: r.username_key as string,
    sub: r.sub as string,
    deviceKey: opt(r.device_key),
    authTime: r.auth_time as number,
    refreshHash: r.refresh_hash as string,
    createdAt: r.created_at as number,
    refreshExpiresAt: r.refresh_expires_at as number,
    revokedAt: opt(r.revoked_at),
  }),
  toKey: (r: Row): SigningKeyRecord => ({
    poolId: r.pool_id as string,
    use: r.use as 'id' | 'access',
    kid: r.kid as string,
    privateKeySealed: r.private_key_sealed as string,
    publicJwk: parse(r.public_jwk),
    createdAt: r.created_at as number,
  }),
  toDevice: (r: Row): DeviceRecord => ({
    poolId: r.pool_id as string,
    usernameKey: r.username_key as string,
    deviceKey: r.device_key as string,
    groupKey: r.group_key as string,
    verifier: opt(r.verifier),
    salt: opt(r.salt),
    name: opt(r.name),
    remembered: c.bool(r.remembered),
    confirmed: c.bool(r.confirmed),
    attributes: parse(r.attributes),
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    lastAuthenticatedAt: opt(r.last_authenticated_at),
  }),
  toMessage: (r: Row): OutboxMessage => ({
    id: r.id as number,
    poolId: r.pool_id as string,
    username: r.username as string,
    channel: r.channel as 'SMS' | 'EMAIL',
    destination: r.destination as string,
    subject: opt(r.subject),
    body: r.body as string,
    code: opt(r.code),
    purpose: r.purpose as string,
    createdAt: r.created_at as number,
  }),
  };
}
