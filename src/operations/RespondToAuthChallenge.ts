import type { RespondToAuthChallengeRequest, RespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { challengeAnswer, respondToAuthChallenge } from '../domain/auth/sign-in.js';
import { findClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<RespondToAuthChallengeRequest, RespondToAuthChallengeResponse>('RespondToAuthChallenge', async (input, { deps, services, sourceIp }) => {
  const client = await findClient(deps, input.ClientId!);
  const pool = await getPool(deps, client.poolId);
  const step = await respondToAuthChallenge(deps, services, { pool, client, ...challengeAnswer(input), contextData: input.UserContextData, admin: false, sourceIp });
  return step as RespondToAuthChallengeResponse;
});
