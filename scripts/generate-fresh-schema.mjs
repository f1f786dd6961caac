#!/usr/bin/env node
// Writes src/store/sqlite/fresh-schema.json: the schema SQLITE_MIGRATIONS leave, as a new SQLite database gets it in
// one exec instead of replaying every migration (src/store/sqlite/fresh-schema.ts; docs/performance.md, "Cold start").
// It replays the compiled migrations (run `npm run build` first) into an in-memory database and dumps its
// sqlite_master (tables and indexes, in creation order). test/store/fresh-schema.test.ts fails when the file is stale.
//   npm run build && node scripts/generate-fresh-schema.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { SQLITE_MIGRATIONS } = await import(join(root, 'dist/src/store/sqlite/migrations.js'));
const Database = createRequire(import.meta.url)('better-sqlite3');
const { freshSchemaOf } = await import(join(root, 'dist/src/store/sqlite/fresh-schema.js'));

const db = new Database(':memory:');
for (const m of SQLITE_MIGRATIONS) db.exec(m.sql);
const out = { migrations: SQLITE_MIGRATIONS.map((m) => m.id).join(','), sql: freshSchemaOf(db) };
db.close();
const file = join(root, 'src/store/sqlite/fresh-schema.json');
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${file} (migrations ${out.migrations})`);
