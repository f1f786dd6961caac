import type { AuthEventRepository } from '../types.js';
import { NEWEST, toAuthEvent } from '../auth-event-rows.js';
import { json } from '../rows.js';
import { AUTH_EVENTS } from '../sql/auth-events.js';
import { changed, type PostgresContext } from './connection.js';

/** Threat protection's auth events (docs/threat-protection.md "Auth events"), keyed by (pool, user, event id). */
export function authEvents(ctx: PostgresContext): AuthEventRepository {
  const { sql, tx } = ctx;
  return {
    async record(e, keep) {
      await tx(async (q) => {
        await q(AUTH_EVENTS.insert, [e.poolId, e.usernameKey, e.eventId, e.createdAt, json(e.details)]);
        await q(AUTH_EVENTS.prune, [e.poolId, e.usernameKey, e.poolId, e.usernameKey, keep]);
      });
    },
    async get(poolId, usernameKey, eventId) {
      const r = (await sql(AUTH_EVENTS.get, [poolId, usernameKey, eventId])).rows[0];
      return r && toAuthEvent(r);
    },
    async list(poolId, usernameKey, limit, before = NEWEST) {
      return (await sql(AUTH_EVENTS.list, [poolId, usernameKey, before.createdAt, before.createdAt, before.eventId, limit])).rows.map(toAuthEvent);
    },
    async update(poolId, usernameKey, eventId, details) {
      return (await changed(sql(AUTH_EVENTS.update, [json(details), poolId, usernameKey, eventId]))) === 1;
    },
  };
}
