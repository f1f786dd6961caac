import type { AdminUpdateAuthEventFeedbackRequest, AdminUpdateAuthEventFeedbackResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { requireThreatProtection } from '../domain/pools/risk.js';
import { giveFeedback } from '../domain/threat/events.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** The administrator's "this was / wasn't the user" on an auth event; later risk decisions read it (docs/threat-protection.md). */
export default operation<AdminUpdateAuthEventFeedbackRequest, AdminUpdateAuthEventFeedbackResponse>('AdminUpdateAuthEventFeedback', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  requireThreatProtection(pool);
  const user = await getUser(deps, pool, input.Username!);
  await giveFeedback(deps, pool, user, input.EventId!, input.FeedbackValue!, 'Admin');
  return {};
});
