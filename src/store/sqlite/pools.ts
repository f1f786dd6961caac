import type { ClientRecord, ClientRepository, PoolRecord, PoolRepository } from '../types.js';
import { json } from '../rows.js';
import { CLIENTS, POOLS } from '../sql/pools.js';
import { POOL_TABLES } from '../sql/tables.js';
import { ReadCache } from './read-cache.js';
import type { SqliteContext } from './connection.js';

/** Pools and clients, read by every request: cached (read-cache.ts), and the cache is dropped by every own write. */
export function poolsAndClients({ db, coherence, rows, one, all, run, insert }: SqliteContext): { pools: PoolRepository; clients: ClientRepository } {
  const poolCache = new ReadCache<PoolRecord>(coherence);
  const clientCache = new ReadCache<ClientRecord>(coherence); // by client id: client ids are unique across pools

  const deletePoolTx = db.transaction((id: string): boolean => {
    const n = run(POOLS.delete, id);
    for (const table of POOL_TABLES) run(`DELETE FROM ${table} WHERE pool_id = $1`, id);
    return n === 1;
  });

  const findClient = (clientId: string) =>
    clientCache.get(clientId, () => {
      const r = one(CLIENTS.find, clientId);
      return r && rows.toClient(r);
    });

  const pools: PoolRepository = {
    async create(p) {
      insert('pool', POOLS.insert, p.id, p.name, p.createdAt, p.updatedAt, json(p.config));
    },
    async get(id) {
      return poolCache.get(id, () => {
        const r = one(POOLS.get, id);
        return r && rows.toPool(r);
      });
    },
    async update(p) {
      poolCache.drop(p.id);
      return run(POOLS.update, p.name, p.updatedAt, json(p.config), p.id) === 1;
    },
    async delete(id) {
      poolCache.drop(id);
      clientCache.clear();
      return deletePoolTx.immediate(id);
    },
    async list(limit, after) {
      return all(POOLS.list, after ?? '', limit).map(rows.toPool);
    },
  };

  const clients: ClientRepository = {
    async create(c) {
      insert('client', CLIENTS.insert, c.clientId, c.poolId, c.clientName, c.clientSecret ?? null, c.createdAt, c.updatedAt, json(c.config));
    },
    async get(poolId, clientId) {
      const c = findClient(clientId);
      return c && c.poolId === poolId ? c : undefined;
    },
    async find(clientId) {
      return findClient(clientId);
    },
    async update(c) {
      clientCache.drop(c.clientId);
      return run(CLIENTS.update, c.clientName, c.clientSecret ?? null, c.updatedAt, json(c.config), c.clientId, c.poolId) === 1;
    },
    async delete(poolId, clientId) {
      clientCache.drop(clientId);
      return run(CLIENTS.delete, clientId, poolId) === 1;
    },
    async list(poolId, limit, after) {
      return all(CLIENTS.list, poolId, after ?? '', limit).map(rows.toClient);
    },
  };
  return { pools, clients };
}
