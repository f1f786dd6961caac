import type { AdminRespondToAuthChallengeRequest, AdminRespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { challengeAnswer, respondToAuthChallenge } from '../domain/auth/sign-in.js';
import { getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<AdminRespondToAuthChallengeRequest, AdminRespondToAuthChallengeResponse>('AdminRespondToAuthChallenge', async (input, { deps, services, sourceIp }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const client = await getClient(deps, pool.id, input.ClientId!);
  const step = await respondToAuthChallenge(deps, services, { pool, client, ...challengeAnswer(input), contextData: input.ContextData, admin: true, sourceIp });
  return step as AdminRespondToAuthChallengeResponse;
});
