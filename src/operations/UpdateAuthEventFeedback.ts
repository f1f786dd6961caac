import type { UpdateAuthEventFeedbackRequest, UpdateAuthEventFeedbackResponse } from '@aws-sdk/client-cognito-identity-provider';
import { resourceNotFound } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { requireThreatProtection } from '../domain/pools/risk.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** The feedback link of a risk notification email; no auth events are recorded yet, so no event matches. */
export default operation<UpdateAuthEventFeedbackRequest, UpdateAuthEventFeedbackResponse>('UpdateAuthEventFeedback', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  requireThreatProtection(pool);
  await getUser(deps, pool, input.Username!);
  throw resourceNotFound(`Auth event ${input.EventId} does not exist.`);
});
