/**
 * Runs read-modify-write operations on one record one after another within this process. Pool and client
 * settings (client secrets, tags) are rewritten whole by the store, without a version check; two concurrent
 * changes to the same record would otherwise both read the old state and the later write would drop the earlier
 * change after it had been acknowledged. Several processes sharing a database can still interleave: the window
 * is one admin call against another on the same pool or client (docs/compatibility.md).
 */
const tails = new Map<string, Promise<unknown>>();

export async function serially<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
