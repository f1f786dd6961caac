import cluster, { type Worker } from 'node:cluster';
import { createInterface } from 'node:readline';
import type { ServerConfig } from '../config/config.js';
import { createLogger, type Logger } from '../platform/log.js';

/**
 * `cognate serve --workers N`: the primary forks N workers with node:cluster. Each worker runs `cognate serve` with
 * the same arguments (it re-enters main.ts, where it is not the primary, and starts the server as usual) and they
 * share the listening socket, so one address spreads over all cores. Workers hold no state of their own: everything
 * lives in the store (SQLite's file with WAL locking, or PostgreSQL).
 *
 * The first worker starts alone, so that what is created once per data folder (the master key file, the SQLite
 * file and its migrations) is created by one process; the others start once it listens. A worker that dies is
 * replaced; one that keeps dying makes the primary give up. SIGINT/SIGTERM stop the workers, then the primary.
 */
export interface ClusterIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * The hook `cognate serve` calls when `workers > 1`. In the primary it runs the cluster and resolves with the
 * process exit code; in a worker it resolves undefined and serve goes on to start the server as usual.
 */
export async function runCluster(config: ServerConfig, io: ClusterIo, options: ClusterOptions = {}): Promise<number | undefined> {
  if (cluster.isPrimary) return runClusterPrimary(config, io, options);
  exitWorkerOnExitCode();
  return undefined;
}

/**
 * main.ts ends a failed command by setting process.exitCode and letting the event loop drain. In a worker the IPC
 * channel to the primary keeps the loop alive for ever, so a worker whose server failed to start would hang instead
 * of exiting: exit as soon as an exit code is set.
 */
function exitWorkerOnExitCode(): void {
  const timer = setInterval(() => {
    if (process.exitCode !== undefined) process.exit();
  }, 50);
  timer.unref();
}

export interface ClusterOptions {
  log?: Logger;
  /** Replaced workers that die within `crashWindowMs` of starting count as crashes; more than `maxCrashes` in a row end the cluster. */
  crashWindowMs?: number;
  maxCrashes?: number;
  /** How long stopping waits for workers to finish before killing them. */
  stopTimeoutMs?: number;
}

/** The primary's whole life: returns the process exit code once the cluster has stopped. */
async function runClusterPrimary(config: ServerConfig, io: ClusterIo, options: ClusterOptions = {}): Promise<number> {
  const log = options.log ?? createLogger(config.logLevel);
  const crashWindowMs = options.crashWindowMs ?? 10_000;
  const maxCrashes = options.maxCrashes ?? 5;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const count = config.workers;

  // Workers' stdout comes through the primary so that the start-up line every worker prints appears once.
  cluster.setupPrimary({ stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const printed = new Set<string>();
  const forwardStdout = (worker: Worker) => {
    const out = worker.process.stdout;
    if (!out) return;
    createInterface({ input: out, crlfDelay: Infinity }).on('line', (line) => {
      if (line.startsWith('cognate listening on ')) {
        if (printed.has(line)) return;
        printed.add(line);
      }
      io.stdout.write(line + '\n');
    });
  };

  let stopping = false;
  let started = false;
  let crashes = 0;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const live = new Set<Worker>();

  /** Forks one worker and resolves when it listens, or rejects with how it ended if it never did. */
  const fork = (): Promise<Worker> =>
    new Promise<Worker>((resolve, reject) => {
      const startedAt = performance.now();
      const worker = cluster.fork();
      live.add(worker);
      forwardStdout(worker);
      let listening = false;
      worker.once('listening', () => {
        listening = true;
        log.info('worker listening', { worker: worker.id, pid: worker.process.pid });
        resolve(worker);
      });
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        if (stopping) {
          if (live.size === 0) resolveDone(exitCode);
          return;
        }
        if (!listening) reject(new Error(`worker ${worker.process.pid} exited before listening (${signal ?? `code ${code}`})`));
        // During start-up the caller stops the cluster; afterwards a dead worker is replaced.
        if (!started) return;
        crashes = performance.now() - startedAt < crashWindowMs ? crashes + 1 : 0;
        log.warn('worker exited; starting another', { worker: worker.id, pid: worker.process.pid, code, signal, crashes });
        if (crashes > maxCrashes) {
          log.error('workers keep dying; stopping the cluster', { crashes });
          void stop(1);
          return;
        }
        // A replacement that fails to start ends up here again and counts as a crash.
        fork().catch(() => {});
      });
    });

  let exitCode = 0;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    if (live.size === 0) {
      resolveDone(code);
      return;
    }
    for (const w of live) w.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const w of live) w.process.kill('SIGKILL');
    }, stopTimeoutMs);
    timer.unref();
  };
  const onSignal = () => void stop(0);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await fork();
    await Promise.all(Array.from({ length: count - 1 }, () => fork()));
    started = true;
    log.info('cluster started', { workers: count });
  } catch (e) {
    io.stderr.write(`cognate serve: ${(e as Error).message}\n`);
    await stop(1);
  }
  const code = await done;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  return Math.max(code, exitCode);
}
