import type { VerifyUserAttributeRequest } from '@aws-sdk/client-cognito-identity-provider';
import { invalidParameter } from '../domain/errors.js';
import { isVerifiable, markVerified, pendingAttributes } from '../domain/users/attributes.js';
import { verifyCode } from '../domain/users/codes.js';
import { claimAlias } from '../domain/users/lifecycle.js';
import { updateUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/**
 * Verifies the signed-in user's email or phone with the code: the flag becomes true and a pending new value takes
 * effect. If the value is another user's alias: AliasExistsException.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifyUserAttribute.html
 */
export default operation<VerifyUserAttributeRequest, Record<string, never>>('VerifyUserAttribute', async (input, { deps, services }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  const name = input.AttributeName!;
  if (!isVerifiable(name)) throw invalidParameter(`Invalid attribute name: ${name} cannot be verified.`);
  const value = pendingAttributes(user)[name] ?? user.attributes[name];
  if (value) await claimAlias(deps, pool, user, name, value, false);
  await verifyCode(deps, pool, user, `verify:${name}`, input.Code!);
  await updateUser(deps, pool, user, (u) => markVerified(u, name), { aliases: true });
  return {};
});
