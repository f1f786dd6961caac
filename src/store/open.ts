import { join, resolve } from 'node:path';
import type { ServerConfig } from '../config/config.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

/** Picks the adapter from config: the embedded SQLite file in the data folder, or (later) PostgreSQL. */
export async function openStore(config: Pick<ServerConfig, 'store' | 'dataDir' | 'durability'>): Promise<Store> {
  if (config.store === 'sqlite' || config.store === '') {
    return openSqliteStore({ file: join(resolve(config.dataDir), 'cognate.db'), durability: config.durability });
  }
  if (config.store.startsWith('sqlite:')) return openSqliteStore({ file: config.store.slice('sqlite:'.length), durability: config.durability });
  throw new Error(`unsupported store: ${config.store.replace(/\/\/[^@]*@/, '//***@')} (supported: sqlite)`);
}
