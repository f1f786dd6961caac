#!/usr/bin/env node
// Bundles the compiled program (dist/src/main.js and everything it imports from this repository) into
// dist/bundle/cognate/: one ES module per entry plus lazily loaded chunks (one per operation), the npm packages
// left as imports. bin/cognate and `npm start` run the bundle: loading ~110 modules one file at a time took about
// a sixth of cognate's cold start (docs/performance.md, "Cold start"). The tests run dist/src/ module by module and
// the bundle through bin/cognate (test/multiprocess/bundle.test.ts, test/readme/quickstart.test.ts).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle', 'cognate');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist', 'src', 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Class and function names stay as written: errors and logs name them.
  keepNames: true,
  logLevel: 'warning',
});
