import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptPolicy, Store } from '../../src/store/types.js';

/**
 * The store contract for attempt reservations (and request quotas): part of runStoreContract (contract.ts), run on
 * every adapter with two connections to one database, as two processes would have.
 */
export function runLimitsContract(stores: () => { store: Store; other: Store }): void {
  const T0 = 1_700_000_000_000;
  const P = 'us-east-1_limits';
  const policy: AttemptPolicy = { free: 5, lockMs: 1000, maxLockMs: 15 * 60_000, forgetAfterMs: 15 * 60_000 };

  describe('attempt reservations', () => {
    it('allows `free` attempts, then locks for lockMs, doubling per further attempt; refused attempts do not extend the lock', async () => {
      const { store } = stores();
      for (let i = 0; i < 5; i++) assert.equal(await store.attempts.reserve(P, 'alice', 'password', T0, policy), true, `attempt ${i + 1}`);
      assert.deepEqual(await store.attempts.get(P, 'alice', 'password'), { count: 5, lockedUntil: T0 + 1000 });
      assert.equal(await store.attempts.reserve(P, 'alice', 'password', T0 + 999, policy), false);
      assert.deepEqual(await store.attempts.get(P, 'alice', 'password'), { count: 5, lockedUntil: T0 + 1000 }, 'a refused attempt changes nothing');
      assert.equal(await store.attempts.reserve(P, 'alice', 'password', T0 + 1000, policy), true);
      assert.deepEqual(await store.attempts.get(P, 'alice', 'password'), { count: 6, lockedUntil: T0 + 1000 + 2000 });
      // Other users and kinds are counted apart.
      assert.equal(await store.attempts.reserve(P, 'bob', 'password', T0 + 1500, policy), true);
      assert.equal(await store.attempts.reserve(P, 'alice', 'mfa', T0 + 1500, policy), true);
    });

    it('caps the lock at maxLockMs and forgets the count after forgetAfterMs without attempts', async () => {
      const { store } = stores();
      let now = T0;
      for (let n = 1; n <= 15; n++) {
        assert.equal(await store.attempts.reserve(P, 'carol', 'password', now, policy), true, `attempt ${n}`);
        const lock = (await store.attempts.get(P, 'carol', 'password'))!.lockedUntil - now;
        // 2^10 s at the 15th attempt is over 17 minutes: capped.
        assert.equal(lock, n < 5 ? -now : Math.min(1000 * 2 ** (n - 5), 15 * 60_000), `lock after attempt ${n}`);
        if (n >= 5) now += lock;
      }
      // The capped lock has run out just as the quiet time is up: the count starts again.
      assert.equal(await store.attempts.reserve(P, 'carol', 'password', now, policy), true);
      assert.deepEqual(await store.attempts.get(P, 'carol', 'password'), { count: 1, lockedUntil: 0 });
    });

    it('release forgets the count', async () => {
      const { store, other } = stores();
      for (let i = 0; i < 5; i++) await store.attempts.reserve(P, 'dave', 'code:signup', T0, policy);
      await other.attempts.release(P, 'dave', 'code:signup');
      assert.equal(await store.attempts.get(P, 'dave', 'code:signup'), undefined);
      assert.equal(await store.attempts.reserve(P, 'dave', 'code:signup', T0, policy), true);
    });

    it('releaseAndRead forgets one kind and reads the lock of another', async () => {
      const { store, other } = stores();
      for (let i = 0; i < 5; i++) await store.attempts.reserve(P, 'dora', 'mfa', T0, policy);
      await store.attempts.reserve(P, 'dora', 'password', T0, policy);
      assert.equal(await other.attempts.releaseAndRead(P, 'dora', 'password', 'mfa'), T0 + 1000);
      assert.equal(await store.attempts.get(P, 'dora', 'password'), undefined, 'released');
      assert.deepEqual(await store.attempts.get(P, 'dora', 'mfa'), { count: 5, lockedUntil: T0 + 1000 }, 'the kind read is untouched');
      assert.equal(await store.attempts.releaseAndRead(P, 'dora', 'password', 'device'), 0, 'no row: no lock');
      assert.equal(await store.attempts.releaseAndRead(P, 'nobody', 'password', 'mfa'), 0);
      await assert.rejects(store.attempts.releaseAndRead(P, 'dora', 'mfa', 'mfa'), /must differ/);
    });

    it('race: 64 concurrent reservations over two connections: exactly `free` get through', async () => {
      const { store, other } = stores();
      const results = await Promise.all(Array.from({ length: 64 }, (_, i) => (i % 2 ? other : store).attempts.reserve(P, 'eve', 'password', T0, policy)));
      assert.equal(results.filter(Boolean).length, 5);
      assert.deepEqual(await other.attempts.get(P, 'eve', 'password'), { count: 5, lockedUntil: T0 + 1000 });
    });

    it('deleting the user or the pool, and reset, delete its attempts', async () => {
      const { store } = stores();
      await store.attempts.reserve(P, 'frank', 'password', T0, policy);
      await store.users.delete(P, 'frank', T0);
      assert.equal(await store.attempts.get(P, 'frank', 'password'), undefined);
      await store.attempts.reserve(P, 'frank', 'password', T0, policy);
      await store.pools.delete(P);
      assert.equal(await store.attempts.get(P, 'frank', 'password'), undefined);
      await store.attempts.reserve(P, 'frank', 'password', T0, policy);
      await store.reset();
      assert.equal(await store.attempts.get(P, 'frank', 'password'), undefined);
    });
  });
}
