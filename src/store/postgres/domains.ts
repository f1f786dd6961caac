import type { DomainRepository } from '../types.js';
import { domainInsertParams, domainUpdateParams, toDomain } from '../domain-rows.js';
import { DOMAINS } from '../sql/domains.js';
import { changed, first, insert, type PostgresContext } from './connection.js';

/** User-pool domains (CreateUserPoolDomain …): one row per name, unique across pools and per (pool, kind). */
export function domains({ sql }: PostgresContext): DomainRepository {
  return {
    async create(d) {
      await insert('domain', () => sql(DOMAINS.insert, domainInsertParams(d)));
    },
    async get(domain) {
      return first(sql(DOMAINS.get, [domain]), toDomain);
    },
    async listForPool(poolId) {
      return (await sql(DOMAINS.listForPool, [poolId])).rows.map(toDomain);
    },
    async update(d) {
      return (await changed(sql(DOMAINS.update, domainUpdateParams(d)))) === 1;
    },
    async delete(poolId, domain) {
      return (await changed(sql(DOMAINS.delete, [poolId, domain]))) === 1;
    },
  };
}
