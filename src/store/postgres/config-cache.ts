import pg from 'pg';
import { cryptoRandom, randomUuid } from '../../platform/random.js';
import { deepFreeze } from '../rows.js';

/** What the cache's listener connection is doing, for logs and tests. */
export type ConfigListenerState = { state: 'live'; backendPid: number } | { state: 'down'; error?: string };

/** The channel the migration's triggers notify (payload: the schema whose pools or clients changed). */
export const CONFIG_CHANNEL = 'cognate_config';

/** An entry older than this is read again even if no notification came (a connection that stalls without closing). */
export const CONFIG_MAX_AGE_MS = 5_000;
const MAX_ENTRIES = 4096;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 30_000;
/** How long the listener waits for its own probe notification before it gives up on this connection. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Pools and app clients of the PostgreSQL store, cached in the process. Every token-authorized request and every
 * sign-in reads both; against PostgreSQL each read is a round trip (~50 µs of this process's CPU and the server's
 * work besides), half of what GetUser cost. Per-user rows are never cached: their number grows with the pool.
 *
 * Coherence (docs/decisions/0003): triggers on `pools` and `clients` (migration 2) NOTIFY `cognate_config` when a
 * transaction that changed them commits, whoever made the change (another cognate process, psql). This cache
 * LISTENs on a connection of its own and drops everything on each notification, so another process's change is
 * seen as soon as its notification arrives: after the commit, typically well under a millisecond on one host,
 * about one network round trip across hosts. This process's own writes drop the cache before and after they run.
 * - Nothing is cached unless the listener is connected, listening, and has received a notification it sent itself
 *   through the store's pool (a probe): behind a pooler that does not deliver notifications (PgBouncer in
 *   transaction mode) the probe never arrives and the cache stays off. When the connection breaks (server restart,
 *   failover, network) the cache is emptied and bypassed until a new connection passes the probe again (retried
 *   with backoff), so a missed notification cannot leave a stale entry behind.
 * - A read that was in flight when the cache was dropped is not kept (an invalidation counter), so an old row read
 *   before a change cannot be stored after that change's notification.
 * - Entries older than 5 s are read again, bounding staleness even if the connection stalls without failing.
 * Entries are frozen, configs included: callers share them and must build a new record to change one (the domain
 * always did; the SQLite adapter freezes configs the same way).
 */
export class ConfigCache {
  private readonly entries = new Map<string, { value: object; at: number }>();
  private live = false;
  private invalidations = 0;
  private client: pg.Client | undefined;
  private schema: string | null = null;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  private probe: { payload: string; arrived: () => void } | undefined;

  constructor(
    private readonly newClient: () => pg.Client,
    /** Sends NOTIFY cognate_config with this payload through another connection (the store's pool). */
    private readonly notify: (payload: string) => Promise<unknown>,
    private readonly onState: (s: ConfigListenerState) => void = () => {},
    private readonly maxAgeMs = CONFIG_MAX_AGE_MS,
  ) {}

  /** Connects the listener once; resolves whether or not that worked (without it the store only reads through). */
  start(): Promise<void> {
    return this.listen();
  }

  async get<V extends object>(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.live) return load();
    const hit = this.entries.get(key);
    if (hit && performance.now() - hit.at < this.maxAgeMs) return hit.value as V;
    const seen = this.invalidations;
    const at = performance.now();
    const value = await load();
    if (value !== undefined && this.live && this.invalidations === seen) {
      deepFreeze(value);
      if (!this.entries.has(key) && this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, at });
    }
    return value;
  }

  /** Drops every entry and every read in flight (a write of this process, a notification, a broken listener). */
  invalidate(): void {
    this.invalidations++;
    this.entries.clear();
  }

  /** Runs one of this process's own writes to pools or clients, dropping the cache before and after it. */
  async write<T>(fn: () => Promise<T>): Promise<T> {
    this.invalidate();
    try {
      return await fn();
    } finally {
      this.invalidate();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    this.invalidate();
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = this.newClient();
    this.client = client;
    // Registered first and never removed: an 'error' without a listener would end the process.
    client.on('error', (e: Error) => this.down(client, e));
    client.on('end', () => this.down(client));
    client.on('notification', (n) => {
      if (this.client !== client || n.channel !== CONFIG_CHANNEL) return;
      if (this.probe && n.payload === this.probe.payload) this.probe.arrived();
      else if ((n.payload ?? '') === (this.schema ?? '')) this.invalidate();
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string | null; pid: number }>('SELECT current_schema() AS schema, pg_backend_pid() AS pid');
      this.schema = rows[0]?.schema ?? null;
      await client.query(`LISTEN ${CONFIG_CHANNEL}`);
      await this.probeDelivery(rows[0]?.pid ?? 0);
      if (this.client !== client) {
        // closed or replaced meanwhile
        await client.end().catch(() => {});
        return;
      }
      // A background connection: once set up, on its own it must not keep the process alive (the pool's idle ones
      // time out). Not before: while start() is awaited it may be all that keeps the event loop running.
      (client as unknown as { connection?: { stream?: { unref?(): void } } }).connection?.stream?.unref?.();
      this.invalidate();
      this.live = true;
      this.retryMs = RETRY_MIN_MS;
      this.onState({ state: 'live', backendPid: rows[0]?.pid ?? 0 });
    } catch (e) {
      this.down(client, e);
    }
  }

  /** Resolves once a notification sent through the pool has come back on this connection; rejects after 2 s. */
  private async probeDelivery(backendPid: number): Promise<void> {
    const payload = `probe:${backendPid}:${randomUuid(cryptoRandom)}`;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.probe = { payload, arrived: resolve };
        timer = setTimeout(() => reject(new Error('no notification came back within 2 s: notifications are not delivered on this connection')), PROBE_TIMEOUT_MS);
        this.notify(payload).catch(reject);
      });
    } finally {
      clearTimeout(timer);
      this.probe = undefined;
    }
  }

  private down(client: pg.Client, e?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.live = false;
    this.invalidate();
    void client.end().catch(() => {});
    this.onState({ state: 'down', ...(e instanceof Error ? { error: e.message } : {}) });
    if (this.closed) return;
    this.retryTimer = setTimeout(() => void this.listen(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
