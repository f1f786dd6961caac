import type { QuotaRepository } from '../types.js';
import { QUOTAS, leaseArgs } from '../sql/quotas.js';
import type { PostgresContext } from './connection.js';

/**
 * Quota buckets (domain/quotas/limiter.ts): the lease is one upsert; concurrent leases of one bucket queue on its row
 * lock, so the grants of a window never add up to more than its limit, whichever processes ask.
 */
export function quotas({ sql }: PostgresContext): QuotaRepository {
  return {
    async lease(bucket, window, want, free) {
      const r = (await sql(QUOTAS.lease.text, leaseArgs(bucket, window, want, free))).rows[0];
      if (!r) return { granted: 0 };
      return r.provisioned == null ? { granted: Number(r.granted) } : { granted: Number(r.granted), provisioned: Number(r.provisioned) };
    },
    async getProvisioned(bucket) {
      const r = (await sql(QUOTAS.getProvisioned, [bucket])).rows[0];
      return r?.provisioned == null ? undefined : Number(r.provisioned);
    },
    async setProvisioned(bucket, value) {
      await sql(QUOTAS.setProvisioned, [bucket, value]);
    },
  };
}
