import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer } from '../helpers/server.js';
import { createClient, createPool, srpClient } from '../helpers/fixtures.js';
import { SWEEP } from '../../src/domain/maintenance/sweeper.js';

const DECOYS = 5000;
const CONCURRENCY = 16;
const SWEPT_TABLES = ['challenge_sessions', 'codes', 'token_families', 'outbox', 'kv'];

// Attack: unauthenticated sign-ins for names nobody has. With PreventUserExistenceErrors each one answers a decoy
// PASSWORD_VERIFIER challenge and stores its challenge session; nothing ever deleted them, so 5,000 such requests
// left ~6 MB behind for good and a steady trickle filled the disk. The expiry sweeper must take them all away.
describe('security: unbounded growth from unauthenticated decoy requests (issue 13 item 6)', () => {
  it(`leaves no rows and no used pages behind ${DECOYS.toLocaleString('en-US')} decoy SRP sign-ins once they expired and the sweeper ran`, async () => {
    const s = await startTestServer();
    const db = new Database(join(s.dataDir, 'cognate.db'), { readonly: true });
    try {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' });
      const { srpA } = await srpClient(s, poolId);
      const rows = () => Object.fromEntries(SWEPT_TABLES.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
      const pagesInUse = () => (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number);
      const before = { rows: rows(), pages: pagesInUse() };

      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < DECOYS) {
            const i = next++;
            const r = await s.client.send(
              new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: `nobody-${i}`, SRP_A: srpA } }),
            );
            assert.equal(r.ChallengeName, 'PASSWORD_VERIFIER');
          }
        }),
      );
      const grown = { rows: rows(), pages: pagesInUse() };
      assert.equal(grown.rows.challenge_sessions, before.rows.challenge_sessions! + DECOYS, 'every decoy stored a session (what the sweeper must remove)');
      assert.ok(grown.pages > before.pages + 100, `the decoys took pages (${before.pages} -> ${grown.pages})`);

      // Nothing expired yet: a sweep now keeps every session.
      assert.equal((await s.sweeper.runOnce()).sessions, 0);
      // Sessions live at most 15 minutes; the sweeper keeps them an hour longer for the "session is expired" answer.
      s.clock.advance(15 * 60_000 + SWEEP.sessionGraceMs + 1);
      const swept = await s.sweeper.runOnce();
      assert.equal(swept.sessions, DECOYS);

      assert.deepEqual(rows(), before.rows, 'no row left behind');
      const after = pagesInUse();
      assert.ok(after <= before.pages + 4, `pages in use back to where they were: ${before.pages} before, ${grown.pages} with the decoys, ${after} after the sweep`);
    } finally {
      db.close();
      await s.stop();
    }
  });

  it('sweeps on its own timer, off the request path', async () => {
    const s = await startTestServer({ sweepEveryMs: 20 });
    try {
      const now = s.clock.now();
      await s.store.sessions.create({
        idHash: 'expired-session', poolId: 'us-east-1_x', clientId: 'c', usernameKey: 'u', challenge: 'PASSWORD_VERIFIER', data: {},
        createdAt: now, expiresAt: now + 180_000, failures: 0,
      });
      s.clock.advance(180_000 + SWEEP.sessionGraceMs);
      const deadline = Date.now() + 10_000;
      while ((await s.store.sessions.get('expired-session')) !== undefined) {
        assert.ok(Date.now() < deadline, 'the timer did not sweep the expired session within 10 s');
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await s.stop();
    }
  });
});
