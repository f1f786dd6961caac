import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { checkNewUserAttributes } from '../users/attributes.js';
import { CognitoError, isCognitoError } from '../errors.js';
import { applyPreference } from '../mfa/preferences.js';
import { sendInvitation, type Channel } from '../users/codes.js';
import { claimNewUserAliases } from '../users/lifecycle.js';
import { findUser, insertUser, makePassword, newUser } from '../users/users.js';
import { invalidLambdaResponse, optionalBoolean, optionalString, optionalStringMap, runTrigger, triggerArn, type TriggerResponse } from './triggers.js';

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
  const answer = readAnswer(response);
  // A reset has no password to keep: the user must set one through the code ConfirmForgotPassword takes.
  const status = signIn ? answer.finalUserStatus : 'RESET_REQUIRED';
  const { username: _u, sub: _s, ...given } = attributes;
  const created = newUser(deps, pool, username, checkNewUserAttributes(pool, given, { requireRequired: false }), status);
  // The legacy password as it is: the pool's policy applies to passwords set here, not to one a user already has.
  let user = signIn ? { ...created, data: { ...created.data, password: makePassword(deps, pool, created, how.password) } } : created;
  // enableSMSMFA: SMS MFA on and preferred, as AdminSetUserMFAPreference would set it (a user without a phone, or a
  // pool without SMS MFA, is not migrated: InvalidParameterException, the preference API's answer).
  if (answer.enableSMSMFA) user = applyPreference(pool, user, { SMSMfaSettings: { Enabled: true, PreferredMfa: true } }, 0) ?? user;
  try {
    await claimNewUserAliases(deps, pool, user, answer.forceAliasCreation);
  } catch (e) {
    // forceAliasCreation false and a verified email/phone another user signs in with: not migrated, and the error goes
    // back to the app (developer guide); InitiateAuth and ForgotPassword model no alias error (*guess*: docs/triggers.md).
    if (isCognitoError(e) && e.type === 'UsernameExistsException') throw new CognitoError('UserLambdaValidationException', `UserMigration failed with error ${e.message.replace(/\.$/, '')}.`);
    throw e;
  }
  try {
    await insertUser(deps, pool, user, 'User account already exists');
  } catch (e) {
    // Created meanwhile by a concurrent sign-in of the same user: go on with that one (it sent the welcome message).
    if (!isCognitoError(e) || e.type !== 'UsernameExistsException') throw e;
    return findUser(deps, pool, username);
  }
  // The welcome message: the pool's invitation (CustomMessage_AdminCreateUser, a custom sender's AdminCreateUser), by
  // desiredDeliveryMediums (SMS without), unless SUPPRESS. Only a sign-in migration has a password to put in it.
  if (signIn && answer.messageAction !== 'SUPPRESS') await sendInvitation(deps, pool, user, how.password, answer.desiredDeliveryMediums);
  return findUser(deps, pool, username);
}

interface MigrationAnswer {
  finalUserStatus: 'CONFIRMED' | 'RESET_REQUIRED';
  messageAction?: 'SUPPRESS' | 'RESEND' | undefined;
  desiredDeliveryMediums: Channel[];
  forceAliasCreation: boolean;
  enableSMSMFA: boolean;
}

/** The members of the answer besides userAttributes, each of the type and values the developer guide gives. */
function readAnswer(response: TriggerResponse): MigrationAnswer {
  const finalUserStatus = optionalString(response, 'finalUserStatus') ?? 'CONFIRMED';
  if (finalUserStatus !== 'CONFIRMED' && finalUserStatus !== 'RESET_REQUIRED') throw invalidLambdaResponse();
  const messageAction = optionalString(response, 'messageAction');
  if (messageAction !== undefined && messageAction !== 'SUPPRESS' && messageAction !== 'RESEND') throw invalidLambdaResponse();
  const mediums = response.desiredDeliveryMediums ?? null;
  if (mediums !== null && (!Array.isArray(mediums) || !mediums.every((m) => m === 'SMS' || m === 'EMAIL'))) throw invalidLambdaResponse();
  return {
    finalUserStatus,
    messageAction,
    desiredDeliveryMediums: mediums?.length ? [...new Set(mediums as Channel[])] : ['SMS'],
    forceAliasCreation: optionalBoolean(response, 'forceAliasCreation'),
    enableSMSMFA: optionalBoolean(response, 'enableSMSMFA'),
  };
}
