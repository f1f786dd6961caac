import { randomUuid } from '../../platform/random.js';
import { StoreConflictError, type AliasEntry, type PoolRecord, type UserRecord, type UserStatus } from '../../store/types.js';
import { checkPasswordAsync, createVerifier, generateSalt, userPoolNameForSrp } from '../auth/srp.js';
import type { Deps } from '../deps.js';
import { aliasAttributes, isUsernameCaseSensitive, passwordPolicy, usernameAttributes } from '../pools/config.js';
import { CognitoError, invalidParameter, invalidPassword, userDoesNotExist } from '../errors.js';

/**
 * Users of a pool: user names (case-insensitive unless the pool says otherwise), aliases (sub; email/phone when
 * they are the sign-in attribute or a verified alias; preferred_username), passwords, and the lookups every
 * operation needs. Passwords are kept only as SRP verifiers (salted; see docs/decisions/passwords.md): one secret
 * that serves both USER_SRP_AUTH and the plaintext-password flows.
 */
export interface PasswordState {
  scheme: 'srp-v1';
  salt: string;
  verifier: string;
  setAt: number;
  /** Temporary passwords (AdminCreateUser) expire after TemporaryPasswordValidityDays. */
  temporaryExpiresAt?: number;
}

export interface LockoutState {
  failures: number;
  lastFailureAt: number;
  lockedUntil?: number;
}

/** What the domain keeps in UserRecord.data. Each feature owns its key. */
export interface UserData {
  password?: PasswordState;
  lockout?: LockoutState;
  [feature: string]: unknown;
}

export const userData = (u: UserRecord) => u.data as UserData;

export function usernameKey(pool: PoolRecord, username: string): string {
  return isUsernameCaseSensitive(pool) ? username : username.toLowerCase();
}

function aliasValueKey(pool: PoolRecord, kind: string, value: string): string {
  if (kind === 'email') return value.toLowerCase();
  if (kind === 'preferred_username') return isUsernameCaseSensitive(pool) ? value : value.toLowerCase();
  return value;
}

/** The aliases a user should be findable by, given the pool's sign-in settings and the user's attributes. */
export function aliasesOf(pool: PoolRecord, user: Pick<UserRecord, 'sub' | 'attributes'>): AliasEntry[] {
  const out: AliasEntry[] = [{ kind: 'sub', valueKey: user.sub }];
  const a = user.attributes;
  for (const kind of ['email', 'phone_number'] as const) {
    const value = a[kind];
    if (!value) continue;
    if (usernameAttributes(pool).includes(kind) || (aliasAttributes(pool).includes(kind) && a[`${kind}_verified`] === 'true')) {
      out.push({ kind, valueKey: aliasValueKey(pool, kind, value) });
    }
  }
  if (a.preferred_username && aliasAttributes(pool).includes('preferred_username')) {
    out.push({ kind: 'preferred_username', valueKey: aliasValueKey(pool, 'preferred_username', a.preferred_username) });
  }
  return out;
}

/**
 * Finds a user by user name, then by the aliases the pool allows (email, phone, preferred_username), then by sub
 * (admin operations accept it). Undefined when nobody matches.
 */
export async function findUser(deps: Pick<Deps, 'store'>, pool: PoolRecord, name: string): Promise<UserRecord | undefined> {
  const direct = await deps.store.users.get(pool.id, usernameKey(pool, name));
  if (direct) return direct;
  const kinds = [...new Set([...usernameAttributes(pool), ...aliasAttributes(pool)])];
  for (const kind of kinds) {
    const u = await deps.store.users.findByAlias(pool.id, kind, aliasValueKey(pool, kind, name));
    if (u) return u;
  }
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name)) {
    return deps.store.users.findByAlias(pool.id, 'sub', name.toLowerCase());
  }
  return undefined;
}

export async function getUser(deps: Pick<Deps, 'store'>, pool: PoolRecord, name: string): Promise<UserRecord> {
  const u = await findUser(deps, pool, name);
  if (!u) throw userDoesNotExist();
  return u;
}

/** A new user record (not yet stored). With email/phone as the sign-in attribute, the user name is the sub. */
export function newUser(
  deps: Pick<Deps, 'random' | 'clock'>,
  pool: PoolRecord,
  name: string,
  attributes: Record<string, string>,
  status: UserStatus,
): UserRecord {
  const now = deps.clock.now();
  const sub = randomUuid(deps.random);
  const signInByAttribute = usernameAttributes(pool).length > 0;
  if (signInByAttribute && !looksLikeAttribute(pool, name, attributes)) {
    throw invalidParameter(`Username should be ${usernameAttributes(pool).map((a) => (a === 'email' ? 'an email' : 'a phone number')).join(' or ')}.`);
  }
  const username = signInByAttribute ? sub : name;
  if (signInByAttribute) {
    if (usernameAttributes(pool).includes('email') && name.includes('@') && !attributes.email) attributes = { ...attributes, email: name };
    if (usernameAttributes(pool).includes('phone_number') && name.startsWith('+') && !attributes.phone_number) attributes = { ...attributes, phone_number: name };
  }
  return {
    poolId: pool.id,
    username,
    usernameKey: usernameKey(pool, username),
    sub,
    status,
    enabled: true,
    createdAt: now,
    updatedAt: now,
    version: 1,
    attributes: { ...attributes, sub },
    data: {},
  };
}

function looksLikeAttribute(pool: PoolRecord, name: string, attributes: Record<string, string>): boolean {
  const attrs = usernameAttributes(pool);
  if (attrs.includes('email') && name.includes('@')) return true;
  if (attrs.includes('phone_number') && /^\+\d+$/.test(name)) return true;
  return attrs.some((a) => attributes[a] === name);
}

/** Stores a new user; maps key conflicts to Cognito's exceptions. */
export async function insertUser(deps: Pick<Deps, 'store'>, pool: PoolRecord, user: UserRecord, existsMessage: string): Promise<void> {
  try {
    await deps.store.users.create(user, aliasesOf(pool, user));
  } catch (e) {
    if (e instanceof StoreConflictError) {
      if (e.what === 'username') throw new CognitoError('UsernameExistsException', existsMessage);
      const kind = e.what.replace('alias:', '');
      // SignUp and AdminCreateUser model UsernameExistsException, not AliasExistsException: a verified alias another
      // user took meanwhile is answered as Cognito answers AdminCreateUser's (boto/boto3#3213).
      throw new CognitoError('UsernameExistsException', `An account with the given ${kind} already exists.`);
    }
    throw e;
  }
}

/**
 * Read-modify-write with optimistic concurrency: `change` gets the freshest record and returns the new one (or
 * undefined for no write); a concurrent update makes it run again on the newer record.
 */
export async function updateUser(
  deps: Pick<Deps, 'store' | 'clock'>,
  pool: PoolRecord,
  user: UserRecord,
  change: (u: UserRecord) => UserRecord | undefined,
  opts: { aliases?: boolean } = {},
): Promise<UserRecord> {
  let current = user;
  for (let attempt = 0; attempt < 100; attempt++) {
    // The change gets a copy it may assign to (`u.data = …`, `u.status = …`): the record, its attributes and its
    // data are copied; values below them are replaced, never edited in place (structuredClone here was ~5 % of
    // SetUserMFAPreference).
    const next = change({ ...current, attributes: { ...current.attributes }, data: { ...current.data } });
    if (!next) return current;
    next.updatedAt = deps.clock.now();
    try {
      if (await deps.store.users.update(next, opts.aliases ? aliasesOf(pool, next) : undefined)) {
        return { ...next, version: current.version + 1 };
      }
    } catch (e) {
      if (e instanceof StoreConflictError && e.what.startsWith('alias:')) {
        throw new CognitoError('AliasExistsException', `An account with the given ${e.what.slice(6)} already exists.`);
      }
      throw e;
    }
    const fresh = await deps.store.users.get(current.poolId, current.usernameKey);
    if (!fresh) throw userDoesNotExist();
    current = fresh;
  }
  throw new CognitoError('ConcurrentModificationException', 'Too many concurrent modifications of the user; try again.');
}

// ---- passwords ----

/** Pool password policy with Cognito's InvalidPasswordException texts. */
export function checkPasswordPolicy(pool: PoolRecord, password: string, wording: 'policy' | 'password policy' = 'policy'): void {
  const p = passwordPolicy(pool);
  const fail = (why: string) => invalidPassword(`Password did not conform with ${wording}: ${why}`);
  if (password.length < p.MinimumLength) throw fail('Password not long enough');
  if (password.length > 256) throw fail('Password is too long');
  if (p.RequireLowercase && !/[a-z]/.test(password)) throw fail('Password must have lowercase characters');
  if (p.RequireUppercase && !/[A-Z]/.test(password)) throw fail('Password must have uppercase characters');
  if (p.RequireNumbers && !/[0-9]/.test(password)) throw fail('Password must have numeric characters');
  if (p.RequireSymbols && !/[\^$*.\[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) throw fail('Password must have symbol characters');
}

/** The identity SRP clients hash the password with (USER_ID_FOR_SRP): the stored user name. */
export function srpIdentity(user: UserRecord): string {
  return user.username;
}

export function makePassword(deps: Pick<Deps, 'random' | 'clock'>, pool: PoolRecord, user: UserRecord, password: string, temporaryDays?: number): PasswordState {
  const salt = generateSalt(deps.random);
  const verifier = createVerifier(userPoolNameForSrp(pool.id), srpIdentity(user), password, salt);
  const now = deps.clock.now();
  return {
    scheme: 'srp-v1',
    salt: salt.toString('hex'),
    verifier: verifier.toString('hex'),
    setAt: now,
    ...(temporaryDays !== undefined ? { temporaryExpiresAt: now + temporaryDays * 86400_000 } : {}),
  };
}

/** The plaintext-password check (its modPow runs off the event loop in the server: srp.ts modPowNAsync). */
export async function isPasswordCorrect(deps: Pick<Deps, 'modPow'>, pool: PoolRecord, user: UserRecord, password: string): Promise<boolean> {
  const p = userData(user).password;
  if (!p || p.scheme !== 'srp-v1') return false;
  return checkPasswordAsync(userPoolNameForSrp(pool.id), srpIdentity(user), password, Buffer.from(p.salt, 'hex'), Buffer.from(p.verifier, 'hex'), deps.modPow);
}

// ---- lockout (spec §6.2): after 5 failures, 2^(n-5) s, capped at 15 min; forgotten after 15 min quiet ----

const LOCKOUT_FREE_FAILURES = 5;
const LOCKOUT_MAX_MS = 15 * 60_000;

export function isLockedOut(user: UserRecord, now: number): boolean {
  const l = userData(user).lockout;
  return Boolean(l?.lockedUntil && l.lockedUntil > now);
}

export function withFailure(user: UserRecord, now: number): UserRecord {
  const prev = userData(user).lockout;
  const failures = prev && now - prev.lastFailureAt < LOCKOUT_MAX_MS ? prev.failures + 1 : 1;
  const lockout: LockoutState = { failures, lastFailureAt: now };
  if (failures >= LOCKOUT_FREE_FAILURES) lockout.lockedUntil = now + Math.min(1000 * 2 ** (failures - LOCKOUT_FREE_FAILURES), LOCKOUT_MAX_MS);
  user.data = { ...user.data, lockout };
  return user;
}

export function withoutFailures(user: UserRecord): UserRecord {
  if (!userData(user).lockout) return user;
  const { lockout: _dropped, ...rest } = user.data as UserData;
  user.data = rest;
  return user;
}

// ---- attributes ----

export function attributeList(user: UserRecord, only?: string[]): Array<{ Name: string; Value: string }> {
  const names = Object.keys(user.attributes).filter((n) => !only || only.includes(n));
  names.sort((a, b) => (a === 'sub' ? -1 : b === 'sub' ? 1 : 0));
  return names.map((Name) => ({ Name, Value: user.attributes[Name]! }));
}
