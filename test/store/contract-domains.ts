import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflictError, type DomainRecord, type PoolRecord, type ResourceServerRecord, type Store } from '../../src/store/types.js';

/**
 * The user-pool domains and resource servers part of the store contract (runStoreContract calls it inside its own
 * describe, after its reset hook): domain names unique across pools and one domain of each kind per pool, resource
 * servers keyed by (pool, identifier) and listed in code-point order; both go with their pool and with reset.
 */
export function describeDomainsContract(stores: () => { store: Store; other: Store }): void {
  const T0 = 1_700_000_000_000;
  const pool = (id: string): PoolRecord => ({ id, name: id, createdAt: T0, updatedAt: T0, config: {} });
  const domain = (poolId: string, name: string, over: Partial<DomainRecord> = {}): DomainRecord => ({
    domain: name, poolId, kind: name.includes('.') ? 'custom' : 'prefix', managedLoginVersion: 1, cloudFrontDistribution: `d${name.length}abcdefghijkl.cloudfront.net`,
    createdAt: T0, updatedAt: T0, ...over,
  });
  const server = (poolId: string, identifier: string, over: Partial<ResourceServerRecord> = {}): ResourceServerRecord => ({
    poolId, identifier, name: `name of ${identifier}`, scopes: [{ ScopeName: 'read', ScopeDescription: 'Read "things" ünïcödé' }], createdAt: T0, updatedAt: T0, ...over,
  });
  const conflict = (e: unknown) => e instanceof StoreConflictError;

  describe('user-pool domains', () => {
    const A = 'us-east-1_domA';
    const B = 'us-east-1_domB';

    it('creates prefix and custom domains and reads them back by name from either connection, optional members absent', async () => {
      const { store, other } = stores();
      const custom = domain(A, 'auth.example.com', {
        managedLoginVersion: 2, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', securityPolicy: 'TLS_V1_2_2021',
        routing: { Failover: { SecondaryRegion: 'us-west-2', PrimaryRoute53HealthCheckId: 'hc' } },
      });
      await store.domains.create(domain(A, 'myprefix'));
      await store.domains.create(custom);
      assert.deepEqual(await other.domains.get('auth.example.com'), custom);
      const prefix = await other.domains.get('myprefix');
      assert.deepEqual(prefix, domain(A, 'myprefix'));
      for (const k of ['certificateArn', 'securityPolicy', 'routing'] as const) assert.equal(prefix![k], undefined, k);
      assert.equal(await store.domains.get('nobody'), undefined);
      assert.deepEqual((await store.domains.listForPool(A)).map((d) => d.domain), ['myprefix', 'auth.example.com'], 'prefix first');
      assert.deepEqual(await store.domains.listForPool(B), []);
    });

    it('refuses a name another pool holds, and a second domain of one kind in a pool, with StoreConflictError', async () => {
      const { store, other } = stores();
      await store.domains.create(domain(A, 'taken'));
      await assert.rejects(other.domains.create(domain(B, 'taken')), conflict);
      await assert.rejects(other.domains.create(domain(A, 'second')), conflict);
      await other.domains.create(domain(A, 'login.example.org'));
      await assert.rejects(store.domains.create(domain(A, 'other.example.org')), conflict);
      assert.equal((await store.domains.get('taken'))!.poolId, A);
      assert.equal(await store.domains.get('second'), undefined);
    });

    it('lets exactly one of many concurrent creators of a name win', async () => {
      const { store, other } = stores();
      const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => (i % 2 ? store : other).domains.create(domain(`us-east-1_race${i}`, 'contested'))));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreConflictError);
    });

    it('updates settings of the pool\'s domain only; deletes it; false for a missing one or another pool\'s', async () => {
      const { store, other } = stores();
      await store.domains.create(domain(A, 'upd.example.com', { certificateArn: 'arn:1' }));
      const next = domain(A, 'upd.example.com', { managedLoginVersion: 2, certificateArn: 'arn:2', routing: { Failover: {} }, updatedAt: T0 + 5 });
      assert.equal(await store.domains.update(next), true);
      assert.deepEqual(await other.domains.get('upd.example.com'), next);
      assert.equal(await store.domains.update({ ...next, poolId: B }), false);
      assert.equal(await store.domains.update(domain(A, 'missing')), false);
      assert.equal(await store.domains.get('missing'), undefined, 'update does not create');
      assert.equal(await store.domains.delete(B, 'upd.example.com'), false);
      assert.equal(await store.domains.delete(A, 'upd.example.com'), true);
      assert.equal(await store.domains.delete(A, 'upd.example.com'), false);
      assert.equal(await other.domains.get('upd.example.com'), undefined);
      await other.domains.create(domain(B, 'upd.example.com'));
    });

    it('go with their pool (pools.delete) and with reset', async () => {
      const { store, other } = stores();
      await store.pools.create(pool(A));
      await store.pools.create(pool(B));
      await store.domains.create(domain(A, 'a-prefix'));
      await store.domains.create(domain(A, 'a.example.com'));
      await store.domains.create(domain(B, 'b-prefix'));
      assert.equal(await store.pools.delete(A), true);
      assert.deepEqual(await other.domains.listForPool(A), []);
      assert.equal(await other.domains.get('a-prefix'), undefined);
      assert.ok(await other.domains.get('b-prefix'));
      await store.domains.create(domain(B, 'a.example.com'));
      await other.reset();
      assert.equal(await store.domains.get('b-prefix'), undefined);
      assert.equal(await store.domains.get('a.example.com'), undefined);
    });
  });

  describe('resource servers', () => {
    const P = 'us-east-1_rs';

    it('creates and reads back with scopes in order; a second of the same identifier conflicts; identifiers are case sensitive', async () => {
      const { store, other } = stores();
      const s = server(P, 'https://api.example.com/v1', { scopes: [{ ScopeName: 'z', ScopeDescription: 'last' }, { ScopeName: 'a', ScopeDescription: 'first' }] });
      await store.resourceServers.create(s);
      assert.deepEqual(await other.resourceServers.get(P, s.identifier), s);
      await assert.rejects(other.resourceServers.create(server(P, s.identifier)), conflict);
      await other.resourceServers.create(server(P, 'HTTPS://api.example.com/v1', { scopes: [] }));
      assert.deepEqual((await store.resourceServers.get(P, 'HTTPS://api.example.com/v1'))!.scopes, []);
      await store.resourceServers.create(server('us-east-1_other', s.identifier));
      assert.equal(await store.resourceServers.count(P), 2);
      assert.equal(await store.resourceServers.get(P, 'missing'), undefined);
    });

    it('updates name and scopes; deletes; false for missing ones', async () => {
      const { store, other } = stores();
      await store.resourceServers.create(server(P, 'orders'));
      const next = server(P, 'orders', { name: 'Orders', scopes: [{ ScopeName: 'write', ScopeDescription: 'Write' }], updatedAt: T0 + 9 });
      assert.equal(await store.resourceServers.update(next), true);
      assert.deepEqual(await other.resourceServers.get(P, 'orders'), next);
      assert.equal(await store.resourceServers.update(server(P, 'missing')), false);
      assert.equal(await store.resourceServers.get(P, 'missing'), undefined);
      assert.equal(await store.resourceServers.delete(P, 'orders'), true);
      assert.equal(await other.resourceServers.delete(P, 'orders'), false);
      assert.equal(await store.resourceServers.count(P), 0);
    });

    it('lists in code-point order of identifier, after a key, up to a limit', async () => {
      const { store } = stores();
      for (const id of ['b', 'B', 'a', 'https://x', 'é', 'aa']) await store.resourceServers.create(server(P, id));
      const all = (await store.resourceServers.list(P, 100)).map((s) => s.identifier);
      assert.deepEqual(all, ['B', 'a', 'aa', 'b', 'https://x', 'é']);
      assert.deepEqual((await store.resourceServers.list(P, 2, 'a')).map((s) => s.identifier), ['aa', 'b']);
      assert.deepEqual(await store.resourceServers.list(P, 2, 'é'), []);
      assert.deepEqual(await store.resourceServers.list('us-east-1_none', 10), []);
    });

    it('go with their pool (pools.delete) and with reset', async () => {
      const { store, other } = stores();
      await store.pools.create(pool(P));
      await store.pools.create(pool('us-east-1_keep'));
      await store.resourceServers.create(server(P, 'gone'));
      await store.resourceServers.create(server('us-east-1_keep', 'kept'));
      await store.pools.delete(P);
      assert.equal(await other.resourceServers.get(P, 'gone'), undefined);
      assert.equal(await other.resourceServers.count(P), 0);
      await store.resourceServers.create(server(P, 'gone'));
      assert.ok(await other.resourceServers.get('us-east-1_keep', 'kept'));
      await other.reset();
      assert.equal(await store.resourceServers.get('us-east-1_keep', 'kept'), undefined);
    });
  });
}
