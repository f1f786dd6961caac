import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Child processes of the bench: servers (waited for until they print their URL) and the load generator. */
export interface Child {
  proc: ChildProcess;
  url: string;
  stop(): Promise<void>;
  /** Resident set size now, in MB (from /proc; Linux). */
  rssMb(): number;
}

export function cpuPrefix(pin: boolean, cpu: number): string[] {
  return pin ? ['taskset', '-c', String(cpu)] : [];
}

/** Spawns `argv` and resolves once a line of its output matches `ready` (group 1 = the URL). */
export function startChild(argv: string[], opts: { ready: RegExp; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...opts.env }, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`${argv.join(' ')} did not start in time:\n${out.slice(-2000)}`)), opts.timeoutMs ?? 60_000);
    const finish = (err?: Error, url?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        proc.kill('SIGKILL');
        reject(err);
        return;
      }
      resolve({
        proc,
        url: url!,
        stop: () => stopProcess(proc),
        rssMb: () => rssOf(proc.pid!),
      });
    };
    const onData = (d: Buffer) => {
      // keep reading (a full pipe would block the child) but keep only the tail
      out = (out + d.toString()).slice(-20_000);
      // ANSI colour codes (cognito-local logs through pino-pretty) stripped before matching
      const m = opts.ready.exec(out.replace(/\x1b\[[0-9;]*m/g, ''));
      if (m) finish(undefined, m[1]);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    // 'close', not 'exit': the last output of a process that fails at start arrives after 'exit'.
    proc.once('close', (code) => finish(new Error(`${argv.join(' ')} exited with ${code}:\n${out.slice(-2000)}`)));
    proc.once('error', (e) => finish(e));
  });
}

export function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Runs a child to completion and returns its stdout (stderr is passed through on failure). */
export function runChild(argv: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-10_000)));
    proc.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${argv.slice(0, 3).join(' ')} … exited with ${code}: ${err}`))));
    proc.once('error', reject);
  });
}
