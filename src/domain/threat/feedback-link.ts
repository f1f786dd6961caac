import type { Deps } from '../deps.js';
import { CognitoError, isCognitoError, resourceNotFound } from '../errors.js';
import { getPool } from '../pools/pools.js';
import { requireThreatProtection } from '../pools/risk.js';
import { findUser } from '../users/users.js';
import { giveFeedback } from './events.js';

/**
 * GET /<poolId>/auth-event-feedback?username&event_id&token&value: the one-click links of a risk notification
 * (notify.ts; docs/threat-protection.md "Notifications"). The token is the credential; the feedback is recorded as
 * UpdateAuthEventFeedback records it. Answers a short text page: 200 when recorded, 400 with the reason otherwise.
 */
export async function feedbackFromLink(deps: Deps, poolId: string, query: URLSearchParams): Promise<{ status: number; text: string }> {
  try {
    const pool = await getPool(deps, poolId);
    requireThreatProtection(pool);
    const value = query.get('value');
    const eventId = query.get('event_id') ?? '';
    if (value !== 'valid' && value !== 'invalid') throw new CognitoError('InvalidParameterException', 'value must be valid or invalid.');
    const user = await findUser(deps, pool, query.get('username') ?? '');
    // An unknown user looks like an unknown event: the link says nothing about who exists.
    if (!user) throw resourceNotFound(`Auth event ${eventId} does not exist.`);
    await giveFeedback(deps, pool, user, eventId, value === 'valid' ? 'Valid' : 'Invalid', 'User', query.get('token') ?? '');
    return { status: 200, text: value === 'valid' ? 'Thank you: the sign-in is marked as yours.\n' : 'Thank you: the sign-in is marked as not yours. Change your password.\n' };
  } catch (e) {
    if (isCognitoError(e)) return { status: 400, text: `${e.message}\n` };
    throw e;
  }
}
