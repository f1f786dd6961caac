import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateGroupCommand, GetSigningCertificateCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool, signIn } from '../helpers/users.js';
import { rawRequest, seededRandom, type RawResponse } from './helpers.js';
import { Generator, operations, type Fixtures } from './fuzz-generator.js';

/**
 * Attack: whatever a client can put on the wire. A fixed number of generated requests (a seeded PRNG: the same run
 * every time, and a failure prints the seed and request to replay) over EVERY operation of the model — inputs built
 * from the operation's shapes (valid-ish, boundary lengths and values, wrong JSON types, huge strings), bad JSON,
 * bad targets and content types, with and without (and with broken) SigV4 — must never get a 5xx, an answer that
 * is not Cognito-shaped (errors: JSON with `__type` and `message`), or take over a second.
 */
const SEED = Number(process.env.COGNATE_FUZZ_SEED ?? 20261203);
const REQUESTS = Number(process.env.COGNATE_FUZZ_REQUESTS ?? 20_000);
/** Requests in flight at once: client and server share one event loop, so each waits for the others' work. */
const CONCURRENCY = 4;
const SLOW_MS = 1000;
const MAX_CPU_SECONDS = 45;

/** What is wrong with an answer, if anything. */
function problem(r: RawResponse): string | undefined {
  if (r.status >= 500) return `HTTP ${r.status}`;
  if (r.ms > SLOW_MS) return `slow: ${r.ms.toFixed(0)} ms`;
  if (r.status >= 400) {
    if (!r.json || typeof r.json.__type !== 'string' || typeof r.json.message !== 'string') return `not Cognito-shaped: ${r.status} ${r.text.slice(0, 200)}`;
    return undefined;
  }
  if (r.status !== 200) return `unexpected status ${r.status}`;
  if (r.json === undefined || typeof r.json !== 'object' || r.json === null) return `200 without a JSON object: ${r.text.slice(0, 200)}`;
  return undefined;
}

describe('fuzzing every operation', () => {
  let s: TestServer;
  let live: Fixtures;
  let expendable: Fixtures;
  before(async () => {
    s = await startTestServer();
    const fixtures = async (username: string): Promise<Fixtures> => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      await createConfirmedUser(s, poolId, username);
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'team' }));
      return { poolId, clientId, username, accessToken: await signIn(s, poolId, clientId, username), groupName: 'team' };
    };
    live = await fixtures('alice');
    expendable = await fixtures('victim');
    // The pool's SAML signing certificate is made on first request (an RSA key pair: up to seconds on a busy machine,
    // once per pool, by design); made here, so that the 1 s bound measures requests, not that one-off generation.
    await s.client.send(new GetSigningCertificateCommand({ UserPoolId: live.poolId }));
  });
  after(async () => s.stop());

  it(`fuzz: ${REQUESTS} generated requests (seed ${SEED}) over all ${operations.length} operations: no 5xx, all Cognito-shaped, none over ${SLOW_MS} ms`, { timeout: 300_000 }, async () => {
    const gen = new Generator(seededRandom(SEED), live, expendable);
    const failures: string[] = [];
    const timeByOp = new Map<string, number>();
    const perOperation = new Map<string, number>();
    const statuses = new Map<string, number>();
    const sizes = [0, 0, 0, 0]; // bodies under 1 KB, under 64 KB, under 1 MB, larger
    let bytes = 0;
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS && failures.length < 20) {
        // Generated when taken, in index order (generation is synchronous): request i is the same in every run,
        // whatever the timing of the answers, and only CONCURRENCY requests are held in memory at once.
        const i = next++;
        const op = operations[i % operations.length]!;
        const req = gen.request(op);
        const size = typeof req.body === 'string' ? Buffer.byteLength(req.body) : (req.body?.length ?? 0);
        bytes += size;
        sizes[size < 1024 ? 0 : size < 65536 ? 1 : size < 1 << 20 ? 2 : 3]!++;
        const r = await rawRequest(s.url, { ...req, signingDate: req.signingDate ?? (req.sign ? new Date(s.clock.now()) : undefined) });
        perOperation.set(op, (perOperation.get(op) ?? 0) + 1);
        timeByOp.set(op, (timeByOp.get(op) ?? 0) + r.ms);
        const outcome = r.status === 200 ? '200' : `${r.status} ${r.json?.__type}`;
        statuses.set(outcome, (statuses.get(outcome) ?? 0) + 1);
        let p = problem(r);
        if (p?.startsWith('slow')) {
          // Slow with others in flight on a busy machine: sent again alone, it must still answer within the bound.
          // (State may have moved on meanwhile; a slow input stays slow.)
          slow.push({ i, op, req });
          p = undefined;
        }
        if (p) failures.push(`#${i} ${op} (seed ${SEED}): ${p}; answer ${r.text.slice(0, 300)}; body ${String(req.body).slice(0, 300)}`);
      }
    };
    const slow: Array<{ i: number; op: string; req: ReturnType<Generator['request']> }> = [];
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    for (const { i, op, req } of slow) {
      const r = await rawRequest(s.url, { ...req, signingDate: req.signingDate ?? (req.sign ? new Date(s.clock.now()) : undefined) });
      const p = problem(r);
      if (p) failures.push(`#${i} ${op} (seed ${SEED}, sent again alone): ${p}; answer ${r.text.slice(0, 300)}; body ${String(req.body).slice(0, 300)}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (process.env.COGNATE_FUZZ_PROFILE) {
      console.log(`${seconds.toFixed(1)} s, ${cpuSeconds.toFixed(1)} s CPU`, [...timeByOp].sort((a, b) => b[1] - a[1]).slice(0, 15));
      console.log([...statuses].sort((a, b) => b[1] - a[1]), `${(bytes / 1e6).toFixed(0)} MB sent; bodies <1K, <64K, <1M, larger:`, sizes);
    }
    assert.deepEqual(failures, []);
    assert.equal(perOperation.size, operations.length, 'every operation was fuzzed');
    // The cost bound is CPU time (client and server together, ~1 ms a request; docs/security.md, Fuzzing): wall time
    // on a shared machine measures the neighbours too.
    assert.ok(cpuSeconds < MAX_CPU_SECONDS, `took ${cpuSeconds.toFixed(1)} s of CPU (${seconds.toFixed(1)} s)`);
  });
});
