import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../helpers/server.js';
import { createPool } from '../helpers/fixtures.js';

/**
 * Attack: another local account reads the data folder. It was created 0755 and the SQLite files 0644, and they
 * hold outbox codes, temporary passwords, SRP verifiers and the master key's neighbours: any user of the machine
 * could read them. The folder must be 0700 and every file in it 0600 (SQLite's -wal and -shm included).
 */
const mode = (p: string) => statSync(p).mode & 0o777;

describe('data folder permissions', () => {
  it('world-readable data: a new data folder is 0700 and cognate.db, its -wal and -shm and master.key are 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'cognate-modes-'));
    const dataDir = join(parent, 'data');
    const s = await startTestServer({ dataDir });
    try {
      await createPool(s);
      assert.equal(mode(dataDir).toString(8), '700');
      for (const f of ['cognate.db', 'cognate.db-wal', 'cognate.db-shm', 'master.key']) {
        const file = join(dataDir, f);
        if (f !== 'master.key' && process.env.COGNATE_TEST_STORE === 'postgres') continue;
        assert.ok(existsSync(file), f);
        assert.equal(mode(file).toString(8), '600', f);
      }
    } finally {
      await s.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('world-readable data: files left readable by an older version are tightened at start-up', async (t) => {
    if (process.env.COGNATE_TEST_STORE === 'postgres') return t.skip('the SQLite files exist only with the SQLite store');
    const parent = mkdtempSync(join(tmpdir(), 'cognate-modes-'));
    const dataDir = join(parent, 'data');
    let s = await startTestServer({ dataDir });
    await createPool(s);
    await s.stop();
    for (const f of ['cognate.db', 'master.key']) chmodSync(join(dataDir, f), 0o644);
    s = await startTestServer({ dataDir });
    try {
      for (const f of ['cognate.db', 'cognate.db-wal', 'cognate.db-shm', 'master.key']) assert.equal(mode(join(dataDir, f)).toString(8), '600', f);
    } finally {
      await s.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
