/**
 * Request-rate quotas (domain/quotas/limiter.ts): one row per bucket holding the bucket's provisioned limit and the
 * budget spent in its current one-second window. Statements both dialects run as written (placeholders: see
 * ./placeholders.ts); the lease repeats its inputs, so its text is written with names and numbered here.
 */

/** `:name` → `$n` in order of appearance; `names[n-1]` says which value goes in `$n`. */
function numbered(text: string): { text: string; names: string[] } {
  const names: string[] = [];
  return { text: text.replace(/:([a-z]+)/g, (_, name: string) => `$${names.push(name)}`), names };
}

// What the bucket has left in the lease's window: the row's provisioned limit (else the caller's free limit) less
// what is spent, when the row is still in that window.
const spent = 'CASE WHEN quotas.window_start = excluded.window_start THEN quotas.used ELSE 0 END';
const avail = () => `(COALESCE(quotas.provisioned, CAST(:free AS INTEGER)) - ${spent})`;
const grant = () => `CASE WHEN ${avail()} <= 0 THEN 0 WHEN ${avail()} < CAST(:want AS INTEGER) THEN ${avail()} ELSE CAST(:want AS INTEGER) END`;

export const QUOTAS = {
  /**
   * One atomic upsert: grants min(want, what is left) of the window's budget and records it. A row already in a later
   * window (a process whose clock is ahead moved it on) is left alone and nothing comes back: the caller gets 0.
   */
  lease: numbered(`INSERT INTO quotas (bucket, window_start, used, granted) VALUES (:bucket, CAST(:window AS BIGINT), CAST(:first AS INTEGER), CAST(:first AS INTEGER))
    ON CONFLICT (bucket) DO UPDATE SET
      used = ${spent} + ${grant()},
      granted = ${grant()},
      window_start = excluded.window_start
    WHERE quotas.window_start <= excluded.window_start
    RETURNING granted, provisioned`),
  getProvisioned: 'SELECT provisioned FROM quotas WHERE bucket = $1',
  setProvisioned: `INSERT INTO quotas (bucket, window_start, used, granted, provisioned) VALUES ($1, 0, 0, 0, CAST($2 AS INTEGER))
    ON CONFLICT (bucket) DO UPDATE SET provisioned = excluded.provisioned`,
} as const;

/** The lease's arguments in placeholder order. */
export function leaseArgs(bucket: string, window: number, want: number, free: number): unknown[] {
  const values: Record<string, unknown> = { bucket, window, first: Math.max(0, Math.min(want, free)), free, want };
  return QUOTAS.lease.names.map((n) => values[n]);
}
