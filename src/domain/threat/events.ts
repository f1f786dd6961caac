import type { AuthEventType, FeedbackValueType } from '@aws-sdk/client-cognito-identity-provider';
import { timingSafeEqual } from 'node:crypto';
import type { AuthEventDetails, AuthEventRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { randomUuid } from '../../platform/random.js';
import type { Deps } from '../deps.js';
import { notAuthorized, resourceNotFound } from '../errors.js';
import { decodePageToken, encodePageToken } from '../pagination.js';

/**
 * Threat protection's auth events (docs/threat-protection.md "Auth events"): recorded per attempt, listed by
 * AdminListUserAuthEvents in the model's shape, and given feedback that later decisions read (model.ts).
 */

/** Events kept per user (docs/threat-protection.md "Storage"); also the history the risk model reads. */
export const EVENTS_KEPT = 100;
const PAGE_KIND = 'auth-events';

export async function recordEvent(
  deps: Pick<Deps, 'store' | 'clock' | 'random'>,
  pool: PoolRecord,
  user: UserRecord,
  details: AuthEventDetails,
  eventId = randomUuid(deps.random),
): Promise<AuthEventRecord> {
  const event: AuthEventRecord = { poolId: pool.id, usernameKey: user.usernameKey, eventId, createdAt: deps.clock.now(), details };
  await deps.store.authEvents.record(event, EVENTS_KEPT);
  return event;
}

/** The user's history, newest first: what the risk model reads. */
export function history(deps: Pick<Deps, 'store'>, pool: PoolRecord, user: UserRecord): Promise<AuthEventRecord[]> {
  return deps.store.authEvents.list(pool.id, user.usernameKey, EVENTS_KEPT);
}

/** Changes an event's details (a challenge answered after it was recorded); a missing event (pruned) is left alone. */
export async function amendEvent(
  deps: Pick<Deps, 'store'>,
  poolId: string,
  usernameKey: string,
  eventId: string,
  change: (d: AuthEventDetails) => AuthEventDetails,
): Promise<void> {
  const e = await deps.store.authEvents.get(poolId, usernameKey, eventId);
  if (e) await deps.store.authEvents.update(poolId, usernameKey, eventId, change(e.details));
}

/** AdminListUserAuthEvents: newest first, MaxResults at a time (Cognito's default and maximum: 60). */
export async function listEvents(
  deps: Pick<Deps, 'store'>,
  pool: PoolRecord,
  user: UserRecord,
  maxResults: number | undefined,
  nextToken: string | undefined,
): Promise<{ AuthEvents: AuthEventType[]; NextToken?: string }> {
  const limit = maxResults === undefined || maxResults === 0 ? 60 : maxResults;
  const cursor = decodePageToken(PAGE_KIND, nextToken);
  let before: { createdAt: number; eventId: string } | undefined;
  if (cursor !== undefined) {
    const [t, id] = cursor.split('/');
    before = { createdAt: Number(t), eventId: id ?? '' };
  }
  const rows = await deps.store.authEvents.list(pool.id, user.usernameKey, limit + 1, before);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    AuthEvents: items.map(toAuthEventType),
    ...(rows.length > limit && last ? { NextToken: encodePageToken(PAGE_KIND, `${last.createdAt}/${last.eventId}`) } : {}),
  };
}

export function toAuthEventType(e: AuthEventRecord): AuthEventType {
  const d = e.details;
  return {
    EventId: e.eventId,
    EventType: d.eventType,
    CreationDate: new Date(e.createdAt),
    EventResponse: d.response,
    EventRisk: { RiskDecision: d.riskDecision, ...(d.riskLevel ? { RiskLevel: d.riskLevel } : {}), CompromisedCredentialsDetected: d.compromised },
    ChallengeResponses: d.challenges.map((c) => ({ ChallengeName: c.name, ChallengeResponse: c.response })),
    EventContextData: { ...(d.ipAddress ? { IpAddress: d.ipAddress } : {}), ...(d.deviceName ? { DeviceName: d.deviceName } : {}) },
    ...(d.feedback ? { EventFeedback: { FeedbackValue: d.feedback.value, Provider: d.feedback.provider, FeedbackDate: new Date(d.feedback.at) } } : {}),
  };
}

export const FEEDBACK_TOKEN_INVALID = 'The feedback token is not valid for this event.';

/**
 * Records feedback on an event. With `token` (UpdateAuthEventFeedback, the email's links) it must be the event's
 * feedback token; the administrator's call needs none.
 */
export async function giveFeedback(
  deps: Pick<Deps, 'store' | 'clock' | 'hashSecret'>,
  pool: PoolRecord,
  user: UserRecord,
  eventId: string,
  value: FeedbackValueType,
  provider: 'Admin' | 'User',
  token?: string,
): Promise<void> {
  const e = await deps.store.authEvents.get(pool.id, user.usernameKey, eventId);
  if (!e) throw resourceNotFound(`Auth event ${eventId} does not exist.`);
  if (provider === 'User') {
    const stored = e.details.feedbackTokenHash;
    const presented = Buffer.from(deps.hashSecret(feedbackTokenInput(pool, user, eventId, token ?? '')));
    if (!stored || presented.length !== Buffer.byteLength(stored) || !timingSafeEqual(presented, Buffer.from(stored))) throw notAuthorized(FEEDBACK_TOKEN_INVALID);
  }
  const feedbackValue = value.toLowerCase() === 'invalid' ? 'Invalid' : 'Valid';
  await deps.store.authEvents.update(pool.id, user.usernameKey, eventId, { ...e.details, feedback: { value: feedbackValue, provider, at: deps.clock.now() } });
}

/** What the feedback token's hash is taken of: bound to the pool, user and event, so a token works for its event only. */
export function feedbackTokenInput(pool: PoolRecord, user: UserRecord, eventId: string, token: string): string {
  return `auth-event-feedback\u0000${pool.id}\u0000${user.usernameKey}\u0000${eventId}\u0000${token}`;
}
