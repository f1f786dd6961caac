import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflictError, type IdentityProviderRecord, type ProviderLinkRecord, type Store, type UserRecord } from '../../src/store/types.js';

/**
 * The identity-provider part of the store contract (runStoreContract calls it inside its own describe, after its
 * reset hook): providers keyed by (pool, name), IdP identifiers unique within a pool, links of external identities
 * to users keyed by (pool, provider, attribute, value), each cleaned up with its owner.
 */
export function describeIdentityProvidersContract(stores: () => { store: Store; other: Store }): void {
  describe('identity providers', () => {
    const P = 'us-east-1_idps';
    const T0 = 1_700_000_000_000;
    const idp = (poolId: string, name: string, over: Partial<IdentityProviderRecord> = {}): IdentityProviderRecord => ({
      poolId,
      providerName: name,
      providerType: 'OIDC',
      details: { client_id: 'abc', oidc_issuer: 'https://idp.example.com', authorize_scopes: 'openid' },
      attributeMapping: { username: 'sub', email: 'email' },
      idpIdentifiers: [],
      createdAt: T0,
      updatedAt: T0,
      ...over,
    });
    const link = (poolId: string, value: string, usernameKey: string, over: Partial<ProviderLinkRecord> = {}): ProviderLinkRecord => ({
      poolId, providerName: 'Google', attributeName: 'Cognito_Subject', attributeValue: value, usernameKey, createdAt: T0, ...over,
    });
    const user = (poolId: string, usernameKey: string): UserRecord => ({
      poolId, username: usernameKey, usernameKey, sub: `sub-${usernameKey}`, status: 'CONFIRMED', enabled: true, createdAt: T0, updatedAt: T0, version: 1,
      attributes: {}, data: {},
    });

    it('creates a provider and reads it back exactly; a second one of the same name conflicts and changes nothing', async () => {
      const { store, other } = stores();
      const full = idp(P, 'Corp', { idpIdentifiers: ['corp.example', 'Corp2'], details: { MetadataFile: '<x a="1"/>' }, providerType: 'SAML' });
      await store.identityProviders.create(full);
      assert.deepEqual(await other.identityProviders.get(P, 'Corp'), full);
      assert.equal(await store.identityProviders.get(P, 'corp'), undefined, 'names are case sensitive');
      await assert.rejects(store.identityProviders.create(idp(P, 'Corp', { idpIdentifiers: ['fresh'] })), (e) => e instanceof StoreConflictError && e.what === 'provider');
      assert.equal(await store.identityProviders.findByIdentifier(P, 'fresh'), undefined, 'the refused create added no identifier');
      assert.equal(await store.identityProviders.get('us-east-1_other', 'Corp'), undefined);
      assert.equal(await store.identityProviders.count(P), 1);
    });

    it('keeps identifiers unique within a pool (not across pools) and finds a provider by one', async () => {
      const { store, other } = stores();
      await store.identityProviders.create(idp(P, 'A', { idpIdentifiers: ['a.example', 'shared'] }));
      assert.equal((await other.identityProviders.findByIdentifier(P, 'shared'))!.providerName, 'A');
      await assert.rejects(store.identityProviders.create(idp(P, 'B', { idpIdentifiers: ['b.example', 'shared'] })), (e) => e instanceof StoreConflictError && e.what === 'identifier');
      assert.equal(await store.identityProviders.get(P, 'B'), undefined, 'a refused create leaves no provider behind');
      assert.equal(await store.identityProviders.findByIdentifier(P, 'b.example'), undefined);
      await store.identityProviders.create(idp('us-east-1_other', 'B', { idpIdentifiers: ['shared'] }));
      assert.equal((await store.identityProviders.findByIdentifier('us-east-1_other', 'shared'))!.providerName, 'B');
      assert.equal(await store.identityProviders.findByIdentifier(P, 'missing'), undefined);
    });

    it('updates details, mapping and identifiers (replacing them); refuses a taken identifier without changing anything; false for a missing one', async () => {
      const { store } = stores();
      await store.identityProviders.create(idp(P, 'A', { idpIdentifiers: ['old'] }));
      await store.identityProviders.create(idp(P, 'B', { idpIdentifiers: ['b'] }));
      const next = idp(P, 'A', { details: { client_id: 'new' }, attributeMapping: {}, idpIdentifiers: ['new1', 'new2'], updatedAt: T0 + 5 });
      assert.equal(await store.identityProviders.update(next), true);
      assert.deepEqual(await store.identityProviders.get(P, 'A'), next);
      assert.equal(await store.identityProviders.findByIdentifier(P, 'old'), undefined, 'the old identifier is free again');
      assert.equal((await store.identityProviders.findByIdentifier(P, 'new2'))!.providerName, 'A');
      await assert.rejects(store.identityProviders.update({ ...next, details: { client_id: 'x' }, idpIdentifiers: ['b'] }), (e) => e instanceof StoreConflictError && e.what === 'identifier');
      assert.deepEqual(await store.identityProviders.get(P, 'A'), next, 'the refused update changed nothing');
      assert.equal((await store.identityProviders.findByIdentifier(P, 'new1'))!.providerName, 'A');
      assert.equal(await store.identityProviders.update(idp(P, 'missing')), false);
      assert.equal(await store.identityProviders.findByIdentifier(P, 'old'), undefined);
    });

    it('lists providers in name order, `limit` at a time, resuming after a name; deletes one with its identifiers', async () => {
      const { store } = stores();
      for (const n of ['Okta', 'Google', 'AzureAD', 'Facebook']) await store.identityProviders.create(idp(P, n, { idpIdentifiers: [`${n}.id`] }));
      await store.identityProviders.create(idp('us-east-1_other', 'Zed'));
      const list = async (limit: number, after?: string) => (await store.identityProviders.list(P, limit, after)).map((p) => p.providerName);
      assert.deepEqual(await list(10), ['AzureAD', 'Facebook', 'Google', 'Okta']);
      assert.deepEqual(await list(2), ['AzureAD', 'Facebook']);
      assert.deepEqual(await list(10, 'Facebook'), ['Google', 'Okta']);
      assert.equal(await store.identityProviders.delete(P, 'Google'), true);
      assert.equal(await store.identityProviders.delete(P, 'Google'), false);
      assert.equal(await store.identityProviders.findByIdentifier(P, 'Google.id'), undefined);
      await store.identityProviders.create(idp(P, 'Other', { idpIdentifiers: ['Google.id'] }));
      assert.deepEqual(await list(10), ['AzureAD', 'Facebook', 'Okta', 'Other']);
    });

    it('links an identity to one user only, finds and lists links, unlinks; deleting the user removes its links', async () => {
      const { store, other } = stores();
      await store.users.create(user(P, 'alice'), []);
      await store.users.create(user(P, 'bob'), []);
      const l1 = link(P, '1001', 'alice');
      await store.identityProviders.link(l1);
      await store.identityProviders.link(link(P, 'alice@example.com', 'alice', { providerName: 'Corp', attributeName: 'email', createdAt: T0 + 1 }));
      await assert.rejects(other.identityProviders.link(link(P, '1001', 'bob')), (e) => e instanceof StoreConflictError && e.what === 'link');
      await store.identityProviders.link(link(P, '1001', 'bob', { attributeName: 'email' }));
      assert.deepEqual(await other.identityProviders.findLink(P, 'Google', 'Cognito_Subject', '1001'), l1);
      assert.equal(await store.identityProviders.findLink(P, 'Google', 'Cognito_Subject', '9999'), undefined);
      assert.equal(await store.identityProviders.findLink('us-east-1_other', 'Google', 'Cognito_Subject', '1001'), undefined);
      assert.deepEqual((await store.identityProviders.linksForUser(P, 'alice')).map((l) => `${l.providerName}/${l.attributeValue}`), ['Google/1001', 'Corp/alice@example.com']);
      assert.equal(await store.identityProviders.unlink(P, 'Google', 'Cognito_Subject', '1001'), true);
      assert.equal(await store.identityProviders.unlink(P, 'Google', 'Cognito_Subject', '1001'), false);
      assert.equal(await store.users.delete(P, 'alice', T0), true);
      assert.deepEqual(await store.identityProviders.linksForUser(P, 'alice'), []);
      assert.equal(await store.identityProviders.findLink(P, 'Corp', 'email', 'alice@example.com'), undefined);
      assert.equal((await store.identityProviders.linksForUser(P, 'bob')).length, 1, "another user's links stay");
    });

    it('lets exactly one of N concurrent links of the same identity win', async () => {
      const { store, other } = stores();
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).identityProviders.link(link(P, '42', `user${i}`))));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreConflictError);
    });

    it('deleting the pool removes its providers, identifiers and links', async () => {
      const { store } = stores();
      await store.pools.create({ id: P, name: 'p', createdAt: T0, updatedAt: T0, config: {} });
      await store.identityProviders.create(idp(P, 'A', { idpIdentifiers: ['a'] }));
      await store.identityProviders.link(link(P, '1', 'alice'));
      assert.equal(await store.pools.delete(P), true);
      assert.equal(await store.identityProviders.get(P, 'A'), undefined);
      assert.equal(await store.identityProviders.findByIdentifier(P, 'a'), undefined);
      assert.equal(await store.identityProviders.count(P), 0);
      assert.equal(await store.identityProviders.findLink(P, 'Google', 'Cognito_Subject', '1'), undefined);
      await store.identityProviders.create(idp(P, 'A', { idpIdentifiers: ['a'] }));
    });
  });
}
