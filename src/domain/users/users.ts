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

/** What the domain keeps in UserRecord.data. Each feature owns its key. */
export interface UserData {
  password?: PasswordState;
  [feature: string]: unknown;
}

export const userData = (u: UserRecord) => u.data as UserData;

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A character with a compatibility or singleton mapping (toNFKC(c) differs from c: the Kelvin sign, the Ohm and
 * Angstrom signs, fullwidth letters, ligatures; RFC 8264 section 9.17's HasCompat). Such a character is kept as typed:
 * neither NFC (which maps the Kelvin sign to K) nor lower-casing (which maps it to k) may turn it into an ordinary
 * letter and so into another user's name.
 */
const hasCompat = (c: string) => c.normalize('NFKC') !== c;

/**
 * A name in the form cognate compares (docs/compatibility.md, Users, "Unicode in user names and aliases"): runs of
 * ordinary characters in Unicode NFC, lower-cased when `fold`; HasCompat characters as typed (lower-cased only onto
 * another HasCompat character, so fullwidth K and k stay one letter). ASCII, nearly every name, is only lower-cased.
 */
function comparableName(name: string, fold: boolean): string {
  if (!NON_ASCII.test(name)) return fold ? name.toLowerCase() : name;
  const finish = (run: string) => (fold ? run.normalize('NFC').toLowerCase().normalize('NFC') : run.normalize('NFC'));
  let out = '';
  let run = '';
  for (const c of name) {
    if (!hasCompat(c)) {
      run += c;
      continue;
    }
    const lower = fold ? c.toLowerCase() : c;
    out += finish(run) + (hasCompat(lower) ? lower : c);
    run = '';
  }
  return out + finish(run);
}

/** The user name as stored: canonically equivalent spellings (é, or e + U+0301) become one. */
export const normalizeName = (name: string) => comparableName(name, false);

/** The key a user is stored and found under: its name compared as above, case-folded unless the pool is case-sensitive. */
export function usernameKey(pool: PoolRecord, username: string): string {
  return comparableName(username, !isUsernameCaseSensitive(pool));
}

/** The key versions before Unicode normalisation stored: it differs from usernameKey only for non-ASCII names. */
export function legacyUsernameKey(pool: PoolRecord, username: string): string {
  return isUsernameCaseSensitive(pool) ? username : username.toLowerCase();
}

function aliasValueKey(pool: PoolRecord, kind: string, value: string): string {
  if (kind === 'email') return comparableName(value, true);
  if (kind === 'preferred_username') return usernameKey(pool, value);
  return value;
}

function legacyAliasValueKey(pool: PoolRecord, kind: string, value: string): string {
  return kind === 'email' ? value.toLowerCase() : kind === 'preferred_username' ? legacyUsernameKey(pool, value) : value;
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
  // A user is found under a key only if its own name (or alias value) has that key today: keys stored before names
  // were normalised folded more (the Kelvin sign onto k), and a name must not reach a user through such a key.
  const key = usernameKey(pool, name);
  const answersTo = (u: UserRecord | undefined) => u !== undefined && usernameKey(pool, u.username) === key;
  const direct = await deps.store.users.get(pool.id, key);
  if (answersTo(direct)) return direct;
  const legacyKey = legacyUsernameKey(pool, name);
  if (legacyKey !== key) {
    const old = await deps.store.users.get(pool.id, legacyKey);
    if (answersTo(old)) return old;
  }
  const kinds = [...new Set([...usernameAttributes(pool), ...aliasAttributes(pool)])];
  for (const kind of kinds) {
    const valueKey = aliasValueKey(pool, kind, name);
    const hasValue = (u: UserRecord | undefined) => u !== undefined && u.attributes[kind] !== undefined && aliasValueKey(pool, kind, u.attributes[kind]) === valueKey;
    const u = await deps.store.users.findByAlias(pool.id, kind, valueKey);
    if (hasValue(u)) return u;
    const legacyValueKey = legacyAliasValueKey(pool, kind, name);
    if (legacyValueKey !== valueKey) {
      const old = await deps.store.users.findByAlias(pool.id, kind, legacyValueKey);
      if (hasValue(old)) return old;
    }
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
  const username = signInByAttribute ? sub : normalizeName(name);
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

// ---- attributes ----

export function attributeList(user: UserRecord, only?: string[]): Array<{ Name: string; Value: string }> {
  const names = Object.keys(user.attributes).filter((n) => !only || only.includes(n));
  names.sort((a, b) => (a === 'sub' ? -1 : b === 'sub' ? 1 : 0));
  return names.map((Name) => ({ Name, Value: user.attributes[Name]! }));
}
