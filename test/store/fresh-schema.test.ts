import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { FRESH_SCHEMA, FRESH_SCHEMA_MIGRATIONS, freshSchemaOf } from '../../src/store/sqlite/fresh-schema.js';

/** What a schema is: sqlite_master in creation order, user_version, and the migrations recorded as applied. */
function schemaOf(db: Database.Database) {
  return {
    master: db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid').all(),
    userVersion: db.pragma('user_version', { simple: true }),
    migrations: db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all(),
  };
}

const MIGRATIONS_TABLE = 'CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

/** Every migration replayed, one by one, as the store applies them to a database made before they existed. */
function replayed(): Database.Database {
  const db = new Database(':memory:');
  db.exec(MIGRATIONS_TABLE);
  for (const m of SQLITE_MIGRATIONS) {
    db.exec(m.sql);
    db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, datetime('now'))").run(m.id, m.name);
  }
  return db;
}

describe('sqlite store: the precomputed schema of a new database (store/sqlite/fresh-schema.ts and .json)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-fresh-schema-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is the schema the migrations leave, and lists every migration (else new databases would replay them)', () => {
    const db = replayed();
    const expected = freshSchemaOf(db);
    db.close();
    const regenerate = 'src/store/sqlite/fresh-schema.json is out of date: run `npm run build && node scripts/generate-fresh-schema.mjs`';
    assert.equal(FRESH_SCHEMA_MIGRATIONS, SQLITE_MIGRATIONS.map((m) => m.id).join(','), `${regenerate} (its migrations must be SQLITE_MIGRATIONS' ids in order)`);
    assert.equal(FRESH_SCHEMA, expected, regenerate);
  });

  it('gives a new file the same sqlite_master, user_version and applied migrations as a replay, and the replay stays the path of an older file', async () => {
    const reference = replayed();
    const want = schemaOf(reference);
    reference.close();

    const freshFile = join(dir, 'fresh.db');
    await openSqliteStore({ file: freshFile }).close();
    const fresh = new Database(freshFile, { readonly: true });
    assert.deepEqual(schemaOf(fresh), want);
    fresh.close();

    // A file made by an older version (migration 1 only) replays the rest through the store's own code path.
    const olderFile = join(dir, 'older.db');
    const older = new Database(olderFile);
    older.exec(MIGRATIONS_TABLE);
    older.exec(SQLITE_MIGRATIONS[0]!.sql);
    older.prepare("INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))").run(SQLITE_MIGRATIONS[0]!.id, SQLITE_MIGRATIONS[0]!.name);
    older.close();
    await openSqliteStore({ file: olderFile }).close();
    const upgraded = new Database(olderFile, { readonly: true });
    assert.deepEqual(schemaOf(upgraded), want);
    upgraded.close();
  });
});
