import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

/** Opens (and so migrates) the SQLite file right after every other thread was released by the barrier. */
if (parentPort && workerData) {
  const port = parentPort;
  const { file, barrier, threads } = workerData as { file: string; barrier: SharedArrayBuffer; threads: number };
  const gate = new Int32Array(barrier);
  Atomics.add(gate, 0, 1);
  while (Atomics.load(gate, 0) < threads) Atomics.wait(gate, 0, Atomics.load(gate, 0), 5);
  try {
    const store = openSqliteStore({ file });
    store.close().then(() => port.postMessage('ok'), (e: unknown) => port.postMessage(String(e)));
  } catch (e) {
    port.postMessage(String(e));
  }
}
