import type { UpdateAuthEventFeedbackRequest, UpdateAuthEventFeedbackResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { requireThreatProtection } from '../domain/pools/risk.js';
import { giveFeedback } from '../domain/threat/events.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** The user's feedback from a risk notification email: the event's FeedbackToken authorizes it (docs/threat-protection.md "Notifications"). */
export default operation<UpdateAuthEventFeedbackRequest, UpdateAuthEventFeedbackResponse>('UpdateAuthEventFeedback', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  requireThreatProtection(pool);
  const user = await getUser(deps, pool, input.Username!);
  await giveFeedback(deps, pool, user, input.EventId!, input.FeedbackValue!, 'User', input.FeedbackToken!);
  return {};
});
