import type { ConfirmSignUpRequest, ConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { findClient } from '../domain/clients/clients.js';
import { preventsUserExistenceErrors } from '../domain/clients/config.js';
import { checkSecretHash } from '../domain/clients/secret-hash.js';
import { codeMismatch, userDoesNotExist } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { CODE_MISMATCH, deliveryTarget, verifyCode } from '../domain/users/codes.js';
import { claimAlias, confirmUser, notConfirmable } from '../domain/users/lifecycle.js';
import { findUser } from '../domain/users/users.js';
import { postConfirmation } from '../domain/triggers/lifecycle.js';
import { operation } from './operation.js';

/**
 * Confirms a sign-up with the emailed/texted code: UNCONFIRMED → CONFIRMED and the attribute the code went to is
 * verified. If that makes it an alias another user holds: AliasExistsException, or with ForceAliasCreation the
 * alias moves to this user.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html
 */
export default operation<ConfirmSignUpRequest, ConfirmSignUpResponse>('ConfirmSignUp', async (input, { deps }) => {
  const client = await findClient(deps, input.ClientId!);
  const pool = await getPool(deps, client.poolId);
  checkSecretHash(deps.sealer, client, input.Username!, input.SecretHash);
  const user = await findUser(deps, pool, input.Username!);
  if (!user) throw preventsUserExistenceErrors(client) ? codeMismatch(CODE_MISMATCH) : userDoesNotExist();
  if (user.status !== 'UNCONFIRMED') throw notConfirmable(user);

  const target = deliveryTarget(pool, user, 'signup');
  const force = Boolean(input.ForceAliasCreation);
  // An alias clash is reported before the code is spent, so that the user can retry with ForceAliasCreation.
  if (target && !force) await claimAlias(deps, pool, user, target.attribute, target.destination, false);
  await verifyCode(deps, pool, user, 'signup', input.ConfirmationCode!);
  if (target && force) await claimAlias(deps, pool, user, target.attribute, target.destination, true);
  const confirmed = await confirmUser(deps, pool, user, target?.attribute);
  await postConfirmation(deps, pool, 'PostConfirmation_ConfirmSignUp', confirmed, { client, clientMetadata: input.ClientMetadata });
  return {};
});
