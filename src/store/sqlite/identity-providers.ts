import type { IdentityProviderRecord, IdentityProviderRepository } from '../types.js';
import { toIdentityProvider, toProviderLink } from '../idp-rows.js';
import { json } from '../rows.js';
import { IDPS } from '../sql/identity-providers.js';
import type { SqliteContext } from './connection.js';

/** Identity providers (CreateIdentityProvider …) with their identifiers, and provider links (AdminLinkProviderForUser). */
export function identityProviders({ db, one, all, run, insert }: SqliteContext): IdentityProviderRepository {
  const insertIdentifiers = (p: IdentityProviderRecord) => {
    for (const id of p.idpIdentifiers) insert('identifier', IDPS.insertIdentifier, p.poolId, id, p.providerName);
  };
  const createTx = db.transaction((p: IdentityProviderRecord) => {
    insert('provider', IDPS.insert, p.poolId, p.providerName, p.providerType, json(p.details), json(p.attributeMapping), json(p.idpIdentifiers), p.createdAt, p.updatedAt);
    insertIdentifiers(p);
  });
  const updateTx = db.transaction((p: IdentityProviderRecord): boolean => {
    if (run(IDPS.update, json(p.details), json(p.attributeMapping), json(p.idpIdentifiers), p.updatedAt, p.poolId, p.providerName) !== 1) return false;
    run(IDPS.deleteIdentifiers, p.poolId, p.providerName);
    insertIdentifiers(p);
    return true;
  });
  const deleteTx = db.transaction((poolId: string, name: string): boolean => {
    const n = run(IDPS.delete, poolId, name);
    run(IDPS.deleteIdentifiers, poolId, name);
    return n === 1;
  });
  return {
    async create(p) {
      createTx.immediate(p);
    },
    async get(poolId, name) {
      const r = one(IDPS.get, poolId, name);
      return r && toIdentityProvider(r);
    },
    async findByIdentifier(poolId, identifier) {
      const r = one(IDPS.findByIdentifier, poolId, identifier);
      return r && toIdentityProvider(r);
    },
    async update(p) {
      return updateTx.immediate(p);
    },
    async delete(poolId, name) {
      return deleteTx.immediate(poolId, name);
    },
    async list(poolId, limit, after) {
      return all(IDPS.list, poolId, after ?? '', limit).map(toIdentityProvider);
    },
    async count(poolId) {
      return one(IDPS.count, poolId)!.n as number;
    },
    async link(l) {
      insert('link', IDPS.link, l.poolId, l.providerName, l.attributeName, l.attributeValue, l.usernameKey, l.createdAt);
    },
    async findLink(poolId, providerName, attributeName, attributeValue) {
      const r = one(IDPS.findLink, poolId, providerName, attributeName, attributeValue);
      return r && toProviderLink(r);
    },
    async linksForUser(poolId, usernameKey) {
      return all(IDPS.linksForUser, poolId, usernameKey).map(toProviderLink);
    },
    async unlink(poolId, providerName, attributeName, attributeValue) {
      return run(IDPS.unlink, poolId, providerName, attributeName, attributeValue) === 1;
    },
  };
}
