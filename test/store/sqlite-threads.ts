import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

/**
 * One "process" of the SQLite multi-connection test (sqlite.test.ts): its own connection to the shared file. All
 * threads wait on a barrier, then race through the same rounds; results go back to the test.
 */
export interface ThreadJob {
  file: string;
  barrier: SharedArrayBuffer;
  threads: number;
  rounds: number;
  poolId: string;
}
export interface ThreadResult {
  /** Per round: did this thread win sessions.consume / codes.consume / totp.claimStep / kv.take? */
  wins: Array<{ session: boolean; code: boolean; totp: boolean; kv: boolean }>;
  /** Optimistic updates this thread got through (retrying on a stale version). */
  updates: number;
  errors: string[];
}

async function main(job: ThreadJob): Promise<ThreadResult> {
  const store = await Promise.resolve(openSqliteStore({ file: job.file }));
  const result: ThreadResult = { wins: [], updates: 0, errors: [] };
  const gate = new Int32Array(job.barrier);
  Atomics.add(gate, 0, 1);
  Atomics.notify(gate, 0);
  while (Atomics.load(gate, 0) < job.threads) Atomics.wait(gate, 0, Atomics.load(gate, 0), 50);
  const attempt = async <T>(fn: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      result.errors.push(String((e as Error).message ?? e));
      return fallback;
    }
  };
  for (let r = 0; r < job.rounds; r++) {
    const session = await attempt(() => store.sessions.consume(`s${r}`, 1), false);
    const code = await attempt(() => store.codes.consume(job.poolId, 'alice', `p${r}`, 'h', 1), false);
    const totp = await attempt(() => store.totp.claimStep(job.poolId, 'alice', r + 1), false);
    const kv = (await attempt(() => store.kv.take('race', `k${r}`, 1), undefined)) !== undefined;
    result.wins.push({ session, code, totp, kv });
    for (;;) {
      const u = await attempt(() => store.users.get(job.poolId, 'alice'), undefined);
      if (!u) break;
      const n = Number(u.attributes.n ?? '0');
      const ok = await attempt(() => store.users.update({ ...u, attributes: { n: String(n + 1) } }, [{ kind: 'email', valueKey: `n${n + 1}@example.com` }]), false);
      if (ok) {
        result.updates++;
        break;
      }
    }
  }
  await store.close();
  return result;
}

if (parentPort && workerData) {
  const port = parentPort;
  main(workerData as ThreadJob).then(
    (r) => port.postMessage(r),
    (e: unknown) => port.postMessage({ wins: [], updates: 0, errors: [String(e)] } satisfies ThreadResult),
  );
}
