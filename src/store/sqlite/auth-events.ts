import type { AuthEventRepository } from '../types.js';
import { NEWEST, toAuthEvent } from '../auth-event-rows.js';
import { json } from '../rows.js';
import { AUTH_EVENTS } from '../sql/auth-events.js';
import type { SqliteContext } from './connection.js';

/** Threat protection's auth events (docs/threat-protection.md "Auth events"), keyed by (pool, user, event id). */
export function authEvents(ctx: SqliteContext): AuthEventRepository {
  const { db, one, all, run } = ctx;
  const recordTx = db.transaction((e: Parameters<AuthEventRepository['record']>[0], keep: number) => {
    run(AUTH_EVENTS.insert, e.poolId, e.usernameKey, e.eventId, e.createdAt, json(e.details));
    run(AUTH_EVENTS.prune, e.poolId, e.usernameKey, e.poolId, e.usernameKey, keep);
  });
  return {
    async record(event, keep) {
      recordTx.immediate(event, keep);
    },
    async get(poolId, usernameKey, eventId) {
      const r = one(AUTH_EVENTS.get, poolId, usernameKey, eventId);
      return r && toAuthEvent(r);
    },
    async list(poolId, usernameKey, limit, before = NEWEST) {
      return all(AUTH_EVENTS.list, poolId, usernameKey, before.createdAt, before.createdAt, before.eventId, limit).map(toAuthEvent);
    },
    async update(poolId, usernameKey, eventId, details) {
      return run(AUTH_EVENTS.update, json(details), poolId, usernameKey, eventId) === 1;
    },
  };
}
