import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/types.js';

/**
 * The quota part of the store contract (runStoreContract calls it inside its own describe, after its reset hook):
 * leases of a bucket's per-second budget that never add up to more than its limit, whoever asks, concurrently or not.
 */
export function describeQuotasContract(stores: () => { store: Store; other: Store }): void {
  describe('quota buckets', () => {
    const W = 1_700_000_000;

    it('grants what is asked until the window budget is spent, then what is left, then nothing', async () => {
      const { store, other } = stores();
      assert.deepEqual(await store.quotas.lease('UserRead', W, 4, 10), { granted: 4 });
      assert.deepEqual(await other.quotas.lease('UserRead', W, 4, 10), { granted: 4 });
      assert.deepEqual(await store.quotas.lease('UserRead', W, 4, 10), { granted: 2 });
      assert.deepEqual(await other.quotas.lease('UserRead', W, 4, 10), { granted: 0 });
      assert.deepEqual(await store.quotas.lease('UserList', W, 4, 10), { granted: 4 }, 'another bucket has its own budget');
    });

    it('starts a fresh budget in a later window, and grants nothing for a window the bucket has left behind', async () => {
      const { store, other } = stores();
      assert.equal((await store.quotas.lease('UserRead', W, 3, 3)).granted, 3);
      assert.equal((await other.quotas.lease('UserRead', W + 1, 2, 3)).granted, 2);
      assert.equal((await store.quotas.lease('UserRead', W, 1, 3)).granted, 0, 'a process whose clock lags gets nothing');
      assert.equal((await store.quotas.lease('UserRead', W + 1, 5, 3)).granted, 1);
    });

    it('applies the provisioned limit instead of the caller\'s free one, and reports it', async () => {
      const { store, other } = stores();
      assert.equal(await store.quotas.getProvisioned('UserAuthentication'), undefined);
      assert.equal((await store.quotas.lease('UserAuthentication', W, 5, 5)).granted, 5);
      await other.quotas.setProvisioned('UserAuthentication', 8);
      assert.equal(await store.quotas.getProvisioned('UserAuthentication'), 8);
      assert.deepEqual(await store.quotas.lease('UserAuthentication', W, 5, 5), { granted: 3, provisioned: 8 }, 'raised within the window');
      await store.quotas.setProvisioned('UserAuthentication', 20);
      assert.deepEqual(await other.quotas.lease('UserAuthentication', W + 1, 50, 5), { granted: 20, provisioned: 20 });
    });

    it('never grants more than the limit to N concurrent leases over two connections', async () => {
      const { store, other } = stores();
      const grants = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? other : store).quotas.lease('UserCreation', W, 3, 50)));
      assert.equal(grants.reduce((n, g) => n + g.granted, 0), 50);
      assert.ok(grants.every((g) => g.granted >= 0 && g.granted <= 3));
    });
  });
}
