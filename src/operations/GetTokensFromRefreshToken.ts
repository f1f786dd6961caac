import type { GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import { namedDevice } from '../domain/auth/device-flow.js';
import { REFRESH_TOKEN_REUSED, refreshTokens, resolveRefreshToken, rotateRefreshToken, secretNotReceived } from '../domain/auth/refresh.js';
import { refreshTokenRotation } from '../domain/clients/config.js';
import { isClientSecretCorrect } from '../domain/clients/secret-hash.js';
import { findClient } from '../domain/clients/clients.js';
import { CognitoError, notAuthorized } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse>('GetTokensFromRefreshToken', async (input, { deps, services }) => {
  const client = await findClient(deps, input.ClientId!);
  const pool = await getPool(deps, client.poolId);
  if (client.clientSecret) {
    if (!input.ClientSecret) throw notAuthorized(secretNotReceived(client));
    if (!isClientSecretCorrect(deps.sealer, client, input.ClientSecret)) throw notAuthorized(`Unable to verify secret hash for client ${client.clientId}`);
  }
  const target = await resolveRefreshToken(deps, pool, client, input.RefreshToken!, { reuseError: () => new CognitoError('RefreshTokenReuseException', REFRESH_TOKEN_REUSED) });
  // The device the client names must be the user's (the tokens stay the family's: a device only by its sign-in).
  await namedDevice(deps, target.user, input.DeviceKey);
  const rotate = refreshTokenRotation(client).enabled ? rotateRefreshToken : refreshTokens;
  const AuthenticationResult = await rotate(deps, services.keys, pool, client, target);
  return { AuthenticationResult };
});
