/**
 * Counts the requests this process has started (http/server.ts bumps it as each arrives). A cache that must reflect
 * every commit made before a request arrived (store/sqlite/read-cache.ts) revalidates once per epoch: a check made
 * after the latest request started is after the arrival of every request being served. 0 means no server runs in this
 * process (tests of the store, the CLI): then such caches revalidate on every read.
 */
let epoch = 0;

export function requestEpoch(): number {
  return epoch;
}

export function startRequest(): void {
  epoch++;
}
