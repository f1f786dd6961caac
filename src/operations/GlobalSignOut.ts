import type { GlobalSignOutRequest, GlobalSignOutResponse } from '@aws-sdk/client-cognito-identity-provider';
import { signOutEverywhere } from '../domain/auth/sign-out.js';
import { operation } from './operation.js';

export default operation<GlobalSignOutRequest, GlobalSignOutResponse>('GlobalSignOut', async (input, { deps, services }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  await signOutEverywhere(deps, pool, user);
  return {};
});
