import type { GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { invalidParameter } from '../domain/errors.js';
import { isVerifiable } from '../domain/users/attributes.js';
import { issueCode, limitCodeRequest } from '../domain/users/codes.js';
import { operation } from './operation.js';

/** Sends a code to verify the signed-in user's email or phone number (a pending new value if there is one). */
export default operation<GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse>(
  'GetUserAttributeVerificationCode',
  async (input, { deps, services }) => {
    const { pool, user } = await services.authorize(input.AccessToken!);
    const name = input.AttributeName!;
    if (!isVerifiable(name)) throw invalidParameter(`Invalid attribute name: ${name} cannot be verified.`);
    await limitCodeRequest(deps, pool, user.usernameKey, `verify:${name}`);
    const details = await issueCode(deps, pool, user, `verify:${name}`, undefined, { clientMetadata: input.ClientMetadata });
    return { CodeDeliveryDetails: details };
  },
);
