import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runStoreContract } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-store-'));
const file = join(dir, 'cognate.db');

// Every call opens another connection to the same file, as a second process would.
runStoreContract(
  'sqlite',
  async () => openSqliteStore({ file }),
  async () => rmSync(dir, { recursive: true, force: true }),
);
