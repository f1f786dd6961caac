import type { AttemptPolicy, PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';

/**
 * Limited attempts (docs/security.md "Attempt limits"). Every attempt that guesses a secret — a password or SRP proof,
 * an MFA code, a verification code, a TOTP code being set up — first reserves its slot in the store (one guarded
 * upsert, atomic across connections and processes) and is evaluated only if it got one; a success then releases the
 * count, as Cognito forgets failures after a successful sign-in. So a burst of concurrent guesses is counted before
 * any of them is judged: at most `free` of them are evaluated until the lock has run out.
 *
 * Requests that send a code (ForgotPassword, ResendConfirmationCode, GetUserAttributeVerificationCode) are limited
 * the same way and never released: each costs the attacker a slot whether it worked or not.
 */
export type AttemptKind =
  /** First factor: USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, PASSWORD_VERIFIER, ChangePassword's previous password. */
  | 'password'
  /** Second factor: SMS, email and TOTP codes answering a sign-in challenge. */
  | 'mfa'
  /** DEVICE_PASSWORD_VERIFIER proofs. */
  | 'device'
  /** VerifySoftwareToken. */
  | 'totp-setup'
  /** A verification code: sign-up, forgot-password, attribute verification (kept across new codes). */
  | `code:${string}`
  /** A request that sends a code of this purpose. */
  | `send:${string}`;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Cognito's sign-in lockout (docs/compatibility.md "Limits"): 5 failures, then 1 s doubling per further failure
 * up to 15 minutes; forgotten after 15 minutes without attempts. The same for MFA codes, device proofs and TOTP setup.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout
 */
export const LOCKOUT: AttemptPolicy = { free: 5, lockMs: SECOND, maxLockMs: 15 * MINUTE, forgetAfterMs: 15 * MINUTE };

/**
 * Verification codes: 5 wrong answers per user and purpose, then none for an hour — across codes, so asking for a new
 * code does not restore the tries (Cognito's per-user hourly quotas on ConfirmSignUp, ConfirmForgotPassword and
 * VerifyUserAttribute; docs/compatibility.md "Users", "Codes").
 */
export const CODE_ANSWERS: AttemptPolicy = { free: 5, lockMs: HOUR, maxLockMs: HOUR, forgetAfterMs: HOUR };

/**
 * Code deliveries: 5 per user and purpose per hour (Cognito: ResendConfirmationCode and
 * GetUserAttributeVerificationCode 5 per user per hour; the same for ForgotPassword; docs/compatibility.md).
 */
export const CODE_REQUESTS: AttemptPolicy = { free: 5, lockMs: HOUR, maxLockMs: HOUR, forgetAfterMs: HOUR };

/**
 * Takes one attempt's slot; false when the user is locked out of `kind` (the caller answers with Cognito's text for
 * it). Nothing is evaluated before this returns true.
 */
export function reserveAttempt(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord, usernameKey: string, kind: AttemptKind, policy: AttemptPolicy): Promise<boolean> {
  return deps.store.attempts.reserve(pool.id, usernameKey, kind, deps.clock.now(), policy);
}

/** Whether a lock on `kind` runs now (to refuse a step early, before anything is sent; `reserve` still decides). */
export async function isLockedOut(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord, usernameKey: string, kind: AttemptKind): Promise<boolean> {
  const a = await deps.store.attempts.get(pool.id, usernameKey, kind);
  return a !== undefined && a.lockedUntil > deps.clock.now();
}

/**
 * After a success: the failures of `kind` are forgotten, and the lock on `read` (0 when none) comes back from the same
 * store call (one statement on PostgreSQL; docs/performance.md, "Statements per request").
 */
export function releaseAttemptsReading(deps: Pick<Deps, 'store'>, pool: PoolRecord, usernameKey: string, kind: AttemptKind, read: AttemptKind): Promise<number> {
  return deps.store.attempts.releaseAndRead(pool.id, usernameKey, kind, read);
}

/** After a success: the failures of `kind` are forgotten. */
export function releaseAttempts(deps: Pick<Deps, 'store'>, pool: PoolRecord, usernameKey: string, kind: AttemptKind): Promise<void> {
  return deps.store.attempts.release(pool.id, usernameKey, kind);
}
