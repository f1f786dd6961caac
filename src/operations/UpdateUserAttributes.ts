import type { UpdateUserAttributesRequest, UpdateUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { applyAttributeChanges, attributeMap, checkAttributeUpdate, checkClientWrite, type VerifiableAttribute } from '../domain/users/attributes.js';
import { sendAttributeCodes } from '../domain/users/lifecycle.js';
import { updateUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/**
 * The signed-in user changes their attributes (those the app client may write; never *_verified). A new email or
 * phone is unverified (or, when the pool requires verification before update, pending) and gets a code.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html
 */
export default operation<UpdateUserAttributesRequest, UpdateUserAttributesResponse>('UpdateUserAttributes', async (input, { deps, services }) => {
  const { pool, client, user } = await services.authorize(input.AccessToken!);
  const given = attributeMap(input.UserAttributes);
  const changes = checkAttributeUpdate(pool, given);
  checkClientWrite(client, Object.keys(given));
  let toVerify: VerifiableAttribute[] = [];
  const updated = await updateUser(deps, pool, user, (u) => {
    const result = applyAttributeChanges(pool, u, changes);
    toVerify = result.toVerify;
    return result.user;
  }, { aliases: true });
  const details = await sendAttributeCodes(deps, pool, updated, toVerify);
  return details.length ? { CodeDeliveryDetailsList: details } : {};
});
