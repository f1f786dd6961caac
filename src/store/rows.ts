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
import { USER_COLUMNS } from './sql/users.js';

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

/**
 * How a record member is read from its column: the driver's value and the whole row (for the readers that need more
 * than one column, or memoize per row).
 */
export type Reader = (value: unknown, row: Row) => unknown;
/** A member read with `present(…)` is left out of the record when its column is NULL (not set to undefined). */
type OmittedWhenAbsent = Reader & { omitWhenAbsent: true };

/** The column's value as the driver gives it (text, numbers). */
export const value: Reader = (v) => v;
/** NULL → undefined. */
export const optional: Reader = (v) => opt(v);
/** JSON text. */
export const jsonColumn: Reader = (v) => parse(v);
/** JSON text or NULL → undefined. */
export const optionalJson: Reader = (v) => (v === null || v === undefined ? undefined : parse(v));
export const present = (read: Reader): OmittedWhenAbsent => Object.assign((v: unknown, r: Row) => read(v, r), { omitWhenAbsent: true as const });

/** Each member of a record, read from the column of its snake_case name, or from the column named beside the reader. */
export type Columns<T> = { readonly [K in keyof T]-?: Reader | readonly [column: string, read: Reader] };

const snakeCase = (member: string) => member.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A row → record mapper from a table of columns: the one way both adapters turn rows into records. The table is
 * resolved once; a row costs one reader call per member.
 */
export function rowMapper<T>(columns: Columns<T>): (r: Row) => T {
  const fields = Object.entries(columns as Record<string, Reader | readonly [string, Reader]>).map(([member, spec]) => {
    const [column, read] = typeof spec === 'function' ? [snakeCase(member), spec] : spec;
    return { member, column, read, omit: (read as Partial<OmittedWhenAbsent>).omitWhenAbsent === true };
  });
  return (r) => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const v = f.read(r[f.column], r);
      if (v !== undefined || !f.omit) out[f.member] = v;
    }
    return out as T;
  };
}

export interface ColumnConversions {
  bool(v: unknown): boolean;
  attributes(v: unknown): Record<string, string>;
  poolConfig(r: Row): Record<string, unknown>;
  clientConfig(r: Row): Record<string, unknown>;
}

export type RowMappers = ReturnType<typeof rowMappers>;

/** A row of SESSIONS.getWithUser (sql/sessions.ts): the session, and the user whose columns are prefixed `u_`. */
export function sessionWithUser(rows: RowMappers, r: Row): { session: ChallengeSessionRecord; user: UserRecord | undefined } {
  const session = rows.toSession(r);
  if (r.u_username_key === null || r.u_username_key === undefined) return { session, user: undefined };
  const userRow: Row = {};
  for (const c of USER_COLUMNS) userRow[c] = r[`u_${c}`];
  return { session, user: rows.toUser(userRow) };
}

/** Every table's mapper; what differs between the two drivers comes in `c`. */
export function rowMappers(c: ColumnConversions) {
  const bool: Reader = (v) => c.bool(v);
  return {
    toPool: rowMapper<PoolRecord>({ id: value, name: value, createdAt: value, updatedAt: value, config: (_, r) => c.poolConfig(r) }),
    toClient: rowMapper<ClientRecord>({
      poolId: value, clientId: value, clientName: value, clientSecret: optional, createdAt: value, updatedAt: value,
      config: (_, r) => c.clientConfig(r),
    }),
    toUser: rowMapper<UserRecord>({
      poolId: value, usernameKey: value, username: value, sub: value, status: value, enabled: bool, createdAt: value, updatedAt: value,
      version: value, attributes: (v) => c.attributes(v), data: jsonColumn,
    }),
    toSession: rowMapper<ChallengeSessionRecord>({
      idHash: value, poolId: value, clientId: value, usernameKey: value, challenge: value, data: jsonColumn, createdAt: value,
      expiresAt: value, usedAt: optional, failures: value,
    }),
    toCode: rowMapper<CodeRecord>({
      poolId: value, usernameKey: value, purpose: value, codeHash: value, createdAt: value, expiresAt: value, usedAt: optional, failures: value,
    }),
    toFamily: rowMapper<TokenFamilyRecord>({
      originJti: value, poolId: value, clientId: value, usernameKey: value, sub: value, deviceKey: optional, authTime: value,
      refreshHash: value, createdAt: value, refreshExpiresAt: value, revokedAt: optional, scopes: present(optionalJson),
    }),
    toKey: rowMapper<SigningKeyRecord>({ poolId: value, use: value, kid: value, privateKeySealed: value, publicJwk: jsonColumn, createdAt: value }),
    toDevice: rowMapper<DeviceRecord>({
      poolId: value, usernameKey: value, deviceKey: value, groupKey: value, verifier: optional, salt: optional, name: optional,
      remembered: bool, confirmed: bool, attributes: jsonColumn, createdAt: value, updatedAt: value, lastAuthenticatedAt: optional,
    }),
    toMessage: rowMapper<OutboxMessage>({
      id: value, poolId: value, username: value, channel: value, destination: value, subject: optional, body: value, code: optional,
      purpose: value, createdAt: value,
    }),
  };
}
