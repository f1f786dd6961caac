import type { AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { requireThreatProtection } from '../domain/pools/risk.js';
import { listEvents } from '../domain/threat/events.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** The user's recorded sign-in attempts, newest first (docs/threat-protection.md "Auth events"). */
export default operation<AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse>('AdminListUserAuthEvents', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  requireThreatProtection(pool);
  const user = await getUser(deps, pool, input.Username!);
  return listEvents(deps, pool, user, input.MaxResults, input.NextToken);
});
