import type { UpdateUserAttributesRequest, UpdateUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { attributeMap, checkAttributeUpdate, checkClientWrite } from '../domain/users/attributes.js';
import { updateAttributes } from '../domain/users/lifecycle.js';
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
  const details = await updateAttributes(deps, pool, user, changes);
  return details.length ? { CodeDeliveryDetailsList: details } : {};
});
