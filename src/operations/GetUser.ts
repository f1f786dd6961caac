import type { GetUserRequest, GetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { userView } from '../domain/users/attributes.js';
import { operation } from './operation.js';
import { services } from './services.js';

/** The signed-in user's attributes (as far as the token's app client may read them) and MFA settings. */
export default operation<GetUserRequest, GetUserResponse>('GetUser', async (input, { deps }) => {
  const { client, user } = await services(deps).authorize(input.AccessToken!);
  return userView(user, client);
});
