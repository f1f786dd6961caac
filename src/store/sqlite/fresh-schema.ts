import type Database from 'better-sqlite3';
import SCHEMA from './fresh-schema.json' with { type: 'json' };

/**
 * The schema SQLITE_MIGRATIONS (./migrations.ts) leave, written out: a new database gets it in one exec instead of a
 * replay of every migration (migration 2's table rebuilds, useless on an empty database, were most of the ~5-8 ms a
 * new data folder spent migrating; docs/performance.md, "Cold start"). It is the replayed database's sqlite_master
 * (tables, indexes, in creation order), generated into fresh-schema.json by scripts/generate-fresh-schema.mjs, not
 * written by hand: test/store/fresh-schema.test.ts replays the migrations and fails when the two differ. A migration
 * appended without regenerating the file is never skipped: FRESH_SCHEMA_MIGRATIONS no longer lists SQLITE_MIGRATIONS'
 * ids, and new databases replay them all (sqlite-store.ts).
 */
export const FRESH_SCHEMA_MIGRATIONS: string = SCHEMA.migrations;
export const FRESH_SCHEMA: string = SCHEMA.sql;

/** What FRESH_SCHEMA must be for a database the migrations made: its tables and indexes in creation order. */
export function freshSchemaOf(db: Database.Database): string {
  const rows = db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT IN ('schema_migrations', 'sqlite_sequence') ORDER BY rowid").all() as Array<{ sql: string }>;
  return '\n' + rows.map((r) => r.sql + ';').join('\n') + '\n';
}
