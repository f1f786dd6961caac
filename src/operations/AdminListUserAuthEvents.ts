import type { AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { requireThreatProtection } from '../domain/pools/risk.js';
import { getUser } from '../domain/users/users.js';
import { operation } from './operation.js';

/** cognate evaluates no risk yet (domain/pools/risk.ts), so a user's event history is empty. */
export default operation<AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse>('AdminListUserAuthEvents', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  requireThreatProtection(pool);
  await getUser(deps, pool, input.Username!);
  return { AuthEvents: [] };
});
