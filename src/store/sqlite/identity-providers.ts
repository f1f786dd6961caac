import type { IdentityProviderRecord, IdentityProviderRepository } from '../types.js';
import { toIdentityProvider, toProviderLink } from '../idp-rows.js';
import { json } from '../rows.js';
import { IDPS } from '../sql/identity-providers.js';
import { poolOwned, type SqliteContext } from './connection.js';

/** Identity providers (CreateIdentityProvider …) with their identifiers, and provider links (AdminLinkProviderForUser). */
export function identityProviders(ctx: SqliteContext): IdentityProviderRepository {
  const { db, one, all, run, insert } = ctx;
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
  return {
    ...poolOwned(ctx, IDPS, toIdentityProvider, IDPS.deleteIdentifiers),
    async create(p) {
      createTx.immediate(p);
    },
    async findByIdentifier(poolId, identifier) {
      const r = one(IDPS.findByIdentifier, poolId, identifier);
      return r && toIdentityProvider(r);
    },
    async update(p) {
      return updateTx.immediate(p);
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
