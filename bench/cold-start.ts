import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Child } from './processes.js';
import { createSigner } from './sigv4.js';
import { BENCH_ACCESS_KEY } from './fixture.js';

/**
 * Cold start: from spawn to the first answered request, the time a test suite that starts a server per file waits.
 * Each start is a new process; its first request is a SigV4-signed ListUserPools (what a provisioning step sends
 * first), sent the moment the server prints its URL. The targets are started in turn within each round, so every
 * target sees the same minutes of the machine; the report gives medians over the rounds.
 */
export interface ColdStartTarget {
  name: string;
  /** Starts the process; `dir` is a new empty folder the target may use (and that is deleted afterwards). */
  start(dir: string): Promise<Child>;
}

export interface ColdStartResult {
  name: string;
  /** Milliseconds from spawn to the first answer, one per round. */
  ms: number[];
  /** Milliseconds from spawn to the printed URL, one per round. */
  urlMs: number[];
  /**
   * CPU milliseconds the process had used (all its threads, /proc, 10-ms ticks) once the first answer was in: unlike
   * the wall time it hardly depends on what else the machine runs.
   */
  cpuMs: number[];
  medianCpuMs: number;
  medianMs: number;
  medianUrlMs: number;
  /** The first answer's status in the first round (a wrong answer is a measurement of nothing). */
  status: number;
}

export async function measureColdStarts(targets: ColdStartTarget[], rounds: number, tmp: string, log: (s: string) => void): Promise<ColdStartResult[]> {
  const sign = createSigner(BENCH_ACCESS_KEY, 'us-east-1');
  const samples = new Map(targets.map((t) => [t.name, { ms: [] as number[], urlMs: [] as number[], cpuMs: [] as number[], status: 0 }]));
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      const dir = mkdtempSync(join(tmp, 'cold-'));
      const t0 = performance.now();
      const child = await t.start(dir);
      const tUrl = performance.now();
      try {
        const status = await firstRequest(child.url, sign);
        const s = samples.get(t.name)!;
        s.ms.push(performance.now() - t0);
        s.urlMs.push(tUrl - t0);
        s.cpuMs.push(cpuMsOf(child.proc.pid!));
        if (round === 0) s.status = status;
      } finally {
        await child.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const results = targets.map((t) => {
    const s = samples.get(t.name)!;
    return {
      name: t.name,
      ms: s.ms.map(round1),
      urlMs: s.urlMs.map(round1),
      cpuMs: s.cpuMs,
      medianMs: round1(median(s.ms)),
      medianUrlMs: round1(median(s.urlMs)),
      medianCpuMs: median(s.cpuMs),
      status: s.status,
    };
  });
  for (const r of results) log(`  cold start ${r.name.padEnd(34)} median ${r.medianMs.toFixed(0).padStart(5)} ms to the first answer, ${r.medianCpuMs.toFixed(0)} ms CPU (URL printed at ${r.medianUrlMs.toFixed(0)} ms; status ${r.status})`);
  return results;
}

function firstRequest(url: string, sign: ReturnType<typeof createSigner>): Promise<number> {
  const u = new URL(url);
  const body = '{"MaxResults":1}';
  const headers = sign(u.host, 'AWSCognitoIdentityProviderService.ListUserPools', body, Date.now());
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(body);
  });
}

/** utime + stime of a process in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
