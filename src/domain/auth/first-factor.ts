import type { ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { isAuthFlowAllowed, preventsUserExistenceErrors } from '../clients/config.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, notAuthorized, userDoesNotExist } from '../errors.js';
import { LOCKOUT, releaseAttempts, releaseAttemptsReading, reserveAttempt } from '../users/attempts.js';
import { mfaConfiguration } from '../pools/config.js';
import { isPasswordCorrect, userData } from '../users/users.js';

/**
 * The first factor of every sign-in (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, PASSWORD_VERIFIER): who the user is,
 * whether they may try, whether the password is right, and what their status says after it was. Cognito's texts
 * (docs/compatibility.md, Users: lockout).
 */
export const INCORRECT = 'Incorrect username or password.';
export const ATTEMPTS_EXCEEDED = 'Password attempts exceeded';
export const USER_DISABLED = 'User is disabled.';
export const TEMPORARY_PASSWORD_EXPIRED = 'Temporary password has expired and must be reset by an administrator.';

/** `Missing required parameter X`, as Cognito words a missing AuthParameters/ChallengeResponses entry. */
export function requireParam(params: Record<string, string> | undefined, name: string): string {
  const v = params?.[name];
  if (typeof v !== 'string' || v === '') throw invalidParameter(`Missing required parameter ${name}`);
  return v;
}

export function unknownUserError(client: ClientRecord): CognitoError {
  return preventsUserExistenceErrors(client) ? notAuthorized(INCORRECT) : userDoesNotExist();
}

/** The client's ExplicitAuthFlows gate, with the message Cognito sends for that flow. */
export function requireFlow(client: ClientRecord, allowFlow: ExplicitAuthFlowsType, message: string): void {
  if (!isAuthFlowAllowed(client, allowFlow)) throw invalidParameter(message);
}

/** Checks that come before any password is looked at: disabled users. */
export function checkMayTry(user: UserRecord): void {
  if (!user.enabled) throw notAuthorized(USER_DISABLED);
  // A user imported from CSV has no password to check: Cognito answers that the password must be reset.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool-password-reset.html
  if (user.status === 'RESET_REQUIRED' && !userData(user).password) throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
}

/**
 * Takes the attempt's slot before the password or proof is evaluated (users/attempts.ts): 5 free failures, then 1 s
 * doubling (docs/compatibility.md "Limits"). Attempts during a lockout are refused without extending it.
 */
export async function reserveFirstFactor(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<void> {
  if (!(await reserveAttempt(deps, pool, user.usernameKey, 'password', LOCKOUT))) throw notAuthorized(ATTEMPTS_EXCEEDED);
}

/** What a correct first factor hands the step after it. */
export interface FirstFactorPass {
  user: UserRecord;
  /**
   * The lock on the user's MFA codes (0: none), read together with the release of the password's failures when the
   * pool has MFA: the MFA decision needs it, and on PostgreSQL the two are one statement. Absent with MFA off.
   */
  mfaLockedUntil?: number;
}

/**
 * After a correct password or proof: forgets the failures, then applies the status rules (the status is only
 * revealed to someone who knew the password).
 */
export async function passFirstFactor(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<FirstFactorPass> {
  let mfaLockedUntil: number | undefined;
  if (mfaConfiguration(pool) === 'OFF') await releaseAttempts(deps, pool, user.usernameKey, 'password');
  else mfaLockedUntil = await releaseAttemptsReading(deps, pool, user.usernameKey, 'password', 'mfa');
  if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const expiresAt = userData(user).password?.temporaryExpiresAt;
    if (expiresAt !== undefined && deps.clock.now() >= expiresAt) throw notAuthorized(TEMPORARY_PASSWORD_EXPIRED);
  }
  return mfaLockedUntil === undefined ? { user } : { user, mfaLockedUntil };
}

/** The whole plaintext-password first factor (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH). */
export async function checkPasswordSignIn(deps: Deps, pool: PoolRecord, user: UserRecord, password: string): Promise<FirstFactorPass> {
  checkMayTry(user);
  await reserveFirstFactor(deps, pool, user);
  if (!(await isPasswordCorrect(deps, pool, user, password))) throw notAuthorized(INCORRECT);
  return passFirstFactor(deps, pool, user);
}
