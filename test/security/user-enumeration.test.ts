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
 * The timing tests interleave known and unknown requests (so load on the machine hits both alike), compare the means
 * of the middle halves (within 30 %) and run a rank test: the probability that a known-user request is slower than an
 * unknown-user one must stay near one half (0.3-0.7), where the old code gave ~1.0 (or ~0.0).
 */
const USERS = 50;
const ROUNDS = 4; // 4 attempts per name: below the lockout, so every request is a full attempt
const WARMUP = 20;

/**
 * The mean of the middle half of the samples: like the median it ignores the outliers a loaded machine produces, and
 * unlike it does not jump between the modes of a two-humped distribution (a write may wait one event-loop turn more).
 */
function middleMean(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.slice(Math.floor(s.length / 4), Math.ceil((3 * s.length) / 4));
  return mid.reduce((a, b) => a + b, 0) / mid.length;
}

/** P(a random known sample is slower than a random unknown one), ties counting one half (Mann-Whitney U / n·m). */
function slowerProbability(known: number[], unknown: number[]): number {
  let u = 0;
  for (const k of known) for (const x of unknown) u += k > x ? 1 : k === x ? 0.5 : 0;
  return u / (known.length * unknown.length);
}

function assertAlike(what: string, known: number[], unknown: number[]): void {
  const mk = middleMean(known);
  const mu = middleMean(unknown);
  const p = slowerProbability(known, unknown);
  const summary = `${what}: middle-half mean known ${mk.toFixed(3)} ms, unknown ${mu.toFixed(3)} ms, P(known slower) ${p.toFixed(2)}`;
  assert.ok(Math.abs(mk - mu) / Math.min(mk, mu) <= 0.3, summary);
  assert.ok(p >= 0.3 && p <= 0.7, summary);
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
  async function measure(
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

  it('timing of a wrong password (USER_PASSWORD_AUTH): unknown names take as long as known users', async () => {
    const t = await measure(
      (name) => call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, PASSWORD: 'Wr0ng-Passw0rd!' } }),
      (r) => assert.deepEqual([r.status, r.json.__type, r.json.message], [400, 'NotAuthorizedException', 'Incorrect username or password.']),
      { known, unknown },
    );
    assertAlike('USER_PASSWORD_AUTH', t.known, t.unknown);
  });

  it('timing of USER_SRP_AUTH: the decoy challenge takes as long as a real one', async () => {
    const { srpA } = await srpClient(s, poolId);
    const t = await measure(
      (name) => call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: name, SRP_A: srpA } }),
      (r) => assert.equal(r.json.ChallengeName, 'PASSWORD_VERIFIER'),
      { known, unknown },
    );
    assertAlike('USER_SRP_AUTH', t.known, t.unknown);
  });

  it('timing of ForgotPassword: the decoy answer takes as long as a real one', async () => {
    const t = await measure(
      (name) => call('ForgotPassword', { ClientId: clientId, Username: name }),
      (r) => assert.equal(r.json.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL', JSON.stringify(r.json)),
      // Other names than the sign-in tests' (those counted attempts, not code requests, but keep them apart).
      { known, unknown: unknown.map((n) => `${n}-fp`) },
    );
    assertAlike('ForgotPassword', t.known, t.unknown);
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
