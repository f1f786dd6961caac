import type { ResendConfirmationCodeRequest, ResendConfirmationCodeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { findClient } from '../domain/clients/clients.js';
import { checkSecretHash } from '../domain/clients/secret-hash.js';
import { invalidParameter, userDoesNotExist } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { decoyCodeRequest } from '../domain/auth/decoys.js';
import { preventsUserExistenceErrors } from '../domain/clients/config.js';
import { autoVerifiedAttributes } from '../domain/pools/config.js';
import { isEmail } from '../domain/users/attributes.js';
import { issueCode, limitCodeRequest } from '../domain/users/codes.js';
import { findUser } from '../domain/users/users.js';
import { operation } from './operation.js';

const NO_AUTO_VERIFICATION = 'Cannot resend codes. Auto verification not turned on.';

/**
 * A new sign-up confirmation code (the previous one stops working).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResendConfirmationCode.html
 */
export default operation<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse>('ResendConfirmationCode', async (input, { deps }) => {
  const client = await findClient(deps, input.ClientId!);
  const pool = await getPool(deps, client.poolId);
  checkSecretHash(deps.sealer, client, input.Username!, input.SecretHash);
  const user = await findUser(deps, pool, input.Username!);
  if (!user) {
    if (!preventsUserExistenceErrors(client)) throw userDoesNotExist();
    // PreventUserExistenceErrors: a plausible answer that does not reveal the user is unknown.
    const auto = autoVerifiedAttributes(pool);
    if (auto.length === 0) throw invalidParameter(NO_AUTO_VERIFICATION);
    // The same limit and writes as a real request; a destination derived from the name (decoys.ts).
    const byEmail = auto.includes('email') && (!auto.includes('phone_number') || isEmail(input.Username!));
    return { CodeDeliveryDetails: await decoyCodeRequest(deps, pool, input.Username!, 'signup', { email: byEmail, sms: !byEmail }) };
  }
  if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
  await limitCodeRequest(deps, pool, user.usernameKey, 'signup');
  const details = await issueCode(deps, pool, user, 'signup', undefined, {
    source: 'CustomMessage_ResendCode',
    clientId: client.clientId,
    clientMetadata: input.ClientMetadata,
  });
  if (!details) throw invalidParameter(NO_AUTO_VERIFICATION);
  return { CodeDeliveryDetails: details };
});
