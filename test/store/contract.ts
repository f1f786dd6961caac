import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  StoreConflictError,
  type AuthorizationCodeRecord,
  type ChallengeSessionRecord,
  type ClientRecord,
  type CodeRecord,
  type DeviceRecord,
  type OutboxMessage,
  type PoolConfig,
  type PoolRecord,
  type SigningKeyRecord,
  type Store,
  type TokenFamilyRecord,
  type UserRecord,
} from '../../src/store/types.js';
import { describeGroupsContract } from './contract-groups.js';
import { describeAuthEventsContract } from './contract-auth-events.js';
import { describeDomainsContract } from './contract-domains.js';
import { describeBrandingContract } from './contract-branding.js';
import { describeQuotasContract } from './contract-quotas.js';
import { describeIdentityProvidersContract } from './contract-identity-providers.js';
import { methodAccess, STORE_METHOD_ACCESS } from '../../src/store/access.js';
import { SWEEP, sweepExpired } from '../../src/domain/maintenance/sweeper.js';
import { runLimitsContract } from './contract-limits.js';
import { DECOY_PURPOSE } from '../../src/store/sql/outbox.js';

/**
 * The store contract (kratos-style): one suite that every adapter must pass, so that SQLite and PostgreSQL are
 * interchangeable behind src/store/types.ts.
 *
 * `open` is called twice and must return two independent connections (stores) to the SAME database: the race
 * tests spread their concurrent callers over both, as several cognate processes would. The suite resets the
 * database before every test; `cleanup` runs after both stores are closed.
 */
export function runStoreContract(name: string, open: () => Promise<Store>, cleanup?: () => Promise<void>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    let other: Store;
    before(async () => {
      store = await open();
      other = await open();
    });
    after(async () => {
      await store?.close();
      await other?.close();
      await cleanup?.();
    });
    beforeEach(async () => {
      await store.reset();
    });

    /** N concurrent callers, alternating between the two connections. */
    const race = <T>(fn: (s: Store, i: number) => Promise<T>): Promise<T[]> =>
      Promise.all(Array.from({ length: RACERS }, (_, i) => fn(i % 2 === 0 ? store : other, i)));

    describe('pools', () => {
      it('creates a pool and reads it back with its config exactly as given', async () => {
        const p = pool('eu-west-1_Pool1', {
          // The store keeps any JSON as given, members the API does not know included.
          config: { Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: true } }, Tags: { 'ünï"cödé': 'quo\'te' }, Empty: [], Null: null, Big: 2 ** 40 } as PoolConfig,
        });
        await store.pools.create(p);
        assert.deepEqual(await store.pools.get(p.id), p);
        assert.deepEqual(await other.pools.get(p.id), p, 'visible from another connection once create resolved');
      });

      it('answers undefined for a pool that does not exist', async () => {
        assert.equal(await store.pools.get('us-east-1_missing'), undefined);
      });

      it('refuses a second pool with the same id with StoreConflictError and keeps the first', async () => {
        const p = pool('us-east-1_dup');
        await store.pools.create(p);
        await assertConflict(store.pools.create({ ...p, name: 'second' }));
        assert.equal((await store.pools.get(p.id))!.name, p.name);
      });

      it('updates name, config and updatedAt; false for a pool that does not exist', async () => {
        const p = pool('us-east-1_upd');
        await store.pools.create(p);
        const next = { ...p, name: 'renamed', updatedAt: T0 + 1000, config: { MfaConfiguration: 'ON' as const } };
        assert.equal(await store.pools.update(next), true);
        assert.deepEqual(await store.pools.get(p.id), next);
        assert.equal(await store.pools.update(pool('us-east-1_nope')), false);
        assert.equal(await store.pools.get('us-east-1_nope'), undefined, 'update does not create');
      });

      it('lists pools in id order, `limit` at a time, resuming after the given id', async () => {
        const ids = ['us-east-1_c', 'us-east-1_A', 'us-east-1_b', 'us-east-1_B', 'eu-west-1_z'];
        for (const id of ids) await store.pools.create(pool(id));
        const sorted = byteSorted(ids);
        assert.deepEqual((await store.pools.list(10)).map((p) => p.id), sorted);
        assert.deepEqual((await store.pools.list(2)).map((p) => p.id), sorted.slice(0, 2));
        assert.deepEqual((await store.pools.list(2, sorted[1])).map((p) => p.id), sorted.slice(2, 4));
        assert.deepEqual((await store.pools.list(2, sorted[4])).map((p) => p.id), []);
      });

      it('deletes a pool with everything in it, and nothing of another pool', async () => {
        const A = 'us-east-1_gone';
        const B = 'us-east-1_kept';
        for (const id of [A, B]) {
          await store.pools.create(pool(id));
          await store.clients.create(client(id, `client-${id}`));
          await store.users.create(user(id, 'u1'), [{ kind: 'email', valueKey: 'u1@example.com' }]);
          await store.sessions.create(session(`sess-${id}`, id, 'u1'));
          await store.codes.put(code(id, 'u1', 'signup', 'h1'));
          await store.tokens.createFamily(family(`jti-${id}`, id, 'u1', { refreshHash: `rh-${id}` }));
          await store.signingKeys.putIfAbsent(signingKey(id, 'id', `kid-${id}`));
          assert.equal(await store.totp.claimStep(id, 'u1', 500), true);
          await store.devices.create(device(id, 'u1', `dev-${id}`));
        }
        assert.equal(await store.pools.delete(A), true);

        assert.equal(await store.pools.get(A), undefined);
        assert.equal(await store.clients.get(A, `client-${A}`), undefined);
        assert.equal(await store.clients.find(`client-${A}`), undefined);
        assert.equal(await store.users.get(A, 'u1'), undefined);
        assert.equal(await store.users.findByAlias(A, 'email', 'u1@example.com'), undefined);
        assert.equal(await store.users.count(A), 0);
        assert.equal(await store.sessions.get(`sess-${A}`), undefined);
        assert.equal(await store.codes.get(A, 'u1', 'signup'), undefined);
        assert.equal(await store.tokens.getFamily(`jti-${A}`), undefined);
        assert.equal(await store.tokens.findByRefreshHash(`rh-${A}`), undefined);
        assert.deepEqual(await store.signingKeys.list(A), []);
        assert.equal(await store.devices.get(A, `dev-${A}`), undefined);
        assert.equal(await store.totp.claimStep(A, 'u1', 500), true, 'the TOTP mark went with the pool');

        assert.ok(await store.pools.get(B));
        assert.ok(await store.clients.get(B, `client-${B}`));
        assert.ok(await store.users.findByAlias(B, 'email', 'u1@example.com'));
        assert.ok(await store.sessions.get(`sess-${B}`));
        assert.ok(await store.codes.get(B, 'u1', 'signup'));
        assert.ok(await store.tokens.getFamily(`jti-${B}`));
        assert.equal((await store.signingKeys.list(B)).length, 1);
        assert.ok(await store.devices.get(B, `dev-${B}`));
        assert.equal(await store.totp.claimStep(B, 'u1', 500), false, 'the other pool keeps its TOTP mark');

        // Nothing left behind holds a key: the same ids can be created again.
        await store.pools.create(pool(A));
        await store.clients.create(client(A, `client-${A}`));
        await store.users.create(user(A, 'u1'), [{ kind: 'email', valueKey: 'u1@example.com' }]);
        await store.sessions.create(session(`sess-${A}`, A, 'u1'));
        await store.tokens.createFamily(family(`jti-${A}`, A, 'u1', { refreshHash: `rh-${A}` }));
        await store.devices.create(device(A, 'u1', `dev-${A}`));
      });

      it('answers false when deleting a pool that does not exist', async () => {
        assert.equal(await store.pools.delete('us-east-1_missing'), false);
      });
    });

    describe('clients', () => {
      const P = 'us-east-1_clients';
      beforeEach(async () => store.pools.create(pool(P)));

      it('creates a client and reads it back by (pool, id) and by id alone', async () => {
        const c = client(P, 'c1', { clientSecret: 's3cret', config: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], RefreshTokenValidity: 30 } });
        await store.clients.create(c);
        assert.deepEqual(await store.clients.get(P, 'c1'), c);
        assert.deepEqual(await store.clients.find('c1'), c);
      });

      it('keeps an absent client secret absent', async () => {
        await store.clients.create(client(P, 'c1'));
        const got = await store.clients.get(P, 'c1');
        assert.equal(got!.clientSecret, undefined);
        assert.deepEqual(clean(got), clean(client(P, 'c1')));
      });

      it('does not find a client under another pool, nor a missing client', async () => {
        await store.clients.create(client(P, 'c1'));
        assert.equal(await store.clients.get('us-east-1_other', 'c1'), undefined);
        assert.equal(await store.clients.get(P, 'missing'), undefined);
        assert.equal(await store.clients.find('missing'), undefined);
      });

      it('refuses a second client with the same id, even in another pool', async () => {
        await store.clients.create(client(P, 'c1'));
        await assertConflict(store.clients.create(client(P, 'c1', { clientName: 'again' })));
        await assertConflict(store.clients.create(client('us-east-1_other', 'c1')));
        assert.equal((await store.clients.find('c1'))!.clientName, 'client c1');
      });

      it('updates a client (and can remove its secret); false for a missing one or the wrong pool', async () => {
        await store.clients.create(client(P, 'c1', { clientSecret: 'x' }));
        const next = client(P, 'c1', { clientName: 'renamed', updatedAt: T0 + 5, config: { AccessTokenValidity: 5 } });
        assert.equal(await store.clients.update(next), true);
        assert.deepEqual(clean(await store.clients.get(P, 'c1')), clean(next));
        assert.equal(await store.clients.update(client(P, 'missing')), false);
        assert.equal(await store.clients.update({ ...next, poolId: 'us-east-1_other', clientName: 'hijack' }), false);
        assert.equal((await store.clients.get(P, 'c1'))!.clientName, 'renamed');
      });

      it('deletes a client; false for a missing one or the wrong pool', async () => {
        await store.clients.create(client(P, 'c1'));
        assert.equal(await store.clients.delete('us-east-1_other', 'c1'), false);
        assert.ok(await store.clients.get(P, 'c1'));
        assert.equal(await store.clients.delete(P, 'c1'), true);
        assert.equal(await store.clients.get(P, 'c1'), undefined);
        assert.equal(await store.clients.delete(P, 'c1'), false);
      });

      it("lists a pool's clients in id order, `limit` at a time, resuming after the given id", async () => {
        const ids = ['m', 'B', 'a', 'Z', '0'];
        for (const id of ids) await store.clients.create(client(P, id));
        await store.clients.create(client('us-east-1_other', 'b-other'));
        const sorted = byteSorted(ids);
        assert.deepEqual((await store.clients.list(P, 10)).map((c) => c.clientId), sorted);
        assert.deepEqual((await store.clients.list(P, 3)).map((c) => c.clientId), sorted.slice(0, 3));
        assert.deepEqual((await store.clients.list(P, 3, sorted[2])).map((c) => c.clientId), sorted.slice(3));
        assert.deepEqual(await store.clients.list('us-east-1_none', 10), []);
      });
    });

    describe('users', () => {
      const P = 'us-east-1_users';
      const Q = 'us-east-1_others';
      beforeEach(async () => {
        await store.pools.create(pool(P));
        await store.pools.create(pool(Q));
      });

      it('reads a user together with the state of a token family (the access-token check)', async () => {
        const u = user(P, 'alice', { attributes: { email: 'a@example.com' }, data: { mfa: { enabled: ['SMS_MFA'] } } });
        await store.users.create(u, []);
        await store.tokens.createFamily(family('live-1', P, 'alice', { refreshHash: 'r1' }));
        await store.tokens.createFamily(family('gone-1', P, 'alice', { refreshHash: 'r2' }));
        await store.tokens.revokeFamily('gone-1', T0 + 1);
        await store.tokens.createFamily(family('other-pool', Q, 'alice', { refreshHash: 'r3' }));
        const live = await store.users.getForAccessToken(P, 'alice', 'live-1');
        assert.equal(live.family, 'live');
        assert.deepEqual(live.user, await store.users.get(P, 'alice'));
        assert.equal((await store.users.getForAccessToken(P, 'alice', 'gone-1')).family, 'revoked');
        assert.equal((await store.users.getForAccessToken(P, 'alice', 'other-pool')).family, 'revoked', "another pool's family is not live here");
        const none = await store.users.getForAccessToken(P, 'alice', 'no-such-jti');
        assert.equal(none.family, 'absent');
        assert.equal(none.user?.usernameKey, 'alice');
        assert.equal((await store.users.getForAccessToken(P, 'alice', undefined)).family, 'absent');
        const missing = await store.users.getForAccessToken(P, 'nobody', 'live-1');
        assert.equal(missing.user, undefined);
        assert.equal(missing.family, 'live');
        await store.users.delete(P, 'alice', T0 + 2);
        const deleted = await store.users.getForAccessToken(P, 'alice', 'live-1');
        assert.deepEqual(deleted, { user: undefined, family: 'revoked' });
      });

      it('creates a user and reads it back by username key and by each alias', async () => {
        const u = user(P, 'alice', {
          username: 'Alice',
          attributes: { email: 'Alice@Example.com', 'custom:tier': 'gölд "q"' },
          data: { password: { scheme: 'srp-v1', salt: 'ab', verifier: 'cd', setAt: T0 }, mfa: { preferred: 'TOTP', enabled: ['TOTP'] }, n: 2 ** 45 },
        });
        await store.users.create(u, [
          { kind: 'email', valueKey: 'alice@example.com' },
          { kind: 'sub', valueKey: u.sub },
        ]);
        assert.deepEqual(await store.users.get(P, 'alice'), u);
        assert.deepEqual(await store.users.findByAlias(P, 'email', 'alice@example.com'), u);
        assert.deepEqual(await store.users.findByAlias(P, 'sub', u.sub), u);
        assert.equal(await store.users.get(P, 'Alice'), undefined, 'keys are exact: normalising is the domain’s job');
        assert.equal(await store.users.findByAlias(P, 'phone_number', 'alice@example.com'), undefined, 'aliases are per kind');
        assert.equal(await store.users.findByAlias(Q, 'email', 'alice@example.com'), undefined, 'aliases are per pool');
      });

      it('keeps a disabled user disabled', async () => {
        await store.users.create(user(P, 'off', { enabled: false, status: 'FORCE_CHANGE_PASSWORD' }), []);
        const got = await store.users.get(P, 'off');
        assert.equal(got!.enabled, false);
        assert.equal(got!.status, 'FORCE_CHANGE_PASSWORD');
      });

      it("refuses a taken username with StoreConflictError('username')", async () => {
        await store.users.create(user(P, 'bob'), []);
        await assertConflict(store.users.create(user(P, 'bob', { sub: 'another-sub' }), []), 'username');
        assert.equal((await store.users.get(P, 'bob'))!.sub, user(P, 'bob').sub);
      });

      it('allows the same username and aliases in another pool', async () => {
        const aliases = [{ kind: 'email', valueKey: 'bob@example.com' }];
        await store.users.create(user(P, 'bob'), aliases);
        await store.users.create(user(Q, 'bob'), aliases);
        assert.equal((await store.users.findByAlias(Q, 'email', 'bob@example.com'))!.poolId, Q);
      });

      it("refuses a taken alias with StoreConflictError('alias:<kind>') and creates nothing (atomic)", async () => {
        await store.users.create(user(P, 'bob'), [{ kind: 'email', valueKey: 'shared@example.com' }]);
        // The conflicting alias comes second: the first one must not survive the failed create.
        await assertConflict(
          store.users.create(user(P, 'carol'), [
            { kind: 'preferred_username', valueKey: 'caz' },
            { kind: 'email', valueKey: 'shared@example.com' },
          ]),
          'alias:email',
        );
        assert.equal(await store.users.get(P, 'carol'), undefined);
        assert.equal(await store.users.findByAlias(P, 'preferred_username', 'caz'), undefined);
        assert.equal(await store.users.count(P), 1);
        assert.equal((await store.users.findByAlias(P, 'email', 'shared@example.com'))!.usernameKey, 'bob');
        await store.users.create(user(P, 'carol'), [{ kind: 'preferred_username', valueKey: 'caz' }]);
      });

      it('answers undefined for a missing user or alias', async () => {
        assert.equal(await store.users.get(P, 'nobody'), undefined);
        assert.equal(await store.users.findByAlias(P, 'email', 'nobody@example.com'), undefined);
      });

      it('updates a user that nobody changed since it was read, and bumps its version by one', async () => {
        const u = user(P, 'dave', { version: 3 });
        await store.users.create(u, [{ kind: 'email', valueKey: 'dave@example.com' }]);
        const read = (await store.users.get(P, 'dave'))!;
        const next: UserRecord = {
          ...read,
          username: 'Dave',
          status: 'CONFIRMED',
          enabled: false,
          updatedAt: T0 + 10,
          attributes: { email: 'dave@example.com', email_verified: 'true' },
          data: { lockout: { failures: 2, lastFailureAt: T0 + 9 } },
        };
        assert.equal(await store.users.update(next), true);
        assert.deepEqual(await store.users.get(P, 'dave'), { ...next, version: 4 });
        assert.equal((await store.users.findByAlias(P, 'email', 'dave@example.com'))!.version, 4, 'without aliases the alias set is kept');
      });

      it('refuses an update based on a stale version and changes nothing', async () => {
        await store.users.create(user(P, 'erin'), []);
        const read = (await store.users.get(P, 'erin'))!;
        assert.equal(await store.users.update({ ...read, attributes: { first: 'write' } }), true);
        assert.equal(await store.users.update({ ...read, attributes: { lost: 'update' } }), false);
        const now = (await store.users.get(P, 'erin'))!;
        assert.deepEqual(now.attributes, { first: 'write' });
        assert.equal(now.version, read.version + 1);
      });

      it('answers false when updating a user that does not exist (and does not create it)', async () => {
        assert.equal(await store.users.update(user(P, 'ghost')), false);
        assert.equal(await store.users.get(P, 'ghost'), undefined);
      });

      it('replaces the alias set with the given one in the same update', async () => {
        const u = user(P, 'fay');
        await store.users.create(u, [
          { kind: 'email', valueKey: 'old@example.com' },
          { kind: 'sub', valueKey: u.sub },
        ]);
        const read = (await store.users.get(P, 'fay'))!;
        const next = { ...read, attributes: { email: 'new@example.com' } };
        assert.equal(await store.users.update(next, [{ kind: 'email', valueKey: 'new@example.com' }, { kind: 'sub', valueKey: u.sub }]), true);
        assert.equal(await store.users.findByAlias(P, 'email', 'old@example.com'), undefined);
        assert.equal((await store.users.findByAlias(P, 'email', 'new@example.com'))!.usernameKey, 'fay');
        assert.equal((await store.users.findByAlias(P, 'sub', u.sub))!.usernameKey, 'fay');

        // The freed alias belongs to nobody and can be taken by another user.
        await store.users.create(user(P, 'gus'), [{ kind: 'email', valueKey: 'old@example.com' }]);

        const again = (await store.users.get(P, 'fay'))!;
        assert.equal(await store.users.update(again, []), true);
        assert.equal(await store.users.findByAlias(P, 'email', 'new@example.com'), undefined, 'an empty set removes every alias');
        assert.equal(await store.users.findByAlias(P, 'sub', u.sub), undefined);
      });

      it('refuses an alias taken by another user and leaves both the record and its aliases unchanged (transactional)', async () => {
        await store.users.create(user(P, 'hal'), [{ kind: 'email', valueKey: 'hal@example.com' }]);
        await store.users.create(user(P, 'ivy'), [{ kind: 'email', valueKey: 'ivy@example.com' }]);
        const read = (await store.users.get(P, 'ivy'))!;
        await assertConflict(
          store.users.update({ ...read, attributes: { email: 'hal@example.com' } }, [
            { kind: 'preferred_username', valueKey: 'ivy2' },
            { kind: 'email', valueKey: 'hal@example.com' },
          ]),
          'alias:email',
        );
        assert.deepEqual(await store.users.get(P, 'ivy'), read);
        assert.equal((await store.users.findByAlias(P, 'email', 'ivy@example.com'))!.usernameKey, 'ivy');
        assert.equal(await store.users.findByAlias(P, 'preferred_username', 'ivy2'), undefined);
        assert.equal((await store.users.findByAlias(P, 'email', 'hal@example.com'))!.usernameKey, 'hal');
        assert.equal(await store.users.update(read), true, 'the failed update did not bump the version');
      });

      it('does not touch the aliases when the version is stale', async () => {
        await store.users.create(user(P, 'jo'), [{ kind: 'email', valueKey: 'jo@example.com' }]);
        const read = (await store.users.get(P, 'jo'))!;
        assert.equal(await store.users.update(read), true);
        assert.equal(await store.users.update(read, [{ kind: 'email', valueKey: 'other@example.com' }]), false);
        assert.equal((await store.users.findByAlias(P, 'email', 'jo@example.com'))!.usernameKey, 'jo');
        assert.equal(await store.users.findByAlias(P, 'email', 'other@example.com'), undefined);
      });

      it('deletes a user with its aliases, codes, devices and TOTP marks, and revokes its token families as of `now`', async () => {
        const u = user(P, 'kim');
        await store.users.create(u, [{ kind: 'email', valueKey: 'kim@example.com' }, { kind: 'sub', valueKey: u.sub }]);
        await store.users.create(user(P, 'lee'), [{ kind: 'email', valueKey: 'lee@example.com' }]);
        await store.users.create(user(Q, 'kim'), [{ kind: 'email', valueKey: 'kim@example.com' }]);
        for (const [pool, key] of [[P, 'kim'], [P, 'lee'], [Q, 'kim']] as const) {
          await store.codes.put(code(pool, key, 'signup', 'h'));
          await store.codes.put(code(pool, key, 'verify:email', 'h'));
          await store.devices.create(device(pool, key, `dev-${pool}-${key}`));
          await store.tokens.createFamily(family(`jti-${pool}-${key}`, pool, key, { deviceKey: `dev-${pool}-${key}` }));
          assert.equal(await store.totp.claimStep(pool, key, 100), true);
        }
        await store.tokens.createFamily(family('jti-early', P, 'kim'));
        assert.equal(await store.tokens.revokeFamily('jti-early', T0 + 5), true);

        assert.equal(await store.users.delete(P, 'kim', T0 + 100), true);

        assert.equal(await store.users.get(P, 'kim'), undefined);
        assert.equal(await store.users.findByAlias(P, 'email', 'kim@example.com'), undefined);
        assert.equal(await store.users.findByAlias(P, 'sub', u.sub), undefined);
        assert.equal(await store.codes.get(P, 'kim', 'signup'), undefined);
        assert.equal(await store.codes.get(P, 'kim', 'verify:email'), undefined);
        assert.equal(await store.devices.get(P, `dev-${P}-kim`), undefined);
        assert.equal((await store.tokens.getFamily(`jti-${P}-kim`))!.revokedAt, T0 + 100);
        assert.equal((await store.tokens.getFamily('jti-early'))!.revokedAt, T0 + 5, 'an earlier revocation keeps its time');
        assert.equal(await store.totp.claimStep(P, 'kim', 100), true, 'the TOTP mark went with the user');
        assert.equal(await store.users.count(P), 1);

        for (const [pool, key] of [[P, 'lee'], [Q, 'kim']] as const) {
          assert.ok(await store.users.get(pool, key));
          assert.ok(await store.users.findByAlias(pool, 'email', `${key}@example.com`));
          assert.ok(await store.codes.get(pool, key, 'signup'));
          assert.ok(await store.devices.get(pool, `dev-${pool}-${key}`));
          assert.equal((await store.tokens.getFamily(`jti-${pool}-${key}`))!.revokedAt, undefined);
          assert.equal(await store.totp.claimStep(pool, key, 100), false);
        }

        await store.users.create(user(P, 'kim'), [{ kind: 'email', valueKey: 'kim@example.com' }]);
        assert.equal(await store.users.delete(P, 'nobody', T0), false);
      });

      it('counts the users of a pool', async () => {
        assert.equal(await store.users.count(P), 0);
        for (const k of ['a', 'b', 'c']) await store.users.create(user(P, k), []);
        await store.users.create(user(Q, 'a'), []);
        assert.equal(await store.users.count(P), 3);
        assert.equal(await store.users.count(Q), 1);
      });

      describe('list', () => {
        const people: Array<[string, Partial<UserRecord>]> = [
          ['alice', { username: 'Alice', status: 'CONFIRMED', sub: 'a1111111-0000-4000-8000-000000000001', attributes: { email: 'alice@example.com', given_name: 'Alice', 'custom:tier': 'gold' } }],
          ['albert', { username: 'albert', status: 'UNCONFIRMED', sub: 'a2222222-0000-4000-8000-000000000002', attributes: { email: 'al@example.org', 'custom:tier': 'silver' } }],
          ['bob', { username: 'bob', status: 'CONFIRMED', sub: 'b3333333-0000-4000-8000-000000000003', attributes: { email: 'bob@example.com', given_name: 'Bob "the builder"' } }],
          ['a_b%', { username: 'a_b%', status: 'FORCE_CHANGE_PASSWORD', sub: 'c4444444-0000-4000-8000-000000000004', attributes: { email: 'x%y_z@example.com', given_name: 'Ünïcode' } }],
          ['axb', { username: 'axb', status: 'CONFIRMED', sub: 'd5555555-0000-4000-8000-000000000005', attributes: { email: 'xay@example.com' } }],
        ];
        beforeEach(async () => {
          for (const [key, over] of people) await store.users.create(user(P, key, over), []);
          await store.users.create(user(Q, 'alice', people[0]![1]), []);
        });
        const keys = async (query: Parameters<Store['users']['list']>[1]) => (await store.users.list(P, query)).map((u) => u.usernameKey);
        const all = byteSorted(people.map(([k]) => k));

        it('lists the users of a pool in username-key order, `limit` at a time, resuming after a key', async () => {
          assert.deepEqual(await keys({ limit: 60 }), all);
          assert.deepEqual(await keys({ limit: 2 }), all.slice(0, 2));
          assert.deepEqual(await keys({ limit: 2, after: all[1] }), all.slice(2, 4));
          assert.deepEqual(await keys({ limit: 2, after: all[4] }), []);
          assert.deepEqual((await store.users.list(P, { limit: 1 }))[0], user(P, all[0]!, people.find(([k]) => k === all[0])![1]));
        });

        it('filters by equality on the username, status and sub columns (exact, case-sensitive)', async () => {
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'username', prefix: false, value: 'Alice' } }), ['alice']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'username', prefix: false, value: 'alice' } }), []);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'status', prefix: false, value: 'UNCONFIRMED' } }), ['albert']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'status', prefix: false, value: 'CONFIRMED' } }), byteSorted(['alice', 'axb', 'bob']));
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'sub', prefix: false, value: 'b3333333-0000-4000-8000-000000000003' } }), ['bob']);
        });

        it('filters by prefix on the username, status and sub columns, taking % and _ literally', async () => {
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'username', prefix: true, value: 'a' } }), byteSorted(['a_b%', 'albert', 'axb']));
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'username', prefix: true, value: 'A' } }), ['alice']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'username', prefix: true, value: 'a_' } }), ['a_b%']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'username', prefix: true, value: 'a_b%' } }), ['a_b%']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'username', prefix: true, value: '%' } }), []);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'status', prefix: true, value: 'CONF' } }), byteSorted(['alice', 'axb', 'bob']));
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'sub', prefix: true, value: 'a' } }), byteSorted(['albert', 'alice']));
        });

        it('filters by equality on an attribute; users without it never match', async () => {
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'email', prefix: false, value: 'bob@example.com' } }), ['bob']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'email', prefix: false, value: 'BOB@example.com' } }), []);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'given_name', prefix: false, value: 'Bob "the builder"' } }), ['bob']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'given_name', prefix: false, value: 'Ünïcode' } }), ['a_b%']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'custom:tier', prefix: false, value: 'gold' } }), ['alice']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'family_name', prefix: false, value: '' } }), []);
        });

        it('filters by prefix on an attribute, taking % and _ literally; an empty prefix matches everyone who has it', async () => {
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'email', prefix: true, value: 'al' } }), byteSorted(['albert', 'alice']));
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'email', prefix: true, value: 'x%' } }), ['a_b%']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'email', prefix: true, value: 'x%y_' } }), ['a_b%']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'email', prefix: true, value: '_' } }), []);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'given_name', prefix: true, value: 'Ün' } }), ['a_b%']);
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'given_name', prefix: true, value: '' } }), byteSorted(['a_b%', 'alice', 'bob']));
          assert.deepEqual(await keys({ limit: 60, filter: { attribute: 'custom:tier', prefix: true, value: 's' } }), ['albert']);
        });

        it('pages through a filtered list with `limit` and `after`', async () => {
          const filter = { attribute: 'status', prefix: false, value: 'CONFIRMED' };
          const expected = byteSorted(['alice', 'axb', 'bob']);
          assert.deepEqual(await keys({ limit: 2, filter }), expected.slice(0, 2));
          assert.deepEqual(await keys({ limit: 2, filter, after: expected[1] }), expected.slice(2));
          assert.deepEqual(await keys({ limit: 2, filter, after: expected[2] }), []);
        });
      });

      it('lets exactly one of N concurrent creates of the same username win', async () => {
        const results = await race((s, i) =>
          s.users.create(user(P, 'race', { sub: `sub-${i}` }), [{ kind: 'sub', valueKey: `sub-${i}` }]).then(
            () => 'won',
            (e: unknown) => (e instanceof StoreConflictError && e.what === 'username' ? 'conflict' : e),
          ),
        );
        assert.equal(results.filter((r) => r === 'won').length, 1);
        assert.equal(results.filter((r) => r === 'conflict').length, RACERS - 1, String(results.find((r) => r !== 'won' && r !== 'conflict')));
        const winner = (await store.users.get(P, 'race'))!;
        assert.equal((await store.users.findByAlias(P, 'sub', winner.sub))!.usernameKey, 'race');
        for (let i = 0; i < RACERS; i++) {
          if (`sub-${i}` !== winner.sub) assert.equal(await store.users.findByAlias(P, 'sub', `sub-${i}`), undefined, 'losers leave no alias');
        }
      });

      it('lets exactly one of N concurrent updates from the same version win (optimistic concurrency)', async () => {
        await store.users.create(user(P, 'race'), [{ kind: 'email', valueKey: 'race@example.com' }]);
        const read = (await store.users.get(P, 'race'))!;
        const results = await race((s, i) =>
          s.users.update({ ...read, attributes: { writer: String(i) } }, [{ kind: 'email', valueKey: `race-${i}@example.com` }]),
        );
        assert.equal(results.filter(Boolean).length, 1);
        const winner = results.indexOf(true);
        const now = (await store.users.get(P, 'race'))!;
        assert.equal(now.version, read.version + 1);
        assert.deepEqual(now.attributes, { writer: String(winner) });
        assert.equal((await store.users.findByAlias(P, 'email', `race-${winner}@example.com`))!.usernameKey, 'race');
        assert.equal(await store.users.findByAlias(P, 'email', 'race@example.com'), undefined);
        for (let i = 0; i < RACERS; i++) {
          if (i !== winner) assert.equal(await store.users.findByAlias(P, 'email', `race-${i}@example.com`), undefined, 'losers leave no alias');
        }
      });
    });

    describe('token families: refresh-token rotation', () => {
      const P = 'us-east-1_rotation';
      it('replaces the refresh hash only from the current one, and never on a revoked family', async () => {
        await store.tokens.createFamily(family('rot-1', P, 'alice', { refreshHash: 'r0' }));
        assert.equal(await store.tokens.rotateRefresh('rot-1', 'stale', 'r1'), false);
        assert.equal(await store.tokens.rotateRefresh('rot-1', 'r0', 'r1'), true);
        assert.equal((await other.tokens.findByRefreshHash('r1'))!.originJti, 'rot-1');
        assert.equal(await store.tokens.findByRefreshHash('r0'), undefined);
        assert.equal(await store.tokens.rotateRefresh('rot-1', 'r0', 'r2'), false, 'a rotated-out hash cannot rotate again');
        await store.tokens.revokeFamily('rot-1', T0);
        assert.equal(await store.tokens.rotateRefresh('rot-1', 'r1', 'r3'), false);
        assert.equal(await store.tokens.rotateRefresh('missing', 'r1', 'r3'), false);
      });

      it('lets exactly one of N concurrent rotations of the same refresh token win', async () => {
        await store.tokens.createFamily(family('rot-2', P, 'alice', { refreshHash: 'q0' }));
        const results = await race((s, i) => s.tokens.rotateRefresh('rot-2', 'q0', `q-${i}`));
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal((await store.tokens.getFamily('rot-2'))!.refreshHash, `q-${results.indexOf(true)}`);
      });
    });

    describe('challenge sessions', () => {
      const P = 'us-east-1_sessions';

      it('creates a session and reads it back unused with no failures', async () => {
        const s = session('h1', P, 'alice', { data: { srpB: 'ff00', step: 2 }, challenge: 'PASSWORD_VERIFIER' });
        await store.sessions.create(s);
        const got = await store.sessions.get('h1');
        assert.deepEqual(clean(got), clean(s));
        assert.equal(got!.usedAt, undefined);
        assert.equal(got!.failures, 0);
        assert.equal(await store.sessions.get('missing'), undefined);
      });

      it('getWithUser reads the session and the user it names, as get and users.get do', async () => {
        const alice = user(P, 'alice', { attributes: { email: 'a@example.com' }, data: { mfa: { enabled: ['SOFTWARE_TOKEN_MFA'] } }, enabled: false, version: 3 });
        await store.users.create(alice, []);
        await store.users.create(user('us-east-1_elsewhere', 'bob'), []);
        await store.sessions.create(session('h1', P, 'alice', { data: { step: 1 } }));
        await store.sessions.create(session('h2', P, 'bob'));
        const both = await other.sessions.getWithUser('h1');
        assert.deepEqual(clean(both!.session), clean(await store.sessions.get('h1')));
        assert.deepEqual(both!.user, await store.users.get(P, 'alice'));
        assert.deepEqual(both!.user, alice);
        const noUser = await store.sessions.getWithUser('h2');
        assert.equal(noUser!.session.usernameKey, 'bob');
        assert.equal(noUser!.user, undefined, "another pool's user of the same key is not the session's");
        assert.equal(await store.sessions.getWithUser('missing'), undefined);
      });

      it('refuses a second session with the same id hash', async () => {
        await store.sessions.create(session('h1', P, 'alice'));
        await assertConflict(store.sessions.create(session('h1', P, 'bob')));
        assert.equal((await store.sessions.get('h1'))!.usernameKey, 'alice');
      });

      it('is consumed once: the first consume wins and records when, later ones lose', async () => {
        await store.sessions.create(session('h1', P, 'alice'));
        assert.equal(await store.sessions.consume('h1', T0 + 10), true);
        assert.equal(await store.sessions.consume('h1', T0 + 11), false);
        assert.equal(await other.sessions.consume('h1', T0 + 12), false);
        assert.equal((await store.sessions.get('h1'))!.usedAt, T0 + 10);
        assert.equal(await store.sessions.consume('missing', T0), false);
      });

      it('cannot be consumed at or after its expiry (time is the `now` argument)', async () => {
        await store.sessions.create(session('h1', P, 'alice', { expiresAt: T0 + 1000 }));
        await store.sessions.create(session('h2', P, 'alice', { expiresAt: T0 + 1000 }));
        assert.equal(await store.sessions.consume('h1', T0 + 1000), false);
        assert.equal(await store.sessions.consume('h1', T0 + 5000), false);
        assert.equal((await store.sessions.get('h1'))!.usedAt, undefined);
        assert.equal(await store.sessions.consume('h2', T0 + 999), true);
      });

      it('lets exactly one of N concurrent consumers win (one challenge answered on several processes)', async () => {
        await store.sessions.create(session('h1', P, 'alice'));
        const results = await race((s, i) => s.sessions.consume('h1', T0 + i));
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal((await store.sessions.get('h1'))!.usedAt, T0 + results.indexOf(true));
      });

      it('counts wrong answers and returns the new count; 0 for a missing session', async () => {
        await store.sessions.create(session('h1', P, 'alice'));
        assert.equal(await store.sessions.recordFailure('h1'), 1);
        assert.equal(await other.sessions.recordFailure('h1'), 2);
        assert.equal((await store.sessions.get('h1'))!.failures, 2);
        assert.equal(await store.sessions.recordFailure('missing'), 0);
        assert.equal(await store.sessions.get('missing'), undefined, 'recordFailure does not create');
      });

      it('loses no failure under N concurrent wrong answers', async () => {
        await store.sessions.create(session('h1', P, 'alice'));
        const counts = await race((s) => s.sessions.recordFailure('h1'));
        assert.deepEqual([...counts].sort((a, b) => a - b), Array.from({ length: RACERS }, (_, i) => i + 1));
        assert.equal((await store.sessions.get('h1'))!.failures, RACERS);
      });

      it('deletes expired sessions (expiresAt <= now) and returns how many', async () => {
        await store.sessions.create(session('old', P, 'a', { expiresAt: T0 + 100 }));
        await store.sessions.create(session('edge', P, 'a', { expiresAt: T0 + 200 }));
        await store.sessions.create(session('live', P, 'a', { expiresAt: T0 + 201 }));
        assert.equal(await store.sessions.deleteExpired(T0 + 200, 100), 2);
        assert.equal(await store.sessions.get('old'), undefined);
        assert.equal(await store.sessions.get('edge'), undefined);
        assert.ok(await store.sessions.get('live'));
        assert.equal(await store.sessions.deleteExpired(T0 + 200, 100), 0);
      });
    });

    describe('codes', () => {
      const P = 'us-east-1_codes';

      it('stores a code per (user, purpose) and reads it back unused', async () => {
        const c = code(P, 'alice', 'signup', 'hash-1');
        await store.codes.put(c);
        await store.codes.put(code(P, 'alice', 'forgot-password', 'hash-2'));
        assert.deepEqual(clean(await store.codes.get(P, 'alice', 'signup')), clean(c));
        assert.equal((await store.codes.get(P, 'alice', 'forgot-password'))!.codeHash, 'hash-2');
        assert.equal(await store.codes.get(P, 'bob', 'signup'), undefined);
        assert.equal(await store.codes.get('us-east-1_other', 'alice', 'signup'), undefined);
      });

      it('replaces the live code of the same (user, purpose): new hash and expiry, unused, failures reset', async () => {
        await store.codes.put(code(P, 'alice', 'signup', 'hash-1'));
        assert.equal(await store.codes.recordFailure(P, 'alice', 'signup'), 1);
        assert.equal(await store.codes.consume(P, 'alice', 'signup', 'hash-1', T0 + 1), true);
        const fresh = code(P, 'alice', 'signup', 'hash-2', { createdAt: T0 + 50, expiresAt: T0 + 9999 });
        await store.codes.put(fresh);
        assert.deepEqual(clean(await store.codes.get(P, 'alice', 'signup')), clean(fresh));
        assert.equal(await store.codes.consume(P, 'alice', 'signup', 'hash-1', T0 + 60), false, 'the replaced code is dead');
        assert.equal(await store.codes.consume(P, 'alice', 'signup', 'hash-2', T0 + 60), true);
      });

      it('is consumed once, only with the same hash, and records when', async () => {
        await store.codes.put(code(P, 'alice', 'signup', 'right'));
        assert.equal(await store.codes.consume(P, 'alice', 'signup', 'wrong', T0 + 1), false);
        assert.equal(await store.codes.consume(P, 'alice', 'verify:email', 'right', T0 + 1), false, 'another purpose');
        assert.equal(await store.codes.consume(P, 'bob', 'signup', 'right', T0 + 1), false, 'another user');
        assert.equal(await store.codes.consume(P, 'alice', 'signup', 'right', T0 + 2), true);
        assert.equal(await store.codes.consume(P, 'alice', 'signup', 'right', T0 + 3), false);
        assert.equal((await store.codes.get(P, 'alice', 'signup'))!.usedAt, T0 + 2);
      });

      it('cannot be consumed at or after its expiry', async () => {
        await store.codes.put(code(P, 'alice', 'signup', 'h', { expiresAt: T0 + 1000 }));
        assert.equal(await store.codes.consume(P, 'alice', 'signup', 'h', T0 + 1000), false);
        assert.equal(await store.codes.consume(P, 'alice', 'signup', 'h', T0 + 1001), false);
        assert.equal(await store.codes.consume(P, 'alice', 'signup', 'h', T0 + 999), true);
      });

      it('lets exactly one of N concurrent consumers win (one code submitted on several processes)', async () => {
        await store.codes.put(code(P, 'alice', 'signup', 'h'));
        const results = await race((s, i) => s.codes.consume(P, 'alice', 'signup', 'h', T0 + i));
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal((await store.codes.get(P, 'alice', 'signup'))!.usedAt, T0 + results.indexOf(true));
      });

      it('counts failures and returns the new count; 0 for a missing code', async () => {
        await store.codes.put(code(P, 'alice', 'signup', 'h'));
        assert.equal(await store.codes.recordFailure(P, 'alice', 'signup'), 1);
        assert.equal(await other.codes.recordFailure(P, 'alice', 'signup'), 2);
        assert.equal((await store.codes.get(P, 'alice', 'signup'))!.failures, 2);
        assert.equal(await store.codes.recordFailure(P, 'alice', 'forgot-password'), 0);
        assert.equal(await store.codes.get(P, 'alice', 'forgot-password'), undefined);
      });

      it('loses no failure under N concurrent wrong codes', async () => {
        await store.codes.put(code(P, 'alice', 'signup', 'h'));
        const counts = await race((s) => s.codes.recordFailure(P, 'alice', 'signup'));
        assert.deepEqual([...counts].sort((a, b) => a - b), Array.from({ length: RACERS }, (_, i) => i + 1));
      });

      it('deletes one (user, purpose) code only', async () => {
        await store.codes.put(code(P, 'alice', 'signup', 'h'));
        await store.codes.put(code(P, 'alice', 'forgot-password', 'h'));
        await store.codes.delete(P, 'alice', 'signup');
        assert.equal(await store.codes.get(P, 'alice', 'signup'), undefined);
        assert.ok(await store.codes.get(P, 'alice', 'forgot-password'));
        await store.codes.delete(P, 'alice', 'signup');
      });
    });

    describe('token families', () => {
      const P = 'us-east-1_tokens';

      it('creates a family and finds it by origin jti and by refresh-token hash', async () => {
        const f = family('jti-1', P, 'alice', { deviceKey: 'us-east-1_dev', refreshHash: 'rh-1' });
        await store.tokens.createFamily(f);
        assert.deepEqual(clean(await store.tokens.getFamily('jti-1')), clean(f));
        assert.deepEqual(clean(await store.tokens.findByRefreshHash('rh-1')), clean(f));
        const plain = family('jti-2', P, 'alice');
        await store.tokens.createFamily(plain);
        const got = await store.tokens.getFamily('jti-2');
        assert.equal(got!.deviceKey, undefined);
        assert.equal(got!.revokedAt, undefined);
        assert.equal(await store.tokens.getFamily('missing'), undefined);
        assert.equal(await store.tokens.findByRefreshHash('missing'), undefined);
      });

      it('refuses a duplicate origin jti or refresh-token hash', async () => {
        await store.tokens.createFamily(family('jti-1', P, 'alice', { refreshHash: 'rh-1' }));
        await assertConflict(store.tokens.createFamily(family('jti-1', P, 'bob', { refreshHash: 'rh-2' })));
        await assertConflict(store.tokens.createFamily(family('jti-2', P, 'bob', { refreshHash: 'rh-1' })));
        assert.equal(await store.tokens.findByRefreshHash('rh-2'), undefined);
      });

      it('revokes a family once, keeping the first revocation time', async () => {
        await store.tokens.createFamily(family('jti-1', P, 'alice'));
        assert.equal(await store.tokens.revokeFamily('jti-1', T0 + 10), true);
        assert.equal(await store.tokens.revokeFamily('jti-1', T0 + 20), false);
        assert.equal((await store.tokens.getFamily('jti-1'))!.revokedAt, T0 + 10);
        assert.equal(await store.tokens.revokeFamily('missing', T0), false);
      });

      it('lets exactly one of N concurrent revocations of a family win', async () => {
        await store.tokens.createFamily(family('jti-1', P, 'alice'));
        const results = await race((s, i) => s.tokens.revokeFamily('jti-1', T0 + i));
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal((await store.tokens.getFamily('jti-1'))!.revokedAt, T0 + results.indexOf(true));
      });

      it("revokes every live family of one user (global sign-out) and counts them", async () => {
        await store.tokens.createFamily(family('a1', P, 'alice'));
        await store.tokens.createFamily(family('a2', P, 'alice'));
        await store.tokens.createFamily(family('a3', P, 'alice'));
        await store.tokens.revokeFamily('a3', T0 + 1);
        await store.tokens.createFamily(family('b1', P, 'bob'));
        await store.tokens.createFamily(family('q1', 'us-east-1_other', 'alice'));
        assert.equal(await store.tokens.revokeUser(P, 'alice', T0 + 50), 2);
        assert.equal((await store.tokens.getFamily('a1'))!.revokedAt, T0 + 50);
        assert.equal((await store.tokens.getFamily('a2'))!.revokedAt, T0 + 50);
        assert.equal((await store.tokens.getFamily('a3'))!.revokedAt, T0 + 1);
        assert.equal((await store.tokens.getFamily('b1'))!.revokedAt, undefined);
        assert.equal((await store.tokens.getFamily('q1'))!.revokedAt, undefined);
        assert.equal(await store.tokens.revokeUser(P, 'alice', T0 + 60), 0);
      });

      it('revokes every live family signed in from one device and counts them', async () => {
        await store.tokens.createFamily(family('d1', P, 'alice', { deviceKey: 'dev-1' }));
        await store.tokens.createFamily(family('d2', P, 'alice', { deviceKey: 'dev-1' }));
        await store.tokens.createFamily(family('d3', P, 'alice', { deviceKey: 'dev-2' }));
        await store.tokens.createFamily(family('d4', P, 'alice'));
        await store.tokens.createFamily(family('q1', 'us-east-1_other', 'alice', { deviceKey: 'dev-1' }));
        assert.equal(await store.tokens.revokeDevice(P, 'dev-1', T0 + 7), 2);
        assert.equal((await store.tokens.getFamily('d1'))!.revokedAt, T0 + 7);
        assert.equal((await store.tokens.getFamily('d3'))!.revokedAt, undefined);
        assert.equal((await store.tokens.getFamily('d4'))!.revokedAt, undefined);
        assert.equal((await store.tokens.getFamily('q1'))!.revokedAt, undefined);
        assert.equal(await store.tokens.revokeDevice(P, 'dev-1', T0 + 8), 0);
      });
    });

    describe('OAuth authorization codes', () => {
      const P = 'us-east-1_oauth';
      const authCode = (hash: string, more: Partial<AuthorizationCodeRecord> = {}): AuthorizationCodeRecord => ({
        codeHash: hash, poolId: P, clientId: 'c1', redirectUri: 'https://app.example/cb', usernameKey: 'alice', sub: 'sub-1',
        scopes: ['openid', 'email'], authTime: Math.floor(T0 / 1000), createdAt: T0, expiresAt: T0 + 300_000, ...more,
      });

      it('takes a code once, with everything it was bound to; absent members stay absent', async () => {
        const full = authCode('h1', { codeChallenge: 'ch', codeChallengeMethod: 'S256', nonce: 'n', deviceKey: 'us-east-1_d' });
        await store.authorizationCodes.put(full);
        await store.authorizationCodes.put(authCode('h2'));
        assert.deepEqual(await store.authorizationCodes.take('h1', T0), full);
        assert.equal(await store.authorizationCodes.take('h1', T0), undefined, 'a used code is gone');
        assert.deepEqual(await store.authorizationCodes.take('h2', T0), authCode('h2'));
        assert.equal(await store.authorizationCodes.take('missing', T0), undefined);
      });

      it('does not give out an expired code (time is the `now` argument); the sweeper deletes it', async () => {
        await store.authorizationCodes.put(authCode('old'));
        await store.authorizationCodes.put(authCode('live', { expiresAt: T0 + 300_001 }));
        assert.equal(await store.authorizationCodes.take('old', T0 + 300_000), undefined);
        assert.equal((await sweepExpired(store, T0 + 300_000)).oauthCodes, 1);
        assert.ok(await store.authorizationCodes.take('live', T0 + 300_000));
      });

      it('lets exactly one of N concurrent token requests have a code (no double redemption)', async () => {
        await store.authorizationCodes.put(authCode('once'));
        const results = await race((s) => s.authorizationCodes.take('once', T0));
        assert.equal(results.filter((r) => r !== undefined).length, 1);
      });

      it('keeps the OAuth scopes of a token family; a family without them reads without the member', async () => {
        await store.tokens.createFamily(family('o1', P, 'alice', { scopes: ['openid', 'api/read'] }));
        await store.tokens.createFamily(family('o2', P, 'alice'));
        assert.deepEqual((await store.tokens.getFamily('o1'))!.scopes, ['openid', 'api/read']);
        assert.equal('scopes' in (await store.tokens.getFamily('o2'))!, false);
      });
    });

    describe('signing keys', () => {
      const P = 'us-east-1_keys';

      it('inserts a key when absent and returns the one in force when present', async () => {
        const first = signingKey(P, 'id', 'kid-1');
        assert.deepEqual(await store.signingKeys.putIfAbsent(first), first);
        assert.deepEqual(await store.signingKeys.putIfAbsent(signingKey(P, 'id', 'kid-2')), first);
        assert.deepEqual(await store.signingKeys.get(P, 'id'), first);
        assert.equal(await store.signingKeys.get(P, 'access'), undefined);
        assert.equal(await store.signingKeys.get('us-east-1_other', 'id'), undefined);
      });

      it("lists a pool's keys", async () => {
        const id = signingKey(P, 'id', 'kid-id');
        const access = signingKey(P, 'access', 'kid-access');
        await store.signingKeys.putIfAbsent(id);
        await store.signingKeys.putIfAbsent(access);
        await store.signingKeys.putIfAbsent(signingKey('us-east-1_other', 'id', 'kid-other'));
        const listed = await store.signingKeys.list(P);
        assert.deepEqual([...listed].sort((a, b) => a.use.localeCompare(b.use)), [access, id]);
        assert.deepEqual(await store.signingKeys.list('us-east-1_none'), []);
      });

      it('gives N processes generating a key at once the same key', async () => {
        const results = await race((s, i) => s.signingKeys.putIfAbsent(signingKey(P, 'access', `kid-${i}`)));
        const kids = new Set(results.map((k) => k.kid));
        assert.equal(kids.size, 1, `all callers see one key, saw ${[...kids].join(', ')}`);
        assert.equal((await store.signingKeys.get(P, 'access'))!.kid, [...kids][0]);
      });
    });

    describe('TOTP replay marks', () => {
      const P = 'us-east-1_totp';

      it('accepts a step only if it is later than every step used before', async () => {
        assert.equal(await store.totp.claimStep(P, 'alice', 1000), true);
        assert.equal(await store.totp.claimStep(P, 'alice', 1000), false, 'the same step twice');
        assert.equal(await store.totp.claimStep(P, 'alice', 999), false, 'an earlier step');
        assert.equal(await store.totp.claimStep(P, 'alice', 1001), true);
        assert.equal(await store.totp.claimStep(P, 'alice', 1000), false);
      });

      it('a claim with releaseAttempts forgets that kind of attempts only when it takes', async () => {
        const policy = { free: 5, lockMs: 1000, maxLockMs: 60_000, forgetAfterMs: 60_000 };
        const count = async (kind: string) => (await store.attempts.get(P, 'rel', kind))?.count;
        for (const kind of ['mfa', 'password']) await store.attempts.reserve(P, 'rel', kind, 1, policy);
        assert.equal(await store.totp.claimStep(P, 'rel', 1000, 'mfa'), true);
        assert.equal(await count('mfa'), undefined, 'released with the claim');
        assert.equal(await count('password'), 1, 'other kinds stay');
        await store.attempts.reserve(P, 'rel', 'mfa', 2, policy);
        assert.equal(await store.totp.claimStep(P, 'rel', 1000, 'mfa'), false, 'a replayed step');
        assert.equal(await count('mfa'), 1, 'a refused claim releases nothing');
        assert.equal(await store.totp.claimStep(P, 'rel', 1001), true);
        assert.equal(await count('mfa'), 1, 'without releaseAttempts nothing is released');
      });

      it('keeps marks per user and per pool', async () => {
        assert.equal(await store.totp.claimStep(P, 'alice', 1000), true);
        assert.equal(await store.totp.claimStep(P, 'bob', 1000), true);
        assert.equal(await store.totp.claimStep('us-east-1_other', 'alice', 1000), true);
      });

      it('lets exactly one of N concurrent claims of a first step win (one code used on several processes)', async () => {
        const results = await race((s) => s.totp.claimStep(P, 'alice', 55_555_555));
        assert.equal(results.filter(Boolean).length, 1);
      });

      it('lets exactly one of N concurrent claims of the next step win', async () => {
        assert.equal(await store.totp.claimStep(P, 'alice', 10), true);
        const results = await race((s) => s.totp.claimStep(P, 'alice', 11));
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal(await store.totp.claimStep(P, 'alice', 11), false);
      });
    });

    describe('devices', () => {
      const P = 'us-east-1_devices';

      it('creates a device and reads it back; optional members stay absent', async () => {
        const full = device(P, 'alice', 'us-east-1_d1', {
          verifier: 'dmVyaWZpZXI=',
          salt: 'c2FsdA==',
          name: 'iPhone',
          remembered: true,
          confirmed: true,
          attributes: { 'device_status': 'valid', 'last_ip_used': '10.0.0.1' },
          lastAuthenticatedAt: T0 + 3,
        });
        await store.devices.create(full);
        assert.deepEqual(await store.devices.get(P, 'us-east-1_d1'), full);
        const bare = device(P, 'alice', 'us-east-1_d2');
        await store.devices.create(bare);
        const got = await store.devices.get(P, 'us-east-1_d2');
        assert.deepEqual(clean(got), clean(bare));
        for (const k of ['verifier', 'salt', 'name', 'lastAuthenticatedAt'] as const) assert.equal(got![k], undefined, k);
        assert.equal(got!.remembered, false);
        assert.equal(got!.confirmed, false);
        assert.equal(await store.devices.get('us-east-1_other', 'us-east-1_d1'), undefined);
      });

      it('refuses a duplicate device key', async () => {
        await store.devices.create(device(P, 'alice', 'd1'));
        await assertConflict(store.devices.create(device(P, 'bob', 'd1')));
        assert.equal((await store.devices.get(P, 'd1'))!.usernameKey, 'alice');
      });

      it('updates a device; false for a missing one or the wrong pool', async () => {
        await store.devices.create(device(P, 'alice', 'd1', { name: 'old', verifier: 'v' }));
        const next = device(P, 'alice', 'd1', { name: 'new', remembered: true, confirmed: true, updatedAt: T0 + 9, lastAuthenticatedAt: T0 + 9, attributes: { a: 'b' } });
        assert.equal(await store.devices.update(next), true);
        assert.deepEqual(clean(await store.devices.get(P, 'd1')), clean(next));
        assert.equal(await store.devices.update(device(P, 'alice', 'missing')), false);
        assert.equal(await store.devices.update({ ...next, poolId: 'us-east-1_other', name: 'hijack' }), false);
        assert.equal((await store.devices.get(P, 'd1'))!.name, 'new');
      });

      it('deletes a device; false for a missing one or the wrong pool', async () => {
        await store.devices.create(device(P, 'alice', 'd1'));
        assert.equal(await store.devices.delete('us-east-1_other', 'd1'), false);
        assert.equal(await store.devices.delete(P, 'd1'), true);
        assert.equal(await store.devices.get(P, 'd1'), undefined);
        assert.equal(await store.devices.delete(P, 'd1'), false);
      });

      it("lists one user's devices in key order, `limit` at a time, resuming after a key", async () => {
        const keys = ['us-east-1_c', 'us-east-1_A', 'us-east-1_b', 'us-east-1_0'];
        for (const k of keys) await store.devices.create(device(P, 'alice', k));
        await store.devices.create(device(P, 'bob', 'us-east-1_bob'));
        await store.devices.create(device('us-east-1_other', 'alice', 'us-east-1_other'));
        const sorted = byteSorted(keys);
        const list = async (limit: number, after?: string) => (await store.devices.listForUser(P, 'alice', limit, after)).map((d) => d.deviceKey);
        assert.deepEqual(await list(10), sorted);
        assert.deepEqual(await list(3), sorted.slice(0, 3));
        assert.deepEqual(await list(3, sorted[2]), sorted.slice(3));
        assert.deepEqual(await store.devices.listForUser(P, 'nobody', 10), []);
      });
    });

    describe('outbox', () => {
      const P = 'us-east-1_outbox';

      it('adds messages with increasing ids and lists them newest first', async () => {
        const ids: number[] = [];
        for (let i = 0; i < 3; i++) ids.push(await store.outbox.add(message(P, 'alice', 'EMAIL', { body: `m${i}`, createdAt: T0 + i })));
        assert.ok(ids.every((id) => typeof id === 'number' && Number.isInteger(id)), `ids are integers: ${ids.join(', ')}`);
        assert.ok(ids[0]! < ids[1]! && ids[1]! < ids[2]!, `ids increase: ${ids.join(', ')}`);
        const listed = await store.outbox.list({ limit: 10 });
        assert.deepEqual(listed.map((m) => m.body), ['m2', 'm1', 'm0']);
        assert.deepEqual(listed.map((m) => m.id), [...ids].reverse());
      });

      it('keeps every member, and absent subject and code stay absent', async () => {
        const full = message(P, 'alice', 'EMAIL', { subject: 'Your code', code: '123456', destination: 'a@example.com', purpose: 'signup' });
        const id = await store.outbox.add(full);
        const sms = message(P, 'alice', 'SMS', { destination: '+15550100', purpose: 'mfa' });
        const smsId = await store.outbox.add(sms);
        const [gotSms, gotFull] = await store.outbox.list({ limit: 10 });
        assert.deepEqual(gotFull, { ...full, id });
        assert.deepEqual(clean(gotSms), clean({ ...sms, id: smsId }));
        assert.equal(gotSms!.subject, undefined);
        assert.equal(gotSms!.code, undefined);
      });

      it('filters by pool, username and channel, combined, and honours the limit', async () => {
        const Q = 'us-east-1_other';
        await store.outbox.add(message(P, 'alice', 'EMAIL', { body: '1' }));
        await store.outbox.add(message(P, 'alice', 'SMS', { body: '2' }));
        await store.outbox.add(message(P, 'bob', 'EMAIL', { body: '3' }));
        await store.outbox.add(message(Q, 'alice', 'EMAIL', { body: '4' }));
        await store.outbox.add(message(P, 'alice', 'EMAIL', { body: '5' }));
        const bodies = async (q: Parameters<Store['outbox']['list']>[0]) => (await store.outbox.list(q)).map((m) => m.body);
        assert.deepEqual(await bodies({ limit: 10 }), ['5', '4', '3', '2', '1']);
        assert.deepEqual(await bodies({ limit: 10, poolId: P }), ['5', '3', '2', '1']);
        assert.deepEqual(await bodies({ limit: 10, username: 'alice' }), ['5', '4', '2', '1']);
        assert.deepEqual(await bodies({ limit: 10, channel: 'SMS' }), ['2']);
        assert.deepEqual(await bodies({ limit: 10, poolId: P, username: 'alice', channel: 'EMAIL' }), ['5', '1']);
        assert.deepEqual(await bodies({ limit: 2, poolId: P }), ['5', '3']);
        assert.deepEqual(await bodies({ limit: 10, poolId: 'us-east-1_none' }), []);
      });

      it('never lists a decoy delivery (purpose `decoy`), whatever the filter; the sweeper removes it with the rest', async () => {
        const D = 'us-east-1_decoys';
        await store.outbox.add(message(D, 'ghost', 'EMAIL', { body: 'real', createdAt: T0 }));
        await store.outbox.add(message(D, 'ghost', 'EMAIL', { body: 'decoy', purpose: DECOY_PURPOSE, createdAt: T0 + 1 }));
        for (const q of [{ limit: 10, poolId: D }, { limit: 10, poolId: D, username: 'ghost' }, { limit: 10, poolId: D, channel: 'EMAIL' as const }]) {
          assert.deepEqual((await store.outbox.list(q)).map((m) => m.body), ['real'], JSON.stringify(q));
        }
        assert.ok((await store.outbox.deleteOlderThan(T0 + 1, 1000)) >= 2, 'both rows are swept');
      });
    });

    describe('key/value records', () => {
      it('puts, overwrites and gets a value', async () => {
        await store.kv.put('webauthn', 'cred-1', { publicKey: 'pk', counter: 1, nested: { a: [1, 'two'] } });
        assert.deepEqual(await store.kv.get('webauthn', 'cred-1', T0), { publicKey: 'pk', counter: 1, nested: { a: [1, 'two'] } });
        await store.kv.put('webauthn', 'cred-1', { counter: 2 });
        assert.deepEqual(await store.kv.get('webauthn', 'cred-1', T0), { counter: 2 });
        assert.equal(await store.kv.get('webauthn', 'missing', T0), undefined);
        assert.equal(await store.kv.get('other-namespace', 'cred-1', T0), undefined);
      });

      it('hides a value at and after its expiry (time is the `now` argument); no expiry means forever', async () => {
        await store.kv.put('challenge', 'c1', { v: 1 }, T0 + 100);
        await store.kv.put('challenge', 'forever', { v: 2 });
        assert.deepEqual(await store.kv.get('challenge', 'c1', T0 + 99), { v: 1 });
        assert.equal(await store.kv.get('challenge', 'c1', T0 + 100), undefined);
        assert.equal(await store.kv.take('challenge', 'c1', T0 + 100), undefined);
        assert.deepEqual(await store.kv.get('challenge', 'forever', Number.MAX_SAFE_INTEGER), { v: 2 });
        await store.kv.put('challenge', 'c1', { v: 3 }, T0 + 500);
        assert.deepEqual(await store.kv.get('challenge', 'c1', T0 + 200), { v: 3 }, 'a put over an expired value starts afresh');
        await store.kv.put('challenge', 'c1', { v: 4 });
        assert.deepEqual(await store.kv.get('challenge', 'c1', T0 + 10_000), { v: 4 }, 'a put without expiry clears the old expiry');
      });

      it('takes a value once', async () => {
        await store.kv.put('challenge', 'c1', { v: 1 }, T0 + 100);
        assert.deepEqual(await store.kv.take('challenge', 'c1', T0), { v: 1 });
        assert.equal(await store.kv.take('challenge', 'c1', T0), undefined);
        assert.equal(await store.kv.get('challenge', 'c1', T0), undefined);
        assert.equal(await store.kv.take('challenge', 'missing', T0), undefined);
      });

      it('lets exactly one of N concurrent takers have the value', async () => {
        await store.kv.put('challenge', 'c1', { v: 'once' });
        const results = await race((s) => s.kv.take('challenge', 'c1', T0));
        assert.equal(results.filter((r) => r !== undefined).length, 1);
        assert.deepEqual(results.find((r) => r !== undefined), { v: 'once' });
      });

      it('deletes a value; false when there was none', async () => {
        await store.kv.put('ns', 'k', { v: 1 });
        assert.equal(await store.kv.delete('other', 'k'), false);
        assert.equal(await store.kv.delete('ns', 'k'), true);
        assert.equal(await store.kv.get('ns', 'k', T0), undefined);
        assert.equal(await store.kv.delete('ns', 'k'), false);
      });

      it('lists a namespace by key prefix in key order, taking % and _ literally, up to the limit', async () => {
        for (const k of ['user:b:2', 'user:b:1', 'user:a:1', 'user:bb:1', 'userXb:1', 'user_b:1', 'other']) await store.kv.put('ns', k, { k });
        await store.kv.put('ns2', 'user:b:0', { k: 'elsewhere' });
        const listed = await store.kv.list('ns', 'user:b:', 10);
        assert.deepEqual(listed, [
          { key: 'user:b:1', value: { k: 'user:b:1' } },
          { key: 'user:b:2', value: { k: 'user:b:2' } },
        ]);
        assert.deepEqual((await store.kv.list('ns', 'user:', 2)).map((e) => e.key), ['user:a:1', 'user:b:1']);
        assert.deepEqual((await store.kv.list('ns', 'user_', 10)).map((e) => e.key), ['user_b:1']);
        assert.deepEqual((await store.kv.list('ns', '%', 10)).map((e) => e.key), []);
        assert.equal((await store.kv.list('ns', '', 100)).length, 7);
      });
    });

    describeGroupsContract(() => ({ store, other }));
    describeAuthEventsContract(() => ({ store, other }));
    describeDomainsContract(() => ({ store, other }));
    describeBrandingContract(() => ({ store, other }));
    describeQuotasContract(() => ({ store, other }));
    describeIdentityProvidersContract(() => ({ store, other }));

    describe('expiry (what the sweeper deletes)', () => {
      const P = 'us-east-1_expiry';
      const DAY = 86_400_000;

      it('deletes expired codes, kv records and old outbox messages (time <= before), at most `limit`, and nothing live', async () => {
        await store.codes.put(code(P, 'old', 'signup', 'h', { expiresAt: T0 }));
        await store.codes.put(code(P, 'edge', 'signup', 'h', { expiresAt: T0 + 1 }));
        await store.codes.put(code(P, 'live', 'signup', 'h', { expiresAt: T0 + 2 }));
        assert.equal(await store.codes.deleteExpired(T0 + 1, 1), 1, 'at most `limit`');
        assert.equal(await store.codes.deleteExpired(T0 + 1, 100), 1);
        assert.equal(await store.codes.get(P, 'old', 'signup'), undefined);
        assert.equal(await store.codes.get(P, 'edge', 'signup'), undefined);
        assert.ok(await store.codes.get(P, 'live', 'signup'));

        await store.kv.put('ns', 'old', { v: 1 }, T0);
        await store.kv.put('ns', 'live', { v: 2 }, T0 + 2);
        await store.kv.put('ns', 'forever', { v: 3 });
        assert.equal(await store.kv.deleteExpired(T0 + 1, 100), 1);
        assert.deepEqual((await store.kv.list('ns', '', 10)).map((e) => e.key), ['forever', 'live']);

        const first = await store.outbox.add(message(P, 'alice', 'EMAIL', { createdAt: T0 }));
        await store.outbox.add(message(P, 'alice', 'EMAIL', { createdAt: T0 + 1 }));
        const kept = await store.outbox.add(message(P, 'alice', 'EMAIL', { createdAt: T0 + 2 }));
        assert.equal(await store.outbox.deleteOlderThan(T0 + 1, 100), 2);
        assert.deepEqual((await store.outbox.list({ poolId: P, limit: 10 })).map((m) => m.id), [kept]);
        assert.ok(first < kept);
      });

      it('deletes token families whose refresh token expired or that were revoked at or before `before`, and no live one', async () => {
        await store.tokens.createFamily(family('expired', P, 'a', { refreshExpiresAt: T0 }));
        await store.tokens.createFamily(family('revoked', P, 'a'));
        await store.tokens.createFamily(family('revoked-late', P, 'a'));
        await store.tokens.createFamily(family('live', P, 'a', { refreshExpiresAt: T0 + 30 * DAY }));
        await store.tokens.revokeFamily('revoked', T0);
        await store.tokens.revokeFamily('revoked-late', T0 + 2);
        assert.equal(await store.tokens.deleteEnded(T0 + 1, 100), 2);
        assert.equal(await store.tokens.getFamily('expired'), undefined);
        assert.equal(await store.tokens.getFamily('revoked'), undefined);
        assert.ok(await store.tokens.getFamily('revoked-late'));
        assert.ok(await store.tokens.getFamily('live'));
      });

      it('sweeps every kind past its retention and keeps what is live, a revoked family while its access tokens may live', async () => {
        await store.users.create(user(P, 'alice'), []);
        const now = T0 + 40 * DAY;
        // Gone after the sweep:
        await store.sessions.create(session('s-old', P, 'alice', { expiresAt: now - SWEEP.sessionGraceMs }));
        await store.codes.put(code(P, 'alice', 'signup', 'h', { expiresAt: now }));
        await store.tokens.createFamily(family('f-expired', P, 'alice', { refreshExpiresAt: now - SWEEP.familyRetentionMs }));
        await store.tokens.createFamily(family('f-revoked-long-ago', P, 'alice', { refreshExpiresAt: now + DAY }));
        await store.tokens.revokeFamily('f-revoked-long-ago', now - SWEEP.familyRetentionMs);
        await store.outbox.add(message(P, 'alice', 'EMAIL', { createdAt: now - SWEEP.outboxRetentionMs }));
        await store.kv.put('ns', 'k-old', { v: 1 }, now);
        const attempts = { free: 1, lockMs: 1000, maxLockMs: 1000, forgetAfterMs: 1000 };
        await store.attempts.reserve(P, 'idle', 'password', now - SWEEP.attemptRetentionMs, attempts);
        // Kept:
        await store.sessions.create(session('s-recently-expired', P, 'alice', { expiresAt: now - SWEEP.sessionGraceMs + 1 }));
        await store.codes.put(code(P, 'alice', 'forgot-password', 'h', { expiresAt: now + 1 }));
        await store.tokens.createFamily(family('f-live', P, 'alice', { refreshExpiresAt: now + DAY }));
        await store.tokens.createFamily(family('f-revoked-today', P, 'alice', { refreshExpiresAt: now + DAY }));
        await store.tokens.revokeFamily('f-revoked-today', now - SWEEP.familyRetentionMs + 1);
        const keptMessage = await store.outbox.add(message(P, 'alice', 'EMAIL', { createdAt: now - SWEEP.outboxRetentionMs + 1 }));
        await store.kv.put('ns', 'k-live', { v: 2 }, now + 1);
        await store.attempts.reserve(P, 'recent', 'password', now - SWEEP.attemptRetentionMs + 1, attempts);

        assert.deepEqual(await sweepExpired(store, now), { sessions: 1, codes: 1, tokenFamilies: 2, outbox: 1, kv: 1, attempts: 1, oauthCodes: 0 });

        assert.equal(await store.sessions.get('s-old'), undefined);
        assert.ok(await store.sessions.get('s-recently-expired'));
        assert.equal(await store.codes.get(P, 'alice', 'signup'), undefined);
        assert.ok(await store.codes.get(P, 'alice', 'forgot-password'));
        assert.equal(await store.tokens.getFamily('f-expired'), undefined);
        assert.equal(await store.tokens.getFamily('f-revoked-long-ago'), undefined);
        assert.ok(await store.tokens.getFamily('f-live'));
        assert.equal((await store.users.getForAccessToken(P, 'alice', 'f-revoked-today')).family, 'revoked', 'still revoked, not absent');
        assert.deepEqual((await store.outbox.list({ poolId: P, limit: 10 })).map((m) => m.id), [keptMessage]);
        assert.deepEqual((await store.kv.list('ns', '', 10)).map((e) => e.key), ['k-live']);
        assert.equal(await store.attempts.get(P, 'idle', 'password'), undefined);
        assert.ok(await store.attempts.get(P, 'recent', 'password'));
        assert.ok(await store.users.get(P, 'alice'), 'users are never swept');
      });

      it('works in bounded batches, and N sweepers on several connections at once delete each row once, without errors', async () => {
        for (let i = 0; i < 60; i++) await store.sessions.create(session(`s${String(i).padStart(2, '0')}`, P, 'a', { expiresAt: T0 }));
        await store.sessions.create(session('live', P, 'a', { expiresAt: T0 + 10 * SWEEP.sessionGraceMs }));
        const policy = { ...SWEEP, batch: 7, maxBatches: 3 };
        assert.equal((await sweepExpired(store, T0 + SWEEP.sessionGraceMs, policy)).sessions, 21, 'one run deletes at most batch × maxBatches');
        const results = await race((s) => sweepExpired(s, T0 + SWEEP.sessionGraceMs, policy));
        assert.equal(results.reduce((n, r) => n + r.sessions, 0), 39, 'the rest, each row once');
        assert.equal(await store.sessions.deleteExpired(T0 + SWEEP.sessionGraceMs, 100), 0);
        assert.ok(await store.sessions.get('live'));
      });
    });

    describe('read/write classification (store/access.ts)', () => {
      it('classifies every method of every repository as a read or a write, and lists no method the store lacks', () => {
        const unclassified: string[] = [];
        const repositories = Object.entries(store).filter(([, v]) => typeof v === 'object' && v !== null);
        for (const [name, repo] of repositories) {
          for (const [method, fn] of Object.entries(repo as Record<string, unknown>)) {
            if (typeof fn === 'function' && methodAccess(name, method) === undefined) unclassified.push(`${name}.${method}`);
          }
        }
        assert.deepEqual(unclassified, [], 'methods in neither the read nor the write list');
        const missing = Object.entries(STORE_METHOD_ACCESS).flatMap(([name, methods]) =>
          Object.keys(methods).filter((m) => typeof (store as unknown as Record<string, Record<string, unknown> | undefined>)[name]?.[m] !== 'function').map((m) => `${name}.${m}`),
        );
        assert.deepEqual(missing, [], 'classified methods the store does not have');
      });
    });

    describe('reset', () => {
      it('wipes all state, and the store works afterwards', async () => {
        const P = 'us-east-1_reset';
        await store.pools.create(pool(P));
        await store.clients.create(client(P, 'c1'));
        await store.users.create(user(P, 'alice'), [{ kind: 'email', valueKey: 'alice@example.com' }]);
        await store.sessions.create(session('s1', P, 'alice'));
        await store.codes.put(code(P, 'alice', 'signup', 'h'));
        await store.tokens.createFamily(family('jti-1', P, 'alice'));
        await store.signingKeys.putIfAbsent(signingKey(P, 'id', 'kid'));
        await store.totp.claimStep(P, 'alice', 100);
        await store.devices.create(device(P, 'alice', 'd1'));
        await store.outbox.add(message(P, 'alice', 'EMAIL'));
        await store.kv.put('ns', 'k', { v: 1 });

        await other.reset();

        assert.deepEqual(await store.pools.list(10), []);
        assert.equal(await store.clients.find('c1'), undefined);
        assert.equal(await store.users.get(P, 'alice'), undefined);
        assert.equal(await store.users.findByAlias(P, 'email', 'alice@example.com'), undefined);
        assert.equal(await store.sessions.get('s1'), undefined);
        assert.equal(await store.codes.get(P, 'alice', 'signup'), undefined);
        assert.equal(await store.tokens.getFamily('jti-1'), undefined);
        assert.deepEqual(await store.signingKeys.list(P), []);
        assert.equal(await store.totp.claimStep(P, 'alice', 100), true);
        assert.equal(await store.devices.get(P, 'd1'), undefined);
        assert.deepEqual(await store.outbox.list({ limit: 10 }), []);
        assert.equal(await store.kv.get('ns', 'k', T0), undefined);

        await store.pools.create(pool(P));
        await store.users.create(user(P, 'alice'), [{ kind: 'email', valueKey: 'alice@example.com' }]);
        assert.ok(await store.users.findByAlias(P, 'email', 'alice@example.com'));
      });
    });

    runLimitsContract(() => ({ store, other }));
  });
}

/** Concurrent callers in every race test; more than a small connection pool so that callers really queue. */
const RACERS = 16;
/** An epoch-milliseconds time beyond 32 bits, so that adapters must keep 64-bit integers as numbers. */
const T0 = 1_700_000_000_000;

async function assertConflict(promise: Promise<unknown>, what?: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof StoreConflictError, `expected StoreConflictError, got ${String(e)}`);
    if (what !== undefined) assert.equal(e.what, what);
    return true;
  });
}

/** Keys compare as bytes (code points), the same on every adapter, whatever the database's locale. */
function byteSorted(values: string[]): string[] {
  return [...values].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Optional members may come back as absent or as undefined; compare records without them. */
function clean<T extends object>(record: T | undefined): Partial<T> | undefined {
  return record && (Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>);
}

function pool(id: string, over: Partial<PoolRecord> = {}): PoolRecord {
  return { id, name: `pool ${id}`, createdAt: T0, updatedAt: T0, config: { MfaConfiguration: 'OFF' }, ...over };
}

function client(poolId: string, clientId: string, over: Partial<ClientRecord> = {}): ClientRecord {
  return { poolId, clientId, clientName: `client ${clientId}`, createdAt: T0, updatedAt: T0, config: {}, ...over };
}

function user(poolId: string, usernameKey: string, over: Partial<UserRecord> = {}): UserRecord {
  return {
    poolId,
    username: usernameKey,
    usernameKey,
    sub: `sub-of-${usernameKey}`,
    status: 'CONFIRMED',
    enabled: true,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    attributes: {},
    data: {},
    ...over,
  };
}

function session(idHash: string, poolId: string, usernameKey: string, over: Partial<ChallengeSessionRecord> = {}): ChallengeSessionRecord {
  return {
    idHash,
    poolId,
    clientId: 'client',
    usernameKey,
    challenge: 'SOFTWARE_TOKEN_MFA',
    data: {},
    createdAt: T0,
    expiresAt: T0 + 180_000,
    failures: 0,
    ...over,
  };
}

function code(poolId: string, usernameKey: string, purpose: string, codeHash: string, over: Partial<CodeRecord> = {}): CodeRecord {
  return { poolId, usernameKey, purpose, codeHash, createdAt: T0, expiresAt: T0 + 86_400_000, failures: 0, ...over };
}

function family(originJti: string, poolId: string, usernameKey: string, over: Partial<TokenFamilyRecord> = {}): TokenFamilyRecord {
  return {
    originJti,
    poolId,
    clientId: 'client',
    usernameKey,
    sub: `sub-of-${usernameKey}`,
    authTime: T0,
    refreshHash: `refresh-of-${originJti}`,
    createdAt: T0,
    refreshExpiresAt: T0 + 30 * 86_400_000,
    ...over,
  };
}

function signingKey(poolId: string, use: 'id' | 'access', kid: string): SigningKeyRecord {
  return { poolId, use, kid, privateKeySealed: `sealed:${kid}`, publicJwk: { kty: 'RSA', kid, n: 'AQAB-n', e: 'AQAB', alg: 'RS256', use: 'sig' }, createdAt: T0 };
}

function device(poolId: string, usernameKey: string, deviceKey: string, over: Partial<DeviceRecord> = {}): DeviceRecord {
  return { poolId, usernameKey, deviceKey, groupKey: 'group', remembered: false, confirmed: false, attributes: {}, createdAt: T0, updatedAt: T0, ...over };
}

function message(poolId: string, username: string, channel: 'SMS' | 'EMAIL', over: Partial<OutboxMessage> = {}): OutboxMessage {
  return { poolId, username, channel, destination: channel === 'SMS' ? '+15550100' : `${username}@example.com`, body: 'hello', purpose: 'signup', createdAt: T0, ...over };
}
