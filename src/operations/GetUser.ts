import type { GetUserRequest, GetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { userView } from '../domain/users/attributes.js';
import { operation } from './operation.js';

/** The signed-in user's attributes (as far as the token's app client may read them) and MFA settings. */
export default operation<GetUserRequest, GetUserResponse>('GetUser', async (input, { services }) => {
  const { client, user } = await services.authorize(input.AccessToken!);
  return userView(user, client);
});
