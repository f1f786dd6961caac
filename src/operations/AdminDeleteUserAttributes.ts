import type { AdminDeleteUserAttributesRequest } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { checkAttributeDeletion, removeAttributes } from '../domain/users/attributes.js';
import { getUser, updateUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** Removes attributes (not required or immutable ones); removing email/phone removes its alias and flag too. */
export default operation<AdminDeleteUserAttributesRequest, Record<string, never>>('AdminDeleteUserAttributes', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const user = await getUser(deps, pool, input.Username!);
  const names = input.UserAttributeNames ?? [];
  checkAttributeDeletion(pool, names);
  await updateUser(deps, pool, user, (u) => removeAttributes(u, names), { aliases: true });
  return {};
});
