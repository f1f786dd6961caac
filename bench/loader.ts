import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import type { Fixture } from './fixture.js';
import { buildRequests, type Counters, type ScenarioName, type TotpState } from './scenarios.js';

/**
 * The load generator, a process of its own (never the server's): runs one scenario against one URL with autocannon,
 * a warm-up first, and prints one JSON line with the measurement.
 *   node dist/bench/loader.js '<json LoadSpec>'
 */
export interface LoadSpec {
  scenario: ScenarioName;
  url: string;
  fixtureFile: string;
  duration: number;
  warmup: number;
  connections: number;
  /** TOTP users' last used time steps, carried from run to run (codes are single use per user and step). */
  totpStateFile?: string;
  /** The server's process id: its CPU time over the measured window is read from /proc. */
  serverPid?: number;
}

export interface LoadResult {
  scenario: string;
  url: string;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  signIns: number;
  signInsPerSecond: number;
  tokensWrapped: boolean;
  totpExhausted: number;
  failures: string[];
  /** CPU time the server process used in the measured window (all its threads), ms; NaN when unknown. */
  serverCpuMs: number;
  /** serverCpuMs per completed request and per completed sign-in, µs: what the server spends, whatever else runs. */
  cpuUsPerRequest: number;
  cpuUsPerSignIn: number;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process (all threads), in ms, from /proc/<pid>/stat (Linux). */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-var-requires
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<any>;

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const fixture = JSON.parse(readFileSync(spec.fixtureFile, 'utf8')) as Fixture;
  const totp: TotpState =
    spec.totpStateFile && existsSync(spec.totpStateFile) ? JSON.parse(readFileSync(spec.totpStateFile, 'utf8')) : { cursor: 0, last: [] };
  const counters: Counters = { built: 0, signIns: 0, wrapped: false, totpExhausted: 0, failures: [] };
  const host = new URL(spec.url).host;
  const requests = buildRequests(spec.scenario, fixture, host, counters, totp);
  const base = { url: spec.url, connections: spec.connections, pipelining: 1, requests, timeout: 30 };
  if (spec.warmup > 0) {
    await autocannon({ ...base, duration: spec.warmup });
    // The warm-up's requests still in flight are abandoned, not cancelled: the server works through them first.
    // One more request on one connection returns only after that backlog (seconds for cognito-local, whose writes
    // rewrite a file), so the measured window starts on an idle server.
    await autocannon({ ...base, connections: 1, amount: requests.length });
  }
  const signInsBefore = counters.signIns;
  counters.failures = [];
  const cpuBefore = spec.serverPid ? processCpuMs(spec.serverPid) : NaN;
  const start = performance.now();
  const r = await autocannon({ ...base, duration: spec.duration });
  const seconds = (performance.now() - start) / 1000;
  const serverCpuMs = spec.serverPid ? processCpuMs(spec.serverPid) - cpuBefore : NaN;
  if (spec.totpStateFile) writeFileSync(spec.totpStateFile, JSON.stringify(totp));
  const total = r.requests.total as number;
  const signIns = counters.signIns - signInsBefore;
  return {
    scenario: spec.scenario,
    url: spec.url,
    seconds,
    requests: total,
    rps: total / seconds,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    signIns,
    signInsPerSecond: signIns / seconds,
    tokensWrapped: counters.wrapped,
    totpExhausted: counters.totpExhausted,
    failures: counters.failures,
    serverCpuMs,
    cpuUsPerRequest: (serverCpuMs * 1000) / total,
    cpuUsPerSignIn: signIns > 0 ? (serverCpuMs * 1000) / signIns : NaN,
  };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  runLoad(JSON.parse(process.argv[2]!) as LoadSpec).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => {
      process.stderr.write(`loader: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
