import type { ResourceServerRepository } from '../types.js';
import { toResourceServer } from '../domain-rows.js';
import { json } from '../rows.js';
import { RESOURCE_SERVERS } from '../sql/domains.js';
import type { SqliteContext } from './connection.js';

/** Resource servers (CreateResourceServer …), keyed by (pool, identifier); scopes are JSON text. */
export function resourceServers({ one, all, run, insert }: SqliteContext): ResourceServerRepository {
  return {
    async create(s) {
      insert('resource-server', RESOURCE_SERVERS.insert, s.poolId, s.identifier, s.name, json(s.scopes), s.createdAt, s.updatedAt);
    },
    async get(poolId, identifier) {
      const r = one(RESOURCE_SERVERS.get, poolId, identifier);
      return r && toResourceServer(r);
    },
    async update(s) {
      return run(RESOURCE_SERVERS.update, s.name, json(s.scopes), s.updatedAt, s.poolId, s.identifier) === 1;
    },
    async delete(poolId, identifier) {
      return run(RESOURCE_SERVERS.delete, poolId, identifier) === 1;
    },
    async list(poolId, limit, after) {
      return all(RESOURCE_SERVERS.list, poolId, after ?? '', limit).map(toResourceServer);
    },
    async count(poolId) {
      return one(RESOURCE_SERVERS.count, poolId)!.n as number;
    },
  };
}
