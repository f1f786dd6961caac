/**
 * Counts the requests a server has started (http/server.ts starts one as each arrives). A cache that must reflect
 * every commit made before a request arrived (store/sqlite/read-cache.ts) revalidates once per epoch: a check made
 * after the latest request started is after the arrival of every request being served. The composition root makes
 * one and hands it to both the HTTP server and the store; a store opened without one (store tests, the CLI)
 * revalidates on every read.
 */
export class RequestEpoch {
  private epoch = 0;

  /** 0 until the first request. */
  current(): number {
    return this.epoch;
  }

  startRequest(): void {
    this.epoch++;
  }
}
