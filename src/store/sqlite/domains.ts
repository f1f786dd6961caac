import type { DomainRepository } from '../types.js';
import { domainInsertParams, domainUpdateParams, toDomain } from '../domain-rows.js';
import { DOMAINS } from '../sql/domains.js';
import type { SqliteContext } from './connection.js';

/** User-pool domains (CreateUserPoolDomain …): one row per name, unique across pools and per (pool, kind). */
export function domains({ one, all, run, insert }: SqliteContext): DomainRepository {
  return {
    async create(d) {
      insert('domain', DOMAINS.insert, ...domainInsertParams(d));
    },
    async get(domain) {
      const r = one(DOMAINS.get, domain);
      return r && toDomain(r);
    },
    async listForPool(poolId) {
      return all(DOMAINS.listForPool, poolId).map(toDomain);
    },
    async update(d) {
      return run(DOMAINS.update, ...domainUpdateParams(d)) === 1;
    },
    async delete(poolId, domain) {
      return run(DOMAINS.delete, poolId, domain) === 1;
    },
  };
}
