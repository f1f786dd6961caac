import type { IdentityProviderRecord, IdentityProviderRepository } from '../types.js';
import { toIdentityProvider, toProviderLink } from '../idp-rows.js';
import { json } from '../rows.js';
import { IDPS } from '../sql/identity-providers.js';
import { changed, first, insert, poolOwned, type PostgresContext, type Sql } from './connection.js';

/** Identity providers (CreateIdentityProvider …) with their identifiers, and provider links (AdminLinkProviderForUser). */
export function identityProviders(ctx: PostgresContext): IdentityProviderRepository {
  const { sql, tx } = ctx;
  const insertIdentifiers = async (q: Sql, p: IdentityProviderRecord) => {
    for (const id of p.idpIdentifiers) await insert('identifier', () => q(IDPS.insertIdentifier, [p.poolId, id, p.providerName]));
  };
  return {
    ...poolOwned(ctx, IDPS, toIdentityProvider, IDPS.deleteIdentifiers),
    async create(p) {
      await tx(async (q) => {
        await insert('provider', () =>
          q(IDPS.insert, [p.poolId, p.providerName, p.providerType, json(p.details), json(p.attributeMapping), json(p.idpIdentifiers), p.createdAt, p.updatedAt]),
        );
        await insertIdentifiers(q, p);
      });
    },
    async findByIdentifier(poolId, identifier) {
      return first(sql(IDPS.findByIdentifier, [poolId, identifier]), toIdentityProvider);
    },
    async update(p) {
      return tx(async (q) => {
        const n = await changed(q(IDPS.update, [json(p.details), json(p.attributeMapping), json(p.idpIdentifiers), p.updatedAt, p.poolId, p.providerName]));
        if (n !== 1) return false;
        await q(IDPS.deleteIdentifiers, [p.poolId, p.providerName]);
        await insertIdentifiers(q, p);
        return true;
      });
    },
    async link(l) {
      await insert('link', () => sql(IDPS.link, [l.poolId, l.providerName, l.attributeName, l.attributeValue, l.usernameKey, l.createdAt]));
    },
    async findLink(poolId, providerName, attributeName, attributeValue) {
      return first(sql(IDPS.findLink, [poolId, providerName, attributeName, attributeValue]), toProviderLink);
    },
    async linksForUser(poolId, usernameKey) {
      return (await sql(IDPS.linksForUser, [poolId, usernameKey])).rows.map(toProviderLink);
    },
    async unlink(poolId, providerName, attributeName, attributeValue) {
      return (await changed(sql(IDPS.unlink, [poolId, providerName, attributeName, attributeValue]))) === 1;
    },
  };
}
