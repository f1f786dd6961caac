import { postConfirmation } from '../triggers/lifecycle.js';
import { migrateUser } from '../triggers/migration.js';
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { preventsUserExistenceErrors } from '../clients/config.js';
import { checkSecretHash } from '../clients/secret-hash.js';
import { isAdminOnlyRecovery, recoveryMechanisms } from '../pools/config.js';
import type { Deps } from '../deps.js';
import { codeMismatch, limitExceeded, notAuthorized, userNotFound } from '../errors.js';
import { ATTEMPT_LIMIT, CODE_MISMATCH, issueCode, limitCodeRequest, verifyCode } from '../users/codes.js';
import { decoyCodeRequest } from './decoys.js';
import { checkPasswordHistory, withNewPassword } from '../users/passwords.js';
import { LOCKOUT, releaseAttempts, reserveAttempt } from '../users/attempts.js';
import { checkPasswordPolicy, findUser, isPasswordCorrect, updateUser } from '../users/users.js';
import { checkNewPassword } from '../threat/credentials.js';
import { threatMode } from '../threat/sign-in.js';
import { INCORRECT, unknownUserError, USER_DISABLED } from './first-factor.js';

/**
 * Password changes outside sign-in: ChangePassword (signed-in user, previous password), ForgotPassword /
 * ConfirmForgotPassword (a code to a verified email or phone, valid one hour) and AdminResetUserPassword
 * (RESET_REQUIRED plus a code). https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
 */
// Cognito refuses to reset the password of a user who has not yet replaced a temporary one.
export const CANNOT_RESET_IN_STATE = 'User password cannot be reset in the current state.';
// ForgotPassword's own text for an unknown user (aws-amplify/amplify-js#10157), not "User does not exist.".
export const FORGOT_PASSWORD_UNKNOWN_USER = 'Username/client id combination not found.';
export const ADMIN_ONLY_RECOVERY = 'Contact administrator to reset password.';

export async function changePassword(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  previous: string | undefined,
  proposed: string,
  clientId?: string,
): Promise<void> {
  // ChangePassword is limited to a few attempts (docs/compatibility.md, Users: lockout); wrong previous passwords share the sign-in lockout, and
  // take their slot before they are checked (users/attempts.ts).
  if (!(await reserveAttempt(deps, pool, user.usernameKey, 'password', LOCKOUT))) throw limitExceeded(ATTEMPT_LIMIT);
  if (previous === undefined || !(await isPasswordCorrect(deps, pool, user, previous))) throw notAuthorized(INCORRECT);
  await releaseAttempts(deps, pool, user.usernameKey, 'password');
  checkPasswordPolicy(pool, proposed);
  if (threatMode(pool) !== 'OFF') await checkNewPassword(deps, pool, clientId, 'PASSWORD_CHANGE', proposed, user);
  await updateUser(deps, pool, user, (u) => withNewPassword(deps, pool, u, proposed, { temporary: false }));
}

/**
 * ForgotPassword. With PreventUserExistenceErrors an unknown user gets a plausible, invented CodeDeliveryDetails
 * instead of UserNotFoundException (Cognito documents this simulated response).
 */
export async function forgotPassword(deps: Deps, pool: PoolRecord, client: ClientRecord, username: string, secretHash: string | undefined): Promise<CodeDeliveryDetailsType> {
  checkSecretHash(deps.sealer, client, username, secretHash);
  if (isAdminOnlyRecovery(pool)) throw notAuthorized(ADMIN_ONLY_RECOVERY);
  const user = (await findUser(deps, pool, username)) ?? (await migrateUser(deps, pool, client, username, { forgotPassword: true }));
  if (!user) {
    if (!preventsUserExistenceErrors(client)) throw userNotFound(FORGOT_PASSWORD_UNKNOWN_USER);
    // The same limit and the same writes as a real request, and a destination derived from the name (decoys.ts).
    return decoyCodeRequest(deps, pool, username, 'forgot-password', recoveryChannels(pool));
  }
  checkResettable(user);
  await limitCodeRequest(deps, pool, user.usernameKey, 'forgot-password');
  return (await issueCode(deps, pool, user, 'forgot-password', undefined, { clientId: client.clientId }))!;
}

/** The channels the pool recovers accounts by (AccountRecoverySetting; without it, both). */
function recoveryChannels(pool: PoolRecord): { email: boolean; sms: boolean } {
  const names = recoveryMechanisms(pool)?.map((m) => m.Name);
  if (!names?.length) return { email: true, sms: true };
  return { email: names.includes('verified_email'), sms: names.includes('verified_phone_number') };
}

function checkResettable(user: UserRecord): void {
  if (!user.enabled) throw notAuthorized(USER_DISABLED);
  if (user.status === 'FORCE_CHANGE_PASSWORD') throw notAuthorized(CANNOT_RESET_IN_STATE);
}

/**
 * ConfirmForgotPassword: the policy is checked before the code is used up, so a rejected password does not cost the
 * user their code. The new password also ends RESET_REQUIRED and any lockout.
 */
export async function confirmForgotPassword(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  input: { username: string; code: string; password: string; secretHash: string | undefined; clientMetadata?: Record<string, string> | undefined },
): Promise<void> {
  checkSecretHash(deps.sealer, client, input.username, input.secretHash);
  const user = await findUser(deps, pool, input.username);
  if (!user) {
    if (preventsUserExistenceErrors(client)) throw codeMismatch(CODE_MISMATCH);
    throw unknownUserError(client);
  }
  if (!user.enabled) throw notAuthorized(USER_DISABLED);
  checkPasswordPolicy(pool, input.password);
  checkPasswordHistory(pool, user, input.password);
  if (threatMode(pool) !== 'OFF') await checkNewPassword(deps, pool, client.clientId, 'PASSWORD_CHANGE', input.password, user);
  await verifyCode(deps, pool, user, 'forgot-password', input.code);
  const updated = await updateUser(deps, pool, user, (u) => withNewPassword(deps, pool, u, input.password, { temporary: false }));
  await releaseAttempts(deps, pool, user.usernameKey, 'password');
  await postConfirmation(deps, pool, 'PostConfirmation_ConfirmForgotPassword', updated, { client, clientMetadata: input.clientMetadata });
}

/** AdminResetUserPassword: the code goes out first (no verified address → InvalidParameterException), then RESET_REQUIRED. */
export async function adminResetUserPassword(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<void> {
  checkResettable(user);
  await issueCode(deps, pool, user, 'forgot-password');
  await updateUser(deps, pool, user, (u) => {
    u.status = 'RESET_REQUIRED';
    return u;
  });
}
