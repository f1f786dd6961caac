import type { QuotaRepository } from '../types.js';
import { QUOTAS, leaseArgs } from '../sql/quotas.js';
import type { SqliteContext } from './connection.js';

/** Quota buckets (domain/quotas/limiter.ts): the lease is one upsert, atomic under SQLite's write lock. */
export function quotas({ one, run }: SqliteContext): QuotaRepository {
  return {
    async lease(bucket, window, want, free) {
      const r = one(QUOTAS.lease.text, ...leaseArgs(bucket, window, want, free));
      if (!r) return { granted: 0 };
      return r.provisioned == null ? { granted: Number(r.granted) } : { granted: Number(r.granted), provisioned: Number(r.provisioned) };
    },
    async getProvisioned(bucket) {
      const r = one(QUOTAS.getProvisioned, bucket);
      return r?.provisioned == null ? undefined : Number(r.provisioned);
    },
    async setProvisioned(bucket, value) {
      run(QUOTAS.setProvisioned, bucket, value);
    },
  };
}
