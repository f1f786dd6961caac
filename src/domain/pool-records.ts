import type { Deps } from './deps.js';

/**
 * Small per-pool settings records that belong to no aggregate of their own (terms documents, log delivery, risk
 * configuration, UI customization, branding, replicas): kept in the store's key/value repository under
 * `<poolId>/<key>`, one namespace per kind. Each kind has at most a few records per pool or per client, so listing
 * one pool's records reads them all (`MAX_SCAN`) and pages in memory. They go with their pool (`forgetPool`) and,
 * where they name a client, with their client.
 */
const MAX_SCAN = 10_000;
const namespaces = new Set<string>();

export class PoolRecords<T extends object> {
  constructor(readonly namespace: string) {
    namespaces.add(namespace);
  }

  async get(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, key: string): Promise<T | undefined> {
    return (await deps.store.kv.get(this.namespace, `${poolId}/${key}`, deps.clock.now())) as T | undefined;
  }

  async put(deps: Pick<Deps, 'store'>, poolId: string, key: string, value: T): Promise<void> {
    await deps.store.kv.put(this.namespace, `${poolId}/${key}`, value as Record<string, unknown>);
  }

  async delete(deps: Pick<Deps, 'store'>, poolId: string, key: string): Promise<boolean> {
    return deps.store.kv.delete(this.namespace, `${poolId}/${key}`);
  }

  /** The pool's records whose key starts with `prefix`, in key order. */
  async list(deps: Pick<Deps, 'store'>, poolId: string, prefix = ''): Promise<Array<{ key: string; value: T }>> {
    const rows = await deps.store.kv.list(this.namespace, `${poolId}/${prefix}`, MAX_SCAN);
    return rows.map((r) => ({ key: r.key.slice(poolId.length + 1), value: r.value as T }));
  }

  async deleteWhere(deps: Pick<Deps, 'store'>, poolId: string, keep: (value: T) => boolean): Promise<void> {
    for (const r of await this.list(deps, poolId)) if (!keep(r.value)) await this.delete(deps, poolId, r.key);
  }
}

/** DeleteUserPool: every such record of the pool goes with it. */
export async function forgetPoolRecords(deps: Pick<Deps, 'store'>, poolId: string): Promise<void> {
  for (const namespace of namespaces) {
    for (const r of await deps.store.kv.list(namespace, `${poolId}/`, MAX_SCAN)) await deps.store.kv.delete(namespace, r.key);
  }
}
