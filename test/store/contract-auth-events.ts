import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuthEventDetails, AuthEventRecord, Store, UserRecord } from '../../src/store/types.js';

/**
 * The auth-events part of the store contract (threat protection, docs/threat-protection.md "Auth events"): events
 * per user newest first with a (time, id) cursor, details replaced whole, at most `keep` per user kept, and gone
 * with their user.
 */
export function describeAuthEventsContract(stores: () => { store: Store; other: Store }): void {
  describe('auth events', () => {
    const P = 'us-east-1_events';
    const T0 = 1_700_000_000_000;
    const details = (over: Partial<AuthEventDetails> = {}): AuthEventDetails => ({
      eventType: 'SignIn', response: 'Pass', riskDecision: 'NoRisk', compromised: false, challenges: [{ name: 'Password', response: 'Success' }],
      reasons: [], fingerprint: '', ...over,
    });
    const event = (usernameKey: string, eventId: string, createdAt: number, over: Partial<AuthEventDetails> = {}): AuthEventRecord => ({
      poolId: P, usernameKey, eventId, createdAt, details: details(over),
    });
    const user = (usernameKey: string): UserRecord => ({
      poolId: P, username: usernameKey, usernameKey, sub: `sub-${usernameKey}`, status: 'CONFIRMED', enabled: true, createdAt: T0, updatedAt: T0, version: 1,
      attributes: {}, data: {},
    });

    it('records an event and reads it back whole from another connection; unknown ids and other users find nothing', async () => {
      const { store, other } = stores();
      const e = event('alice', 'e1', T0, {
        riskDecision: 'AccountTakeover', riskLevel: 'High', compromised: true, reasons: ['new-ip', 'failure-burst'], ipAddress: '10.0.0.1',
        fingerprint: 'abc', deviceName: 'laptop', feedbackTokenHash: 'h',
      });
      await store.authEvents.record(e, 100);
      assert.deepEqual(await other.authEvents.get(P, 'alice', 'e1'), e);
      assert.equal(await other.authEvents.get(P, 'alice', 'e2'), undefined);
      assert.equal(await other.authEvents.get(P, 'bob', 'e1'), undefined);
      assert.equal(await other.authEvents.get('us-east-1_other', 'alice', 'e1'), undefined);
    });

    it('lists newest first (ties by id, descending), `limit` at a time, resuming strictly before a cursor', async () => {
      const { store } = stores();
      await store.authEvents.record(event('alice', 'a', T0), 100);
      await store.authEvents.record(event('alice', 'c', T0 + 10), 100);
      await store.authEvents.record(event('alice', 'b', T0 + 10), 100);
      await store.authEvents.record(event('alice', 'd', T0 + 20), 100);
      await store.authEvents.record(event('bob', 'z', T0 + 30), 100);
      const ids = async (limit: number, before?: { createdAt: number; eventId: string }) =>
        (await store.authEvents.list(P, 'alice', limit, before)).map((e) => e.eventId);
      assert.deepEqual(await ids(10), ['d', 'c', 'b', 'a']);
      assert.deepEqual(await ids(2), ['d', 'c']);
      assert.deepEqual(await ids(10, { createdAt: T0 + 10, eventId: 'c' }), ['b', 'a']);
      assert.deepEqual(await ids(10, { createdAt: T0, eventId: 'a' }), []);
    });

    it('keeps only the newest `keep` events of the user, leaving other users alone', async () => {
      const { store } = stores();
      await store.authEvents.record(event('bob', 'bob-1', T0), 3);
      for (let i = 0; i < 5; i++) await store.authEvents.record(event('alice', `e${i}`, T0 + i), 3);
      assert.deepEqual((await store.authEvents.list(P, 'alice', 10)).map((e) => e.eventId), ['e4', 'e3', 'e2']);
      assert.deepEqual((await store.authEvents.list(P, 'bob', 10)).map((e) => e.eventId), ['bob-1']);
    });

    it('replaces the details of an event; false for a missing one', async () => {
      const { store, other } = stores();
      await store.authEvents.record(event('alice', 'e1', T0, { response: 'InProgress' }), 100);
      const next = details({ response: 'Pass', feedback: { value: 'Invalid', provider: 'Admin', at: T0 + 5 } });
      assert.equal(await store.authEvents.update(P, 'alice', 'e1', next), true);
      assert.deepEqual((await other.authEvents.get(P, 'alice', 'e1'))!.details, next);
      assert.equal(await store.authEvents.update(P, 'alice', 'missing', next), false);
    });

    it('deleting the user deletes their events', async () => {
      const { store } = stores();
      await store.users.create(user('alice'), []);
      await store.authEvents.record(event('alice', 'e1', T0), 100);
      await store.authEvents.record(event('bob', 'e2', T0), 100);
      await store.users.delete(P, 'alice', T0);
      assert.deepEqual(await store.authEvents.list(P, 'alice', 10), []);
      assert.equal((await store.authEvents.list(P, 'bob', 10)).length, 1);
    });
  });
}
