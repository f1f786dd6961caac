import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './options.js';
import { seedCognate, accessKeyEnv, writeFixture, BENCH_PUBLIC_URL } from './seed-cognate.js';
import { seedCognitoLocal, startCognitoLocal, startCognitoLocalIn } from './cognito-local.js';
import { measureCryptoFloor, type CryptoFloor } from './crypto-floor.js';
import { cpuPrefix, runChild, startChild, type Child } from './processes.js';
import { measureColdStarts, type ColdStartResult, type ColdStartTarget } from './cold-start.js';
import { SCENARIOS, TWO_STEP, type ScenarioName } from './scenarios.js';
import type { LoadResult, LoadSpec } from './loader.js';
import type { Fixture } from './fixture.js';

/**
 * `npm run bench`: seeds, then for each run measures the bare ceiling, every cognate scenario and every cognito-local
 * scenario in turn (so the ratios of a run come from the same minutes of the same machine), each against a freshly
 * started server process, with the load generator in a process of its own. Prints medians and writes a JSON file.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The child processes run a copy of dist/ taken when the bench starts: other people rebuilding the tree during a run
 * (tsc rewrites dist/ file by file) would otherwise change what is measured, or break a server's start.
 */
function snapshotDist(tmp: string): string {
  const snap = join(tmp, 'snapshot');
  for (const d of ['src', 'bench', 'model', 'bundle']) cpSync(join(ROOT, 'dist', d), join(snap, 'dist', d), { recursive: true });
  cpSync(join(ROOT, 'bin'), join(snap, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'model'), join(snap, 'model'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(snap, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(snap, 'node_modules'), 'dir');
  return join(snap, 'dist');
}

type Target = 'ceiling' | 'cognate' | 'cognate-other-durability' | 'cognito-local';
interface Measurement extends LoadResult {
  target: Target;
  run: number;
  rssMb: number;
  rssPeakMb: number;
}

const COGNITO_LOCAL_SCENARIOS: ScenarioName[] = ['SetUserMFAPreference/fresh', 'GetUser', 'AdminGetUser', 'InitiateAuth/USER_PASSWORD_AUTH', 'SignIn/TOTP'];

function log(line: string) {
  process.stderr.write(line + '\n');
}

async function main(argv: string[]): Promise<number> {
  let o: BenchOptions;
  try {
    o = parseOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write((e.message ? `bench: ${e.message}\n` : '') + USAGE);
      return e.message ? 2 : 0;
    }
    throw e;
  }
  const started = new Date();
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadavgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  log(`bench: ${machine.cpus} × ${machine.model}, node ${machine.node}, load average ${machine.loadavgAtStart.join(' ')}`);
  if (machine.loadavgAtStart[0]! > 1.5) log('bench: warning: the machine is busy (load average > 1.5): absolute numbers will be low; ratios suffer less');
  log(`bench: ${o.users} users, store ${o.store === 'sqlite' ? 'sqlite' : 'postgres'}, durability ${o.durability}, ${o.runs} run(s) of ${o.warmup}+${o.duration} s, ${o.connections} connections, ${o.pin ? 'pinned (server CPU 0, load generator CPU 1)' : 'unpinned'}`);

  const tmp = mkdtempSync(join(tmpdir(), 'cognate-bench-'));
  const dist = snapshotDist(tmp);
  const HERE = join(dist, 'bench');
  const MAIN = join(dist, 'src', 'main.js');
  // The cold start runs what users start: bin/cognate, the bundle (scripts/bundle.mjs). The load runs keep
  // dist/src/main.js, the same code unbundled, as their earlier results did.
  const BIN = join(dist, '..', 'bin', 'cognate');
  const scenarios = SCENARIOS.filter((s) => !o.only || o.only.includes(s));
  const measurements: Measurement[] = [];
  try {
    // ---- seeding ----
    // --keep-data DIR: seed into DIR once and reuse it while its tokens are valid (an hour); the pool keeps the
    // writes of earlier runs, which none of the scenarios depends on.
    const dataDir = o.keepData ? resolve(o.keepData) : join(tmp, 'cognate');
    const fixtureFile = o.keepData ? join(dataDir, 'bench-fixture.json') : join(tmp, 'cognate-fixture.json');
    let fixture: Fixture;
    if (o.keepData && existsSync(fixtureFile)) {
      fixture = JSON.parse(readFileSync(fixtureFile, 'utf8')) as Fixture;
      if (fixture.seeding.users !== o.users) throw new UsageError(`${dataDir} holds ${fixture.seeding.users} users, not ${o.users}`);
      log(`bench: reusing the pool seeded in ${dataDir}`);
    } else {
      log(`bench: seeding cognate (${o.users} users) …`);
      fixture = await seedCognate({
        users: o.users,
        store: o.store,
        dataDir,
        tokens: o.quick ? 3000 : 80_000,
        repeatTokens: 1000,
        // 80 %: a TOTP user signs in once per 30-s step, and a run signs in ~1,000 a second for 5 s.
        totpUsers: Math.min(Math.floor(o.users * 0.8), 20_000),
        signInUsers: 20_000,
        adminUsers: 100_000,
        threatUsers: o.quick ? 200 : 2_000,
        log,
      });
      writeFixture(fixtureFile, fixture);
    }
    log(`bench: seeded in ${fixture.seeding.totalSeconds} s (${JSON.stringify(fixture.seeding)})`);

    let clDir: string | undefined;
    let clFixtureFile: string | undefined;
    if (o.cognitoLocal) {
      clDir = join(tmp, 'cognito-local');
      log(`bench: seeding cognito-local (${o.cognitoLocalUsers} users) …`);
      const clf = await seedCognitoLocal(clDir, {
        users: o.cognitoLocalUsers,
        tokens: Math.min(o.cognitoLocalUsers, 2000),
        totpUsers: Math.min(Math.floor(o.cognitoLocalUsers / 2), 20_000),
        signInUsers: 20_000,
        adminUsers: 100_000,
      });
      clFixtureFile = join(tmp, 'cognito-local-fixture.json');
      writeFixture(clFixtureFile, clf);
    }

    // Measured in every run (the machine's speed drifts between runs; a floor ratio compares numbers of one run).
    const floors: CryptoFloor[] = [];
    const measureFloor = () => {
      const f = measureCryptoFloor(o.quick ? 150 : 400);
      floors.push(f);
      log(`  crypto floor: RS256 sign ${f.rs256SignUs.toFixed(0)} µs, verify ${f.rs256VerifyUs.toFixed(0)} µs, password check ${f.passwordCheckUs.toFixed(0)} µs, SRP server math ${f.srpServerUs.toFixed(0)} µs`);
    };

    // ---- load ----
    const serverArgs = (durability: string) => [
      ...cpuPrefix(o.pin, 0),
      process.execPath,
      ...(o.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(o.profile)}`] : []),
      MAIN,
      'serve',
      '--port', '0',
      '--host', '127.0.0.1',
      '--data', dataDir,
      '--store', o.store,
      '--durability', durability,
      '--public-url', BENCH_PUBLIC_URL,
      '--log-level', 'warn',
    ];
    const startCognate = (durability: string) =>
      startChild(serverArgs(durability), { ready: /cognate listening on (http:\/\/\S+)/, env: accessKeyEnv() });
    const startBare = () => startChild([...cpuPrefix(o.pin, 0), process.execPath, join(HERE, 'bare-server.js')], { ready: /bare listening on (http:\/\/\S+)/ });
    const otherDurability = o.durability === 'normal' ? 'full' : 'normal';

    const measure = async (target: Target, run: number, scenario: ScenarioName, start: () => Promise<Child>, file: string, totpStateFile: string): Promise<void> => {
      const server = await start().catch((e: Error) => {
        log(`  (server did not start, trying once more: ${e.message.split('\n').slice(0, 3).join(' ')})`);
        return start();
      });
      let peak = server.rssMb();
      const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 250);
      try {
        const spec: LoadSpec = { scenario, url: server.url, fixtureFile: file, duration: o.duration, warmup: o.warmup, connections: o.connections, totpStateFile, serverPid: server.proc.pid };
        const out = await runChild([...cpuPrefix(o.pin, 1), process.execPath, join(HERE, 'loader.js'), JSON.stringify(spec)]);
        const r = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
        const rssMb = server.rssMb();
        const m: Measurement = { ...r, target, run, rssMb, rssPeakMb: Math.max(peak, rssMb) };
        measurements.push(m);
        log(`  run ${run} ${target.padEnd(13)} ${scenario.padEnd(32)} ${fmt(m.rps, 0).padStart(7)} req/s  p50 ${fmt(m.p50, 1)} ms  p99 ${fmt(m.p99, 1)} ms  CPU ${fmt(m.cpuUsPerRequest, 0)} µs/req  RSS ${fmt(m.rssPeakMb, 0)} MB` +
          (TWO_STEP.has(scenario) || scenario.startsWith('InitiateAuth') ? `  ${fmt(m.signInsPerSecond, 0)} sign-ins/s` : '') +
          (m.non2xx || m.errors ? `  !! ${m.non2xx} non-2xx, ${m.errors} errors: ${m.failures[0] ?? ''}` : '') +
          (m.tokensWrapped ? '  (fresh tokens ran out: some repeated)' : '') +
          (m.totpExhausted ? `  (TOTP users exhausted ${m.totpExhausted}×)` : ''));
      } finally {
        clearInterval(sampler);
        await server.stop();
      }
    };

    // ---- cold start ---- (before the load runs: a data folder that has just taken minutes of writes would start
    // with a WAL to replay, which is not what a user's next start sees)
    let coldStarts: ColdStartResult[] = [];
    if (o.coldStarts > 0 && (!o.only || o.only.includes('cold-start'))) {
      log(`bench: cold start, ${o.coldStarts} rounds`);
      const cognateArgs = (data: string, store: string) => [...cpuPrefix(o.pin, 0), process.execPath, BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', data, '--store', store, '--log-level', 'warn'];
      const coldTargets: ColdStartTarget[] = [
        { name: 'ceiling (bare node:http)', start: () => startBare() },
        { name: 'cognate, new data folder', start: (dir) => startChild(cognateArgs(dir, 'sqlite'), { ready: /cognate listening on (http:\/\/\S+)/ }) },
        { name: `cognate, existing store (${o.users} users)`, start: () => startChild(cognateArgs(dataDir, o.store), { ready: /cognate listening on (http:\/\/\S+)/ }) },
      ];
      if (clDir) {
        coldTargets.push(
          { name: 'cognito-local, new data folder', start: (dir) => startCognitoLocalIn(dir, o.pin) },
          { name: `cognito-local, existing (${o.cognitoLocalUsers} users)`, start: () => startCognitoLocal(clDir!, o.pin) },
        );
      }
      coldStarts = await measureColdStarts(coldTargets, o.coldStarts, tmp, log);
    }

    const cognateTotp = o.keepData ? join(dataDir, 'bench-totp.json') : join(tmp, 'cognate-totp.json');
    const clTotp = join(tmp, 'cognito-local-totp.json');
    for (let run = 1; run <= o.runs; run++) {
      log(`bench: run ${run}/${o.runs}`);
      measureFloor();
      await measure('ceiling', run, 'SetUserMFAPreference/fresh', startBare, fixtureFile, join(tmp, 'bare-totp.json'));
      for (const s of scenarios) await measure('cognate', run, s, () => startCognate(o.durability), fixtureFile, cognateTotp);
      if (o.bothDurabilities && o.store === 'sqlite') {
        await measure('cognate-other-durability', run, 'SetUserMFAPreference/fresh', () => startCognate(otherDurability), fixtureFile, cognateTotp);
      }
      if (clDir && clFixtureFile) {
        for (const s of COGNITO_LOCAL_SCENARIOS.filter((x) => scenarios.includes(x))) {
          await measure('cognito-local', run, s, () => startCognitoLocal(clDir!, o.pin), clFixtureFile, clTotp);
        }
      }
    }

    const floor = medianFloor(floors);
    const summary = summarise(measurements, floors, o, otherDurability, coldStarts);
    printSummary(summary, floor, o, otherDurability, coldStarts);
    const result = {
      date: started.toISOString(),
      command: `npm run bench -- ${argv.join(' ')}`.trim(),
      machine: { ...machine, loadavgAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
      options: o,
      seeding: fixture.seeding,
      cryptoFloor: { median: floor, perRun: floors },
      summary,
      coldStarts,
      measurements,
    };
    const out = o.out ?? join(ROOT, 'bench', 'results', `${started.toISOString().slice(0, 16).replace(/:/g, '')}-${o.store === 'sqlite' ? 'sqlite' : 'postgres'}-${o.durability}-${o.users}${o.quick ? '-quick' : ''}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    log(`bench: wrote ${out}`);
    if (o.store !== 'sqlite' && !o.keepData) await dropPool(o.store, dataDir, fixture.poolId);
    // Failures are a harness problem, except TOTP codes refused because a small pool ran out of unused users.
    return measurements.some((m) => m.target !== 'cognito-local' && (m.non2xx > 0 || m.errors > 0) && m.totpExhausted === 0) ? 1 : 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function dropPool(store: string, dataDir: string, poolId: string) {
  const { openStore } = await import('../src/store/open.js');
  const s = await openStore({ store, dataDir, durability: 'normal' });
  await s.pools.delete(poolId);
  await s.close();
}

const median = (xs: number[]) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
};
const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

interface Row {
  target: Target;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  signInsPerSecond?: number;
  rssMb: number;
  /** server CPU time per completed request, µs (median over runs) */
  cpuUsPerRequest: number;
  /** median over runs of (this / ceiling of the same run) */
  vsCeiling?: number;
  /** median over runs of (ceiling's CPU per request / this one's): the throughput ratio if both had a core each */
  vsCeilingCpu?: number;
  /** median over runs of (server CPU per sign-in / crypto floor of the same run) */
  vsFloorCpu?: number;
  /** median over runs of (this / cognito-local of the same run and scenario) */
  vsCognitoLocal?: number;
  /** cognito-local completed nothing in some run: the ratio counts it as one request (a lower bound) */
  vsCognitoLocalIsLowerBound?: boolean;
  /** median over runs of (time per sign-in / crypto floor of the same run); ≤ 1.25 is the target */
  vsFloor?: number;
  failedRequests: number;
}

function medianFloor(fs: CryptoFloor[]): CryptoFloor {
  const m = (get: (f: CryptoFloor) => number) => median(fs.map(get));
  return {
    rs256SignUs: m((f) => f.rs256SignUs),
    rs256VerifyUs: m((f) => f.rs256VerifyUs),
    passwordCheckUs: m((f) => f.passwordCheckUs),
    totpCheckUs: m((f) => f.totpCheckUs),
    srpServerUs: m((f) => f.srpServerUs),
    floorUs: {
      'InitiateAuth/USER_PASSWORD_AUTH': m((f) => f.floorUs['InitiateAuth/USER_PASSWORD_AUTH']),
      'SignIn/TOTP': m((f) => f.floorUs['SignIn/TOTP']),
      'SignIn/USER_SRP_AUTH': m((f) => f.floorUs['SignIn/USER_SRP_AUTH']),
    },
  };
}

function summarise(ms: Measurement[], floors: CryptoFloor[], o: BenchOptions, otherDurability: string, coldStarts: ColdStartResult[]) {
  const keys = [...new Set(ms.map((m) => `${m.target}|${m.scenario}`))];
  const byRun = (target: Target, scenario: string, run: number) => ms.find((m) => m.target === target && m.scenario === scenario && m.run === run);
  const rows: Row[] = keys.map((k) => {
    const [target, scenario] = k.split('|') as [Target, string];
    const mine = ms.filter((m) => m.target === target && m.scenario === scenario);
    // A baseline that completed nothing in its window counts as one request in the window: the ratio is then a
    // lower bound (flagged in the summary).
    let lowerBound = false;
    const ratios = (other: (run: number) => Measurement | undefined) =>
      median(mine.map((m) => {
        const b = other(m.run);
        if (!b) return NaN;
        if (b.rps > 0) return m.rps / b.rps;
        lowerBound = true;
        return m.rps * b.seconds;
      }));
    const twoStep = TWO_STEP.has(scenario) || scenario.startsWith('InitiateAuth');
    const signIns = median(mine.map((m) => m.signInsPerSecond));
    const row: Row = {
      target,
      scenario,
      rps: median(mine.map((m) => m.rps)),
      p50: median(mine.map((m) => m.p50)),
      p99: median(mine.map((m) => m.p99)),
      rssMb: Math.max(...mine.map((m) => m.rssPeakMb)),
      cpuUsPerRequest: median(mine.map((m) => m.cpuUsPerRequest)),
      failedRequests: mine.reduce((a, m) => a + m.non2xx + m.errors, 0),
    };
    if (twoStep) row.signInsPerSecond = signIns;
    if (target !== 'ceiling') {
      row.vsCeiling = ratios((run) => byRun('ceiling', 'SetUserMFAPreference/fresh', run));
      row.vsCeilingCpu = median(mine.map((m) => {
        const c = byRun('ceiling', 'SetUserMFAPreference/fresh', m.run);
        return c ? c.cpuUsPerRequest / m.cpuUsPerRequest : NaN;
      }));
    }
    if (target === 'cognate') {
      const cl = ratios((run) => byRun('cognito-local', scenario, run));
      if (Number.isFinite(cl)) row.vsCognitoLocal = cl;
      if (lowerBound) row.vsCognitoLocalIsLowerBound = true;
      const key = scenario as keyof CryptoFloor['floorUs'];
      if (floors[0]?.floorUs[key] !== undefined) {
        row.vsFloor = median(mine.map((m) => (m.signInsPerSecond > 0 ? 1e6 / m.signInsPerSecond / floors[m.run - 1]!.floorUs[key] : NaN)));
        row.vsFloorCpu = median(mine.map((m) => m.cpuUsPerSignIn / floors[m.run - 1]!.floorUs[key]));
      }
    }
    return row;
  });
  const get = (target: Target, scenario: string) => rows.find((r) => r.target === target && r.scenario === scenario);
  const mfaFresh = get('cognate', 'SetUserMFAPreference/fresh');
  const mfaRepeat = get('cognate', 'SetUserMFAPreference/repeat');
  const other = get('cognate-other-durability', 'SetUserMFAPreference/fresh');
  const targets = {
    'SetUserMFAPreference repeating tokens ≥ 0.6 × ceiling': check(mfaRepeat?.vsCeiling, (x) => x >= 0.6),
    'SetUserMFAPreference repeating tokens ≥ 0.6 × ceiling, by server CPU per request': check(mfaRepeat?.vsCeilingCpu, (x) => x >= 0.6),
    'SetUserMFAPreference fresh tokens ≥ 0.3 × ceiling': check(mfaFresh?.vsCeiling, (x) => x >= 0.3),
    'SetUserMFAPreference fresh tokens ≥ 0.3 × ceiling, by server CPU per request': check(mfaFresh?.vsCeilingCpu, (x) => x >= 0.3),
    [`SetUserMFAPreference p99 ≤ 10 ms at ${o.connections} connections (fresh, repeat)`]: check(Math.max(mfaFresh?.p99 ?? NaN, mfaRepeat?.p99 ?? NaN), (x) => x <= 10),
    'SetUserMFAPreference ≥ 100 × cognito-local': check(mfaFresh?.vsCognitoLocal, (x) => x >= 100),
    'TOTP sign-in ≤ 1.25 × crypto floor': check(get('cognate', 'SignIn/TOTP')?.vsFloor, (x) => x <= 1.25),
    'TOTP sign-in ≤ 1.25 × crypto floor, by server CPU per sign-in': check(get('cognate', 'SignIn/TOTP')?.vsFloorCpu, (x) => x <= 1.25),
    'SRP sign-in ≤ 1.25 × crypto floor': check(get('cognate', 'SignIn/USER_SRP_AUTH')?.vsFloor, (x) => x <= 1.25),
    'SRP sign-in ≤ 1.25 × crypto floor, by server CPU per sign-in': check(get('cognate', 'SignIn/USER_SRP_AUTH')?.vsFloorCpu, (x) => x <= 1.25),
    // median over runs of full ÷ normal in the same run, like every other ratio
    [`durability ${o.durability === 'full' ? 'full' : otherDurability} ≥ 0.8 × normal`]: check(
      other && mfaFresh
        ? median(
            ms
              .filter((m) => m.target === 'cognate-other-durability')
              .map((m) => {
                const same = byRun('cognate', 'SetUserMFAPreference/fresh', m.run);
                if (!same) return NaN;
                return o.durability === 'normal' ? m.rps / same.rps : same.rps / m.rps;
              }),
          )
        : undefined,
      (x) => x >= 0.8,
    ),
    'cold start ≤ 0.25 s, new data folder (median, spawn → first answer)': check(coldMs(coldStarts, 'cognate, new data folder'), (x) => x <= 250),
    [`cold start ≤ 0.25 s, existing store with ${o.users} users`]: check(coldMs(coldStarts, 'cognate, existing store'), (x) => x <= 250),
    'server RSS ≤ 200 MB': check(Math.max(...rows.filter((r) => r.target === 'cognate').map((r) => r.rssMb)), (x) => x <= 200),
  };
  // Threat protection's cost: the same password sign-in with it in AUDIT mode ÷ with it off, per run, by server CPU
  // per sign-in and by throughput (docs/performance.md, "Threat protection").
  const perRun = (f: (on: Measurement, off: Measurement) => number) =>
    median(
      ms
        .filter((m) => m.target === 'cognate' && m.scenario === 'InitiateAuth/USER_PASSWORD_AUTH/threat-audit')
        .map((on) => {
          const off = byRun('cognate', 'InitiateAuth/USER_PASSWORD_AUTH', on.run);
          return off ? f(on, off) : NaN;
        }),
    );
  const threatCost = {
    cpuPerSignInOnOverOff: check(perRun((on, off) => on.cpuUsPerSignIn / off.cpuUsPerSignIn), () => true).value,
    signInsPerSecondOnOverOff: check(perRun((on, off) => on.signInsPerSecond / off.signInsPerSecond), () => true).value,
  };
  return { rows, targets, threatCost };
}

function coldMs(results: ColdStartResult[], prefix: string): number | undefined {
  return results.find((r) => r.name.startsWith(prefix))?.medianMs;
}

function check(value: number | undefined, ok: (x: number) => boolean) {
  if (value === undefined || !Number.isFinite(value)) return { value: null, met: null };
  return { value: Math.round(value * 1000) / 1000, met: ok(value) };
}

function printSummary(s: ReturnType<typeof summarise>, floor: CryptoFloor, o: BenchOptions, otherDurability: string, coldStarts: ColdStartResult[]) {
  const lines: string[] = [];
  lines.push('');
  lines.push(`medians of ${o.runs} run(s); ratios are medians of per-run ratios; ceiling = bare node:http parsing the same JSON`);
  lines.push('CPU µs/req = the server process\'s CPU time in the window ÷ requests: unlike req/s it does not depend on what else the machine runs');
  lines.push(
    ['target'.padEnd(26), 'scenario'.padEnd(32), 'req/s'.padStart(8), 'p50 ms'.padStart(7), 'p99 ms'.padStart(7), 'sign-ins/s'.padStart(10), '×ceiling'.padStart(9), '×c-local'.padStart(9), '×floor'.padStart(7), 'CPU µs/req'.padStart(10), '×ceil CPU'.padStart(9), '×floor CPU'.padStart(10), 'RSS MB'.padStart(7)].join(' '),
  );
  for (const r of s.rows) {
    const name = r.target === 'cognate-other-durability' ? `cognate (${otherDurability})` : r.target;
    lines.push(
      [
        name.padEnd(26),
        r.scenario.padEnd(32),
        fmt(r.rps, 0).padStart(8),
        fmt(r.p50, 1).padStart(7),
        fmt(r.p99, 1).padStart(7),
        (r.signInsPerSecond !== undefined ? fmt(r.signInsPerSecond, 0) : '').padStart(10),
        (r.vsCeiling !== undefined ? fmt(r.vsCeiling, 3) : '').padStart(9),
        (r.vsCognitoLocal !== undefined ? (r.vsCognitoLocalIsLowerBound ? '>' : '') + fmt(r.vsCognitoLocal, 0) : '').padStart(9),
        (r.vsFloor !== undefined ? fmt(r.vsFloor, 2) : '').padStart(7),
        fmt(r.cpuUsPerRequest, 0).padStart(10),
        (r.vsCeilingCpu !== undefined ? fmt(r.vsCeilingCpu, 3) : '').padStart(9),
        (r.vsFloorCpu !== undefined ? fmt(r.vsFloorCpu, 2) : '').padStart(10),
        fmt(r.rssMb, 0).padStart(7),
      ].join(' ') + (r.failedRequests ? `  (${r.failedRequests} failed requests)` : ''),
    );
  }
  lines.push('');
  lines.push(
    `crypto floor (µs, one thread): RS256 sign ${fmt(floor.rs256SignUs, 0)}, verify ${fmt(floor.rs256VerifyUs, 0)}; password check ${fmt(floor.passwordCheckUs, 0)}; ` +
      `TOTP check ${fmt(floor.totpCheckUs, 0)}; SRP server math ${fmt(floor.srpServerUs, 0)} → sign-in floors: ` +
      Object.entries(floor.floorUs).map(([k, v]) => `${k} ${fmt(v, 0)} µs (${fmt(1e6 / v, 0)}/s)`).join(', '),
  );
  if (coldStarts.length > 0) {
    lines.push('');
    const bare = coldStarts[0]!.medianMs;
    lines.push(`cold start, spawn → first answer (median of ${coldStarts[0]!.ms.length}):`);
    const bareCpu = coldStarts[0]!.medianCpuMs;
    for (const c of coldStarts) {
      lines.push(`  ${c.name.padEnd(40)} ${fmt(c.medianMs, 0).padStart(5)} ms  ${fmt(c.medianMs / bare, 2).padStart(5)} × bare   CPU ${fmt(c.medianCpuMs, 0).padStart(4)} ms  ${fmt(c.medianCpuMs / bareCpu, 2).padStart(5)} × bare`);
    }
  }
  if (s.threatCost.cpuPerSignInOnOverOff !== null) {
    lines.push('');
    lines.push(
      `threat protection (AUDIT) ÷ off, USER_PASSWORD_AUTH sign-in: server CPU per sign-in ×${fmt(s.threatCost.cpuPerSignInOnOverOff, 3)}, ` +
        `sign-ins/s ×${fmt(s.threatCost.signInsPerSecondOnOverOff ?? NaN, 3)} (medians of per-run ratios)`,
    );
  }
  lines.push('');
  lines.push('targets:');
  for (const [name, t] of Object.entries(s.targets)) lines.push(`  ${t.met === null ? '–  ' : t.met ? 'met' : 'NOT'}  ${name}: ${t.value ?? 'not measured'}`);
  process.stdout.write(lines.join('\n') + '\n');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
