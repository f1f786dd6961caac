import type { AdminCreateUserRequest, AdminCreateUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoError, invalidParameter, userDoesNotExist } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { attributeMap, checkNewUserAttributes, checkUsernameForAliases, userTypeView, type Attributes } from '../domain/users/attributes.js';
import { sendInvitation, type Channel } from '../domain/users/codes.js';
import { claimNewUserAliases } from '../domain/users/lifecycle.js';
import { generateTemporaryPassword, withNewPassword } from '../domain/users/passwords.js';
import { usernameAttributes } from '../domain/pools/config.js';
import { checkPasswordPolicy, findUser, insertUser, newUser, updateUser } from '../domain/users/users.js';
import type { PoolRecord, UserRecord } from '../store/types.js';
import { preSignUp } from '../domain/triggers/sign-up.js';
import { operation } from './operation.js';

/**
 * Creates a user with a temporary password (given or generated) in FORCE_CHANGE_PASSWORD and sends the
 * invitation (user name + temporary password) by DesiredDeliveryMediums (default SMS); SUPPRESS sends nothing,
 * RESEND issues a new temporary password to an existing FORCE_CHANGE_PASSWORD user.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html
 */
export default operation<AdminCreateUserRequest, AdminCreateUserResponse>('AdminCreateUser', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  // AdminCreateUser words a policy failure "… with password policy: …" (data-dot-all/dataall#690).
  if (input.TemporaryPassword !== undefined) checkPasswordPolicy(pool, input.TemporaryPassword, 'password policy');
  const password = input.TemporaryPassword ?? generateTemporaryPassword(deps, pool);

  if (input.MessageAction === 'RESEND') {
    const existing = await findUser(deps, pool, input.Username!);
    if (!existing) throw userDoesNotExist();
    if (existing.status !== 'FORCE_CHANGE_PASSWORD') {
      throw new CognitoError('UnsupportedUserStateException', `Resend not possible. ${existing.username} status is not FORCE_CHANGE_PASSWORD.`);
    }
    const user = await updateUser(deps, pool, existing, (u) => withNewPassword(deps, pool, u, password, { temporary: true }));
    await sendInvitation(deps, pool, user, password, deliveryChannels(input.DesiredDeliveryMediums, user.attributes), signInName(pool, user, input.Username!));
    return { User: userTypeView(user) };
  }

  const attributes = checkNewUserAttributes(pool, attributeMap(input.UserAttributes), { requireRequired: false });
  checkUsernameForAliases(pool, input.Username!);
  const created = newUser(deps, pool, input.Username!, attributes, 'FORCE_CHANGE_PASSWORD');
  const channels = deliveryChannels(input.DesiredDeliveryMediums, created.attributes);
  // Before anything is written: a failing function leaves no user. Its autoConfirmUser / autoVerify* answers are
  // ignored here, as the developer guide says of AdminCreateUser.
  await preSignUp(deps, pool, 'PreSignUp_AdminCreateUser', created, {
    validationData: input.ValidationData ? attributeMap(input.ValidationData) : undefined,
    clientMetadata: input.ClientMetadata,
  });
  const user = withNewPassword(deps, pool, created, password, { temporary: true });
  await claimNewUserAliases(deps, pool, user, Boolean(input.ForceAliasCreation));
  await insertUser(deps, pool, user, 'User account already exists');
  if (input.MessageAction !== 'SUPPRESS') await sendInvitation(deps, pool, user, password, channels, signInName(pool, user, input.Username!));
  return { User: userTypeView(user) };
});

/** Requested mediums must have an address; without a request the invitation goes by SMS if there is a phone. */
function deliveryChannels(requested: string[] | undefined, attributes: Attributes): Channel[] {
  if (!requested?.length) return attributes.phone_number ? ['SMS'] : [];
  const channels = [...new Set(requested)] as Channel[];
  if (channels.includes('EMAIL') && !attributes.email) throw invalidParameter('No email provided but desired delivery medium was Email');
  if (channels.includes('SMS') && !attributes.phone_number) throw invalidParameter('No phone_number provided but desired delivery medium was SMS');
  return channels;
}

/** The name the invitation tells the user to sign in with: their email/phone where that is the sign-in attribute. */
function signInName(pool: PoolRecord, user: UserRecord, given: string): string {
  return usernameAttributes(pool).length ? given : user.username;
}
