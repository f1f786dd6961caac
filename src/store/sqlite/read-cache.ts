import type Database from 'better-sqlite3';
import type { RequestEpoch } from '../../platform/request-epoch.js';

/**
 * An in-process cache of rows that every request reads and almost nothing writes: pools (a ~4 KB config each) and
 * app clients. Every token-authorized request and every sign-in reads both; from SQLite that was ~8 µs of a
 * ~65 µs SetUserMFAPreference. Per-user rows are not cached: their number grows with the pool, and the hot paths
 * must not.
 *
 * Coherence, without a time-to-live:
 * - this connection's own writes drop the entries they touch (the adapter calls `drop`/`clear`);
 * - a commit by another connection of this process (a second store on the same file, as the contract tests open)
 *   is seen at once: every commit in the process bumps the file's counter in `localCommits`;
 * - a commit by another process is seen through `PRAGMA data_version` (it changes when another connection has
 *   committed). It is read again whenever a request has started since the last reading (the RequestEpoch given to
 *   the store, which the HTTP server starts as each request arrives), so every reading a request relies on was taken after that
 *   request arrived: a change committed by another process before a request arrives is seen by it. Under load that is
 *   about one reading (~1.7 µs) per request, where the pool and client rows cost ~8 µs. With no server in the process
 *   (store tests, the CLI) it is read before every cached read. Revocation, users, sessions and codes are never cached.
 * - if a batch fails to commit or a store call fails (its savepoint rolled back), everything is dropped, so an entry
 *   read inside a batch never outlives that batch's rollback.
 * Entries are frozen: callers share them and must build a new record to change one (the domain always did).
 */
export class ReadCache<V extends object> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly owner: CoherenceCheck, private readonly max = 4096) {
    owner.register(() => this.entries.clear());
  }

  get(key: string, load: () => V | undefined): V | undefined {
    this.owner.revalidate();
    const hit = this.entries.get(key);
    if (hit) return hit;
    const value = load();
    if (value === undefined) return undefined;
    Object.freeze(value);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }

  drop(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The per-connection part: one data_version check per turn for all caches of the connection. */
export class CoherenceCheck {
  private readonly dataVersion: Database.Statement;
  private readonly local: { commits: number };
  private seen: unknown;
  private seenLocal: number;
  /** The request epoch of the last data_version reading. */
  private checkedAt = 0;
  private readonly clears: Array<() => void> = [];

  constructor(db: Database.Database, file: string, private readonly epoch?: RequestEpoch) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.seen = this.dataVersion.get();
    let local = localCommits.get(file);
    if (!local) localCommits.set(file, (local = { commits: 0 }));
    this.local = local;
    this.seenLocal = local.commits;
  }

  /** Called after every COMMIT on this connection: counts it without hiding another connection's uncounted one. */
  committed(): void {
    const current = this.seenLocal === this.local.commits;
    this.local.commits++;
    if (current) this.seenLocal = this.local.commits;
  }

  register(clear: () => void): void {
    this.clears.push(clear);
  }

  revalidate(): void {
    if (this.local.commits !== this.seenLocal) {
      this.seenLocal = this.local.commits;
      this.clearAll();
    }
    const epoch = this.epoch?.current() ?? 0;
    if (epoch !== 0 && this.checkedAt === epoch) return;
    this.checkedAt = epoch;
    const v = this.dataVersion.get();
    if (v !== this.seen) {
      this.seen = v;
      this.clearAll();
    }
  }

  clearAll(): void {
    for (const clear of this.clears) clear();
  }
}

/** Commits made in this process, per database file (all connections of the process to that file). */
const localCommits = new Map<string, { commits: number }>();
