import type Database from 'better-sqlite3';
import type { Store } from '../types.js';
import { methodAccess } from '../access.js';
import type { CoherenceCheck } from './read-cache.js';

/**
 * Group commit. The first write call opens a batch (BEGIN IMMEDIATE) and schedules its COMMIT with setImmediate,
 * i.e. after the requests that arrived in this turn of the event loop have made their store calls. It pays twice:
 * - durability `full` (synchronous=FULL): every COMMIT waits for fsync (~1–5 ms on the bench machine) on the event
 *   loop's thread; one write per fsync held `full` at ~0.1 × `normal` on SetUserMFAPreference;
 * - both modes: BEGIN/COMMIT and the WAL append are paid once per batch instead of once per write (~+40 % for
 *   SetUserMFAPreference at 64 connections; docs/performance.md).
 * Every store call made while the batch is open runs at once inside it — multi-statement methods in a savepoint of
 * their own (better-sqlite3 nests transaction functions that way), so a failing call undoes only its own work, as
 * before — and its promise settles only after the batch's single COMMIT:
 * - a write is acknowledged only once it is committed (with `full`: on disk);
 * - reads in an open batch may see its uncommitted writes, so they wait for the commit too: no answer is built from
 *   data that is not yet committed; if the COMMIT fails, every call of the batch fails with its error;
 * - single-use consumption keeps its meaning: a second consumer in the same batch sees the first one's update, and
 *   another process waits for the write lock (busy_timeout) until the batch has committed.
 * Reads while no batch is open run and settle at once. A batch holds the write lock for one turn of the event loop
 * (plus the fsync with `full`); other processes on the same file wait that long at most, as they waited for one
 * transaction before. Which methods are reads is declared beside the store interface (store/access.ts).
 */

/**
 * The open batch of each database file in this process. Two connections to one file in one thread (the store
 * contract tests open several, as several processes would) must not wait for each other's write lock: that wait is
 * synchronous, so the holder's commit could never run. A connection that opens a batch first commits any other
 * batch of the same file.
 */
const openBatches = new Map<string, () => void>();

export function withGroupCommit(db: Database.Database, store: Store, file: string, coherence: CoherenceCheck): Store {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  let batch: Array<(failure: unknown) => void> | undefined;

  const flush = () => {
    const waiting = batch;
    if (!waiting) return;
    batch = undefined;
    if (openBatches.get(file) === flush) openBatches.delete(file);
    let failure: unknown;
    try {
      commit.run();
      coherence.committed();
    } catch (e) {
      failure = e ?? new Error('COMMIT failed');
      if (db.inTransaction) rollback.run();
      coherence.clearAll();
    }
    for (const settle of waiting) settle(failure);
  };

  const wrap = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, isRead: boolean) =>
    (...args: A): Promise<R> => {
      if (!batch) {
        if (isRead) return fn(...args);
        openBatches.get(file)?.();
        try {
          begin.run();
        } catch (e) {
          return Promise.reject(e);
        }
        batch = [];
        openBatches.set(file, flush);
        setImmediate(flush);
      }
      // The adapter's methods do all their work synchronously: this runs now, inside the open transaction.
      // Its outcome is captured now (a rejection left unhandled until the commit would end the process).
      const outcome = fn(...args).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => {
          // Its savepoint was rolled back: nothing cached during it may survive (read-cache.ts).
          coherence.clearAll();
          return { ok: false as const, error };
        },
      );
      return new Promise<R>((resolve, reject) => {
        batch!.push((failure) => {
          if (failure !== undefined) reject(failure);
          else void outcome.then((o) => (o.ok ? resolve(o.value) : reject(o.error)));
        });
      });
    };

  const wrapped: Record<string, unknown> = { kind: store.kind };
  for (const [name, repo] of Object.entries(store)) {
    if (name === 'kind') continue;
    if (typeof repo === 'function') continue;
    const methods: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(repo as Record<string, unknown>)) {
      if (typeof fn !== 'function') {
        methods[method] = fn;
        continue;
      }
      const access = methodAccess(name, method);
      // An unclassified method could be a write run outside the batch: refuse to open rather than guess.
      if (!access) throw new Error(`store method ${name}.${method} is not classified as a read or a write in store/access.ts`);
      methods[method] = wrap((fn as (...a: unknown[]) => Promise<unknown>).bind(repo), access === 'read');
    }
    wrapped[name] = methods;
  }
  wrapped.reset = wrap(() => store.reset(), false);
  wrapped.close = async () => {
    flush();
    await store.close();
  };
  return wrapped as unknown as Store;
}
