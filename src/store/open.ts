import { join, resolve } from 'node:path';
import type { ServerConfig } from '../config/config.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import { StoreUnavailableError, type Store } from './types.js';
import type { Logger } from '../platform/log.js';
import type { RequestEpoch } from '../platform/request-epoch.js';

/**
 * Picks the adapter from config: the embedded SQLite file in the data folder (`sqlite`, or `sqlite:<file>`), or
 * PostgreSQL (`postgres://…` / `postgresql://…`, see postgres/postgres-store.ts for the URL parameters).
 */
export async function openStore(
  config: Pick<ServerConfig, 'store' | 'dataDir' | 'durability'> & Partial<Pick<ServerConfig, 'storeTimeoutMs'>>,
  log?: Logger,
  options: { requestEpoch?: RequestEpoch } = {},
): Promise<Store> {
  const { durability, storeTimeoutMs } = config;
  const { requestEpoch } = options;
  if (config.store === 'sqlite' || config.store === '') {
    return openSqliteStore({ file: join(resolve(config.dataDir), 'cognate.db'), durability, busyTimeoutMs: storeTimeoutMs, requestEpoch });
  }
  if (config.store.startsWith('sqlite:')) return openSqliteStore({ file: config.store.slice('sqlite:'.length), durability, busyTimeoutMs: storeTimeoutMs, requestEpoch });
  if (/^postgres(ql)?:\/\//.test(config.store)) {
    // Loaded on demand: SQLite users never load pg.
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    try {
      let last: 'live' | 'down' | undefined;
      return await openPostgresStore({
        url: config.store,
        queryTimeoutMs: storeTimeoutMs,
        // The pool/client cache works only while its LISTEN connection does: say when that changes (not per retry).
        onConfigListener: (s) => {
          if (s.state === last) return;
          last = s.state;
          if (s.state === 'down') log?.warn('postgres: config-change listener is down; pools and clients are read uncached until it reconnects', { error: s.error });
          else log?.info('postgres: config-change listener connected; pools and clients are cached');
        },
      });
    } catch (e) {
      // At start-up there is no request to fail: say what could not be reached and why.
      const cause = e instanceof StoreUnavailableError && e.cause instanceof Error ? e.cause : e;
      const reason = cause instanceof Error ? cause.message || String((cause as { code?: unknown }).code ?? cause.name) : String(cause);
      throw new Error(`cannot open the PostgreSQL store ${redactUrl(config.store)}: ${reason}`, { cause: e });
    }
  }
  throw new Error(`unsupported store: ${redactUrl(config.store)} (supported: sqlite, sqlite:<file>, postgres://…)`);
}

/** A store URL fit for logs and error messages: the password never appears. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
