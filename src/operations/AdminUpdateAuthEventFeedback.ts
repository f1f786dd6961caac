import type { AdminUpdateAuthEventFeedbackRequest, AdminUpdateAuthEventFeedbackResponse } from '@aws-sdk/client-cognito-identity-provider';
import { resourceNotFound } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { requireThreatProtection } from '../domain/pools/risk.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** No auth events are recorded yet (domain/pools/risk.ts): every event id is unknown. */
export default operation<AdminUpdateAuthEventFeedbackRequest, AdminUpdateAuthEventFeedbackResponse>('AdminUpdateAuthEventFeedback', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  requireThreatProtection(pool);
  await getUser(deps, pool, input.Username!);
  throw resourceNotFound(`Auth event ${input.EventId} does not exist.`);
});
