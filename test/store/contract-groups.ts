import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflictError, type GroupRecord, type Store, type TokenFamilyRecord, type UserRecord } from '../../src/store/types.js';

/**
 * The groups part of the store contract (runStoreContract calls it inside its own describe, after its reset hook):
 * groups keyed by (pool, lower-cased name), memberships by (pool, group, user), each cleaned up with its owner.
 */
export function describeGroupsContract(stores: () => { store: Store; other: Store }): void {
  describe('groups', () => {
    const P = 'us-east-1_groups';
    const T0 = 1_700_000_000_000;
    const group = (poolId: string, name: string, over: Partial<GroupRecord> = {}): GroupRecord => ({
      poolId, groupName: name, groupKey: name.toLowerCase(), createdAt: T0, updatedAt: T0, ...over,
    });
    const user = (poolId: string, usernameKey: string): UserRecord => ({
      poolId, username: usernameKey, usernameKey, sub: `sub-${usernameKey}`, status: 'CONFIRMED', enabled: true, createdAt: T0, updatedAt: T0, version: 1,
      attributes: { email: `${usernameKey}@example.com` }, data: {},
    });

    it('creates a group and reads it back; optional members stay absent; a second one of the same key conflicts', async () => {
      const { store, other } = stores();
      const full = group(P, 'Admins', { description: 'the admins', roleArn: 'arn:aws:iam::123456789012:role/admin', precedence: 0 });
      await store.groups.create(full);
      assert.deepEqual(await other.groups.get(P, 'admins'), full);
      await store.groups.create(group(P, 'readers'));
      const bare = await store.groups.get(P, 'readers');
      for (const k of ['description', 'roleArn', 'precedence'] as const) assert.equal(bare![k], undefined, k);
      await assert.rejects(store.groups.create(group(P, 'ADMINS')), (e) => e instanceof StoreConflictError);
      assert.equal((await store.groups.get(P, 'admins'))!.groupName, 'Admins');
      assert.equal(await store.groups.get('us-east-1_other', 'admins'), undefined);
      assert.equal(await store.groups.count(P), 2);
    });

    it('updates a group; false for a missing one', async () => {
      const { store } = stores();
      await store.groups.create(group(P, 'g', { description: 'old', precedence: 5 }));
      const next = group(P, 'g', { description: 'new', roleArn: 'arn:aws:iam::123456789012:role/r', precedence: 2 ** 31 - 1, updatedAt: T0 + 5 });
      assert.equal(await store.groups.update(next), true);
      assert.deepEqual(await store.groups.get(P, 'g'), next);
      assert.equal(await store.groups.update(group(P, 'missing')), false);
    });

    it('lists groups in key order, `limit` at a time, resuming after a key', async () => {
      const { store } = stores();
      for (const n of ['c', 'A', 'b', '0']) await store.groups.create(group(P, n));
      await store.groups.create(group('us-east-1_other', 'z'));
      const list = async (limit: number, after?: string) => (await store.groups.list(P, limit, after)).map((g) => g.groupKey);
      assert.deepEqual(await list(10), ['0', 'a', 'b', 'c']);
      assert.deepEqual(await list(2), ['0', 'a']);
      assert.deepEqual(await list(10, 'a'), ['b', 'c']);
    });

    it('adds members once, lists them both ways, removes them; deleting the user or the group removes memberships', async () => {
      const { store, other } = stores();
      for (const u of ['alice', 'bob', 'carol']) await store.users.create(user(P, u), []);
      for (const g of ['g1', 'g2']) await store.groups.create(group(P, g));
      assert.equal(await store.groups.addMember(P, 'g1', 'alice', T0), true);
      assert.equal(await other.groups.addMember(P, 'g1', 'alice', T0), false, 'a second add is a no-op');
      await store.groups.addMember(P, 'g1', 'bob', T0);
      await store.groups.addMember(P, 'g1', 'carol', T0);
      await store.groups.addMember(P, 'g2', 'alice', T0);
      assert.deepEqual((await store.groups.listForUser(P, 'alice', 10)).map((g) => g.groupName), ['g1', 'g2']);
      assert.deepEqual((await store.groups.listForUser(P, 'alice', 1, 'g1')).map((g) => g.groupName), ['g2']);
      assert.equal(await store.groups.countForUser(P, 'alice'), 2);
      const members = await store.groups.listMembers(P, 'g1', 2);
      assert.deepEqual(members.map((u) => u.username), ['alice', 'bob']);
      assert.deepEqual(members[0]!.attributes, { email: 'alice@example.com' }, 'members come back as whole users');
      assert.deepEqual((await store.groups.listMembers(P, 'g1', 10, 'bob')).map((u) => u.username), ['carol']);

      assert.equal(await store.groups.removeMember(P, 'g1', 'bob'), true);
      assert.equal(await store.groups.removeMember(P, 'g1', 'bob'), false);
      assert.equal(await store.users.delete(P, 'carol', T0), true);
      assert.deepEqual((await store.groups.listMembers(P, 'g1', 10)).map((u) => u.username), ['alice']);
      assert.equal(await store.groups.delete(P, 'g1'), true);
      assert.equal(await store.groups.delete(P, 'g1'), false);
      assert.deepEqual((await store.groups.listForUser(P, 'alice', 10)).map((g) => g.groupName), ['g2']);
      // A group created again under the same name starts empty.
      await store.groups.create(group(P, 'g1'));
      assert.deepEqual(await store.groups.listMembers(P, 'g1', 10), []);
    });

    it('createFamilyListingGroups writes the family and lists the groups as listForUser does; a conflict writes nothing', async () => {
      const { store, other } = stores();
      await store.users.create(user(P, 'dana'), []);
      for (const g of ['b', 'a', 'c']) await store.groups.create(group(P, g, { precedence: g.charCodeAt(0) }));
      for (const g of ['b', 'a']) await store.groups.addMember(P, g, 'dana', T0);
      const fam = (jti: string, usernameKey: string): TokenFamilyRecord => ({
        originJti: jti, poolId: P, clientId: 'c1', usernameKey, sub: `sub-${usernameKey}`, authTime: 1, refreshHash: `rh-${jti}`, createdAt: T0, refreshExpiresAt: T0 + 1000,
      });
      const listed = await other.tokens.createFamilyListingGroups(fam('f1', 'dana'), 10);
      assert.deepEqual(listed, await store.groups.listForUser(P, 'dana', 10));
      assert.deepEqual(listed.map((g) => [g.groupName, g.precedence]), [['a', 97], ['b', 98]]);
      assert.equal((await store.tokens.getFamily('f1'))?.usernameKey, 'dana');
      assert.deepEqual((await store.tokens.createFamilyListingGroups(fam('f2', 'dana'), 1)).map((g) => g.groupName), ['a'], 'the limit applies');
      assert.deepEqual(await store.tokens.createFamilyListingGroups(fam('f3', 'nobody'), 10), [], 'no memberships: no groups');
      await assert.rejects(store.tokens.createFamilyListingGroups({ ...fam('f1', 'dana'), refreshHash: 'other' }, 10), (e) => e instanceof StoreConflictError);
      assert.equal((await store.tokens.getFamily('f1'))?.refreshHash, 'rh-f1', 'the conflicting family changed nothing');
    });

    it('deleting the pool removes its groups and memberships', async () => {
      const { store } = stores();
      await store.pools.create({ id: P, name: 'p', createdAt: T0, updatedAt: T0, config: {} });
      await store.users.create(user(P, 'alice'), []);
      await store.groups.create(group(P, 'g'));
      await store.groups.addMember(P, 'g', 'alice', T0);
      assert.equal(await store.pools.delete(P), true);
      assert.equal(await store.groups.get(P, 'g'), undefined);
      assert.equal(await store.groups.countForUser(P, 'alice'), 0);
    });
  });
}
