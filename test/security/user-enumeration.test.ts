import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, newClient, newPool, srpClient } from '../auth/helpers.js';

/**
 * Attack: user enumeration through timing and decoy answers, with PreventUserExistenceErrors. Before, an unknown user
 * name was answered without the work a real one costs (password sign-in 1.1 ms against 2.75 ms: no modPow; the SRP
 * decoy made an extra modPow; ForgotPassword wrote nothing), and every decoy ForgotPassword answered the same
 * `x***@e***.com`. Now unknown names cost what known ones cost (decoys.ts) and get a destination derived from the name.
 *
 * The timing tests interleave known and unknown requests one after the other, so load on the machine hits both alike,
 * and judge two statistics that a busy 2-core machine does not move: the lower quartiles (what a request costs when
 * nothing else runs: load only ever adds time) must be within 20 % of each other (the old ForgotPassword decoy, which
 * wrote nothing, was 30-40 % cheaper), and over the back-to-back pairs the share where the known user's request was
 * the slower must stay near one half (0.3-0.7), where the old code gave 0.75-0.9 (or 0.15-0.25 for SRP). A measurement that fails is taken again (at most three times, with the lockout and code-request
 * windows run out on the manual clock in between): a real difference fails every time, a burst of load does not.
 */
const USERS = 50;
const ROUNDS = 4; // 4 attempts per name: below the lockout, so every request is a full attempt
const WARMUP = 20;
const TRIES = 3;
const HOUR = 60 * 60 * 1000;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** The share of back-to-back pairs (known[i], unknown[i]) where the known user's request took longer, ties half. */
function pairedSlowerShare(known: number[], unknown: number[]): number {
  let u = 0;
  known.forEach((k, i) => (u += k > unknown[i]! ? 1 : k === unknown[i]! ? 0.5 : 0));
  return u / known.length;
}

/** Undefined when the two look alike, else why not. */
function difference(what: string, known: number[], unknown: number[]): string | undefined {
  const qk = quantile(known, 0.25);
  const qu = quantile(unknown, 0.25);
  const p = pairedSlowerShare(known, unknown);
  const summary = `${what}: lower quartile known ${qk.toFixed(3)} ms, unknown ${qu.toFixed(3)} ms (medians ${quantile(known, 0.5).toFixed(3)}, ${quantile(unknown, 0.5).toFixed(3)}), known slower in ${(p * 100).toFixed(0)} % of pairs`;
  return Math.abs(qk - qu) / Math.min(qk, qu) <= 0.2 && p >= 0.3 && p <= 0.7 ? undefined : summary;
}

async function timed(call: () => Promise<{ status: number; json: any }>, expect: (r: { status: number; json: any }) => void): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await call();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  expect(r);
  return ms;
}

describe('security: with PreventUserExistenceErrors, unknown users cost and look like known ones', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  const known = Array.from({ length: USERS }, (_, i) => `known${i}`);
  const unknown = Array.from({ length: USERS }, (_, i) => `nobody${i}`);
  before(async () => {
    s = await startTestServer();
    poolId = await newPool(s);
    ({ clientId } = await newClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' }));
    for (const name of known) await addUser(s, poolId, name, undefined, { attributes: { email: `${name}@example.org`, email_verified: 'true' } });
  });
  after(async () => s.stop());

  const call = (target: string, body: unknown) => rawCall(s.url, target, JSON.stringify(body));

  /** Interleaved: known, unknown, known, unknown …; a warm-up first. */
  async function measureOnce(
    request: (name: string) => Promise<{ status: number; json: any }>,
    expect: (r: { status: number; json: any }) => void,
    names: { known: string[]; unknown: string[] },
  ): Promise<{ known: number[]; unknown: number[] }> {
    for (let i = 0; i < WARMUP; i++) await request(`warmup${i}`);
    const out = { known: [] as number[], unknown: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < USERS; i++) {
        out.known.push(await timed(() => request(names.known[i]!), expect));
        out.unknown.push(await timed(() => request(names.unknown[i]!), expect));
      }
    }
    return out;
  }

  /** Measures until the two look alike, at most TRIES times; fails with every measurement's summary. */
  async function assertAlike(what: string, measure: () => Promise<{ known: number[]; unknown: number[] }>): Promise<void> {
    const seen: string[] = [];
    for (let i = 0; i < TRIES; i++) {
      if (i > 0) s.clock.advance(2 * HOUR); // the lockout and the code-request limit forget the last try's requests
      const t = await measure();
      const why = difference(what, t.known, t.unknown);
      if (why === undefined) return;
      seen.push(why);
    }
    assert.fail(seen.join('\n'));
  }

  it('timing of a wrong password (USER_PASSWORD_AUTH): unknown names take as long as known users', async () => {
    await assertAlike('USER_PASSWORD_AUTH', () =>
      measureOnce(
        (name) => call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, PASSWORD: 'Wr0ng-Passw0rd!' } }),
        (r) => assert.deepEqual([r.status, r.json.__type, r.json.message], [400, 'NotAuthorizedException', 'Incorrect username or password.']),
        { known, unknown },
      ),
    );
  });

  it('timing of USER_SRP_AUTH: the decoy challenge takes as long as a real one', async () => {
    const { srpA } = await srpClient(s, poolId);
    await assertAlike('USER_SRP_AUTH', () =>
      measureOnce(
        (name) => call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, SRP_A: srpA } }),
        (r) => assert.equal(r.json.ChallengeName, 'PASSWORD_VERIFIER'),
        { known, unknown },
      ),
    );
  });

  it('timing of ForgotPassword: the decoy answer takes as long as a real one', async () => {
    await assertAlike('ForgotPassword', () =>
      measureOnce(
        (name) => call('ForgotPassword', { ClientId: clientId, Username: name }),
        (r) => assert.equal(r.json.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL', JSON.stringify(r.json)),
        // Other names than the sign-in tests' (those counted attempts, not code requests, but keep them apart).
        { known, unknown: unknown.map((n) => `${n}-fp`) },
      ),
    );
  });

  it('the decoy ForgotPassword destination is derived from the name: stable per name, different across names, masked like a real one', async () => {
    const forgot = async (name: string) => (await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: name }))).CodeDeliveryDetails!;
    const names = Array.from({ length: 12 }, (_, i) => `ghost${i}`);
    const first = await Promise.all(names.map(forgot));
    const again = await Promise.all(names.map(forgot));
    assert.deepEqual(again, first, 'the same name gets the same answer');
    assert.ok(new Set(first.map((d) => d.Destination)).size > 3, `decoy destinations vary: ${first.map((d) => d.Destination).join(' ')}`);
    const real = await forgot('known0');
    for (const d of first) {
      assert.equal(d.DeliveryMedium, real.DeliveryMedium);
      assert.equal(d.AttributeName, real.AttributeName);
      // The real mask's shape, whatever it is: one character, ***@, one character, ***, then what the real one has.
      const shape = (m: string) => m.replace(/^[^*]\*\*\*@[^*]\*\*\*/, '_***@_***').replace(/\.[a-z]+$/, '.tld');
      assert.equal(shape(d.Destination!), shape(real.Destination!));
    }
  });
});
