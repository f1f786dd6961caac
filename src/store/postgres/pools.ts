import type { ClientRepository, PoolRepository } from '../types.js';
import { json } from '../rows.js';
import { CLIENTS, POOLS } from '../sql/pools.js';
import { POOL_TABLES } from '../sql/tables.js';
import { changed, first, insert, type PostgresContext } from './connection.js';

/** Pools and clients, read by every request: cached (config-cache.ts); every write notifies the other processes. */
export function poolsAndClients({ sql, tx, rows, configCache }: PostgresContext): { pools: PoolRepository; clients: ClientRepository } {
  const pools: PoolRepository = {
    async create(p) {
      await configCache.write(() => insert('pool', () => sql(POOLS.insert, [p.id, p.name, p.createdAt, p.updatedAt, json(p.config)])));
    },
    async get(id) {
      return configCache.get(`pool\0${id}`, () => first(sql(POOLS.get, [id]), rows.toPool));
    },
    async update(p) {
      return configCache.write(async () => (await changed(sql(POOLS.update, [p.name, p.updatedAt, json(p.config), p.id]))) === 1);
    },
    async delete(id) {
      return configCache.write(() =>
        tx(async (q) => {
          const n = await changed(q(POOLS.delete, [id]));
          for (const table of POOL_TABLES) await q(`DELETE FROM ${table} WHERE pool_id = $1`, [id]);
          return n === 1;
        }),
      );
    },
    async list(limit, after) {
      return (await sql(POOLS.list, [after ?? '', limit])).rows.map(rows.toPool);
    },
  };

  const clients: ClientRepository = {
    async create(c) {
      await configCache.write(() =>
        insert('client', () => sql(CLIENTS.insert, [c.clientId, c.poolId, c.clientName, c.clientSecret ?? null, c.createdAt, c.updatedAt, json(c.config)])),
      );
    },
    async get(poolId, clientId) {
      return configCache.get(`client\0${poolId}\0${clientId}`, () => first(sql(CLIENTS.get, [clientId, poolId]), rows.toClient));
    },
    async find(clientId) {
      return configCache.get(`client-by-id\0${clientId}`, () => first(sql(CLIENTS.find, [clientId]), rows.toClient));
    },
    async update(c) {
      const n = await configCache.write(async () =>
        changed(sql(CLIENTS.update, [c.clientName, c.clientSecret ?? null, c.updatedAt, json(c.config), c.clientId, c.poolId])),
      );
      return n === 1;
    },
    async delete(poolId, clientId) {
      return configCache.write(async () => (await changed(sql(CLIENTS.delete, [clientId, poolId]))) === 1);
    },
    async list(poolId, limit, after) {
      return (await sql(CLIENTS.list, [poolId, after ?? '', limit])).rows.map(rows.toClient);
    },
  };
  return { pools, clients };
}
