import type { DeleteUserAttributesRequest } from '@aws-sdk/client-cognito-identity-provider';
import { checkAttributeDeletion, checkClientWrite, removeAttributes } from '../domain/users/attributes.js';
import { updateUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** The signed-in user removes attributes the app client may write (not required or immutable ones). */
export default operation<DeleteUserAttributesRequest, Record<string, never>>('DeleteUserAttributes', async (input, { deps, services }) => {
  const { pool, client, user } = await services.authorize(input.AccessToken!);
  const names = input.UserAttributeNames ?? [];
  checkAttributeDeletion(pool, names);
  checkClientWrite(client, names);
  await updateUser(deps, pool, user, (u) => removeAttributes(u, names), { aliases: true });
  return {};
});
