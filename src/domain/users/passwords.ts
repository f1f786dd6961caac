import { randomString } from '../../platform/random.js';
import type { PoolRecord, UserRecord, UserStatus } from '../../store/types.js';
import { checkPassword, userPoolNameForSrp } from '../auth/srp.js';
import type { Deps } from '../deps.js';
import { CognitoError } from '../errors.js';
import { passwordPolicy, userPoolTier } from '../pools/config.js';
import { checkPasswordPolicy, makePassword, srpIdentity, userData, type PasswordState } from './users.js';

/**
 * Setting passwords on behalf of administrators (AdminCreateUser, AdminSetUserPassword) and anyone else who needs
 * the same rules: the pool policy, password history (PasswordHistorySize, Essentials tier and up), temporary
 * passwords that expire after TemporaryPasswordValidityDays, and generated temporary passwords that satisfy the
 * policy.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
 */
export const PASSWORD_REUSED = 'The password has been used previously.';
const MAX_HISTORY = 24;

type PasswordHistoryEntry = Pick<PasswordState, 'scheme' | 'salt' | 'verifier'>;

function history(user: UserRecord): PasswordHistoryEntry[] {
  return ((user.data as { passwordHistory?: PasswordHistoryEntry[] }).passwordHistory ?? []).filter(Boolean);
}

function historySize(pool: PoolRecord): number {
  if (userPoolTier(pool) === 'LITE') return 0;
  return Math.min(Math.max(passwordPolicy(pool).PasswordHistorySize, 0), MAX_HISTORY);
}

/** PasswordHistoryPolicyViolationException when the password matches the current one or one of the last n − 1. */
export function checkPasswordHistory(pool: PoolRecord, user: UserRecord, password: string): void {
  const n = historySize(pool);
  if (n === 0) return;
  const current = userData(user).password;
  const recent = [...(current ? [current] : []), ...history(user)].slice(0, n);
  const poolName = userPoolNameForSrp(pool.id);
  for (const p of recent) {
    if (p.scheme === 'srp-v1' && checkPassword(poolName, srpIdentity(user), password, Buffer.from(p.salt, 'hex'), Buffer.from(p.verifier, 'hex'))) {
      throw new CognitoError('PasswordHistoryPolicyViolationException', PASSWORD_REUSED);
    }
  }
}

/**
 * The user with a new password (policy and history checked): temporary → FORCE_CHANGE_PASSWORD with the pool's
 * temporary validity, permanent → CONFIRMED. The replaced password joins the history when the pool keeps one.
 */
export function withNewPassword(
  deps: Pick<Deps, 'random' | 'clock'>,
  pool: PoolRecord,
  user: UserRecord,
  password: string,
  opts: { temporary: boolean },
): UserRecord {
  checkPasswordPolicy(pool, password);
  checkPasswordHistory(pool, user, password);
  const days = passwordPolicy(pool).TemporaryPasswordValidityDays;
  const state = makePassword(deps, pool, user, password, opts.temporary ? days : undefined);
  const previous = userData(user).password;
  const data: Record<string, unknown> = { ...user.data, password: state };
  const keep = historySize(pool);
  if (keep > 0 && previous) {
    data.passwordHistory = [{ scheme: previous.scheme, salt: previous.salt, verifier: previous.verifier }, ...history(user)].slice(0, keep);
  }
  const status: UserStatus = opts.temporary ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED';
  return { ...user, status, data };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
// Symbols from Cognito's policy set that survive shells and templates unquoted.
const SYMBOLS = '!#%*+-.=?@^_~';

/** Uniform index below n (n ≤ 256) by rejection sampling. */
function randomIndex(deps: Pick<Deps, 'random'>, n: number): number {
  const limit = 256 - (256 % n);
  for (;;) {
    const b = deps.random.bytes(1)[0]!;
    if (b < limit) return b % n;
  }
}

/** A temporary password that satisfies the pool policy: one of each required class, the rest mixed, shuffled. */
export function generateTemporaryPassword(deps: Pick<Deps, 'random'>, pool: PoolRecord): string {
  const p = passwordPolicy(pool);
  const length = Math.max(p.MinimumLength, 12);
  const chars = [
    randomString(deps.random, 1, LOWER),
    randomString(deps.random, 1, UPPER),
    randomString(deps.random, 1, DIGITS),
    randomString(deps.random, 1, SYMBOLS),
    ...randomString(deps.random, length - 4, LOWER + UPPER + DIGITS + SYMBOLS),
  ];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(deps, i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
