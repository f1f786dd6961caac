import type { SignUpRequest, SignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { findClient } from '../domain/clients/clients.js';
import { checkSecretHash } from '../domain/clients/secret-hash.js';
import { invalidParameter, notAuthorized } from '../domain/errors.js';
import { allowAdminCreateUserOnly, allowedFirstAuthFactors } from '../domain/pools/config.js';
import { getPool } from '../domain/pools/pools.js';
import {
  attributeMap,
  checkClientWrite,
  checkNewUserAttributes,
  checkRequiredAttributes,
  checkUsernameForAliases,
} from '../domain/users/attributes.js';
import { issueCode } from '../domain/users/codes.js';
import { checkPasswordPolicy, insertUser, makePassword, newUser } from '../domain/users/users.js';
import { preSignUp } from '../domain/triggers/sign-up.js';
import { checkNewPassword } from '../domain/threat/credentials.js';
import { threatMode } from '../domain/threat/sign-in.js';
import { postConfirmation } from '../domain/triggers/lifecycle.js';
import type { PoolRecord } from '../store/types.js';
import { operation } from './operation.js';

/**
 * Self-service registration: an UNCONFIRMED user with a permanent password; a confirmation code goes to the
 * auto-verified email or phone. With email/phone as the sign-in attribute the user name is the sub.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html
 */
export default operation<SignUpRequest, SignUpResponse>('SignUp', async (input, { deps }) => {
  const client = await findClient(deps, input.ClientId!);
  const pool = await getPool(deps, client.poolId);
  checkSecretHash(deps.sealer, client, input.Username!, input.SecretHash);
  if (allowAdminCreateUserOnly(pool)) {
    throw notAuthorized('SignUp is not permitted for this user pool');
  }
  const given = attributeMap(input.UserAttributes);
  const attributes = checkNewUserAttributes(pool, given, { requireRequired: false });
  checkClientWrite(client, Object.keys(given));
  checkUsernameForAliases(pool, input.Username!);
  const created = newUser(deps, pool, input.Username!, attributes, 'UNCONFIRMED');
  const { sub: _sub, ...own } = created.attributes;
  checkRequiredAttributes(pool, own);

  if (input.Password === undefined || input.Password === null) {
    if (!allowsPasswordless(pool)) throw invalidParameter("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null");
  } else {
    checkPasswordPolicy(pool, input.Password);
    if (threatMode(pool) !== 'OFF') await checkNewPassword(deps, pool, client.clientId, 'SIGN_UP', input.Password);
    created.data = { ...created.data, password: makePassword(deps, pool, created, input.Password) };
  }

  // Before anything is written: a function that fails leaves no user behind.
  const decision = await preSignUp(deps, pool, 'PreSignUp_SignUp', created, {
    clientId: client.clientId,
    validationData: input.ValidationData ? attributeMap(input.ValidationData) : undefined,
    clientMetadata: input.ClientMetadata,
  });
  const user = decision.autoConfirmUser ? { ...decision.user, status: 'CONFIRMED' as const } : decision.user;
  await insertUser(deps, pool, user, 'User already exists');
  if (decision.autoConfirmUser) {
    await postConfirmation(deps, pool, 'PostConfirmation_ConfirmSignUp', user, { client, clientMetadata: input.ClientMetadata });
    return { UserConfirmed: true, UserSub: user.sub };
  }
  const details = await issueCode(deps, pool, user, 'signup', undefined, { clientId: client.clientId, clientMetadata: input.ClientMetadata });
  return { UserConfirmed: false, ...(details ? { CodeDeliveryDetails: details } : {}), UserSub: user.sub };
});

/** A pool that lets users sign in with a one-time code or passkey allows sign-up without a password. */
function allowsPasswordless(pool: PoolRecord): boolean {
  return allowedFirstAuthFactors(pool).some((f) => f !== 'PASSWORD');
}
