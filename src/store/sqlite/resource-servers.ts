import type { ResourceServerRepository } from '../types.js';
import { toResourceServer } from '../domain-rows.js';
import { json } from '../rows.js';
import { RESOURCE_SERVERS } from '../sql/domains.js';
import { poolOwned, type SqliteContext } from './connection.js';

/** Resource servers (CreateResourceServer …), keyed by (pool, identifier); scopes are JSON text. */
export function resourceServers(ctx: SqliteContext): ResourceServerRepository {
  const { run, insert } = ctx;
  return {
    ...poolOwned(ctx, RESOURCE_SERVERS, toResourceServer),
    async create(s) {
      insert('resource-server', RESOURCE_SERVERS.insert, s.poolId, s.identifier, s.name, json(s.scopes), s.createdAt, s.updatedAt);
    },
    async update(s) {
      return run(RESOURCE_SERVERS.update, s.name, json(s.scopes), s.updatedAt, s.poolId, s.identifier) === 1;
    },
  };
}
