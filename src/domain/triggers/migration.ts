import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { checkNewUserAttributes } from '../users/attributes.js';
import { isCognitoError } from '../errors.js';
import { findUser, insertUser, makePassword, newUser } from '../users/users.js';
import { invalidLambdaResponse, optionalString, optionalStringMap, runTrigger, triggerArn } from './triggers.js';

/**
 * The user migration trigger: a user name the pool does not know, signing in with a password (USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH) or asking for a password reset, is looked up in the function (a legacy user store). If it
 * answers with userAttributes, the user is created from them — with the password just given and CONFIRMED, or
 * RESET_REQUIRED (`finalUserStatus`) — and the request goes on as for a user that existed. An answer without
 * userAttributes means "not found there either".
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html
 */
export async function migrateUser(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  how: { password: string } | { forgotPassword: true },
  clientMetadata?: Record<string, string> | undefined,
): Promise<UserRecord | undefined> {
  if (!triggerArn(pool, 'UserMigration')) return undefined;
  const signIn = 'password' in how;
  const response = await runTrigger(deps, pool, 'UserMigration', signIn ? 'UserMigration_Authentication' : 'UserMigration_ForgotPassword', {
    userName: username,
    clientId: client.clientId,
    request: {
      ...(signIn ? { password: how.password } : {}),
      validationData: clientMetadata ?? null,
      ...(clientMetadata ? { clientMetadata } : {}),
    },
    response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
  });
  const attributes = response && optionalStringMap(response, 'userAttributes');
  if (!response || !attributes) return undefined;
  const finalStatus = optionalString(response, 'finalUserStatus') ?? 'CONFIRMED';
  if (finalStatus !== 'CONFIRMED' && finalStatus !== 'RESET_REQUIRED') throw invalidLambdaResponse();
  const messageAction = optionalString(response, 'messageAction');
  if (messageAction !== undefined && messageAction !== 'SUPPRESS' && messageAction !== 'RESEND') throw invalidLambdaResponse();
  // A reset has no password to keep: the user must set one through the code ConfirmForgotPassword takes.
  const status = signIn ? finalStatus : 'RESET_REQUIRED';
  const { username: _u, sub: _s, ...given } = attributes;
  const created = newUser(deps, pool, username, checkNewUserAttributes(pool, given, { requireRequired: false }), status);
  // The legacy password as it is: the pool's policy applies to passwords set here, not to one a user already has.
  const user = signIn ? { ...created, data: { ...created.data, password: makePassword(deps, pool, created, how.password) } } : created;
  try {
    await insertUser(deps, pool, user, 'User account already exists');
  } catch (e) {
    // Created meanwhile by a concurrent sign-in of the same user: go on with that one.
    if (!isCognitoError(e) || e.type !== 'UsernameExistsException') throw e;
  }
  return findUser(deps, pool, username);
}
