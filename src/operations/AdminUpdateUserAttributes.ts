import type { AdminUpdateUserAttributesRequest } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { attributeMap, checkAttributeUpdate, checkVerifiedFlags } from '../domain/users/attributes.js';
import { updateAttributes } from '../domain/users/lifecycle.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/**
 * Updates attributes as an administrator: may set email_verified / phone_number_verified; a changed email or phone
 * without its flag becomes unverified and, when auto-verified, gets a verification code.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateUserAttributes.html
 */
export default operation<AdminUpdateUserAttributesRequest, Record<string, never>>('AdminUpdateUserAttributes', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  const changes = checkAttributeUpdate(pool, attributeMap(input.UserAttributes));
  checkVerifiedFlags({ ...user.attributes, ...changes });
  await updateAttributes(deps, pool, user, changes);
  return {};
});
