#!/usr/bin/env node
// Runs every compiled *.test.js under dist/ with node's test runner (Node 20's --test takes no globs).
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern=…); a path prefix narrows the files, and
// --exclude=<path prefix> (repeatable) leaves files out:
//   node scripts/run-tests.mjs dist/test/mfa
//   node scripts/run-tests.mjs --exclude=dist/test/examples
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const prefixes = args.filter((a) => a.startsWith('dist/'));
const excluded = args.filter((a) => a.startsWith('--exclude=')).map((a) => a.slice('--exclude='.length));
const flags = args.filter((a) => !a.startsWith('dist/') && !a.startsWith('--exclude='));
const roots = prefixes.length ? prefixes : ['dist/src', 'dist/test', 'dist/bench'];

const files = [];
const walk = (p) => {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
  else if (p.endsWith('.test.js') && !excluded.some((x) => p.startsWith(x))) files.push(p);
};
roots.forEach(walk);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')} (did the build run?)`);
  process.exit(1);
}
const concurrency = process.env.COGNATE_TEST_CONCURRENCY ?? '2';
// Every server the tests start, in process or as a child, answers an error its operation does not model with a 500
// naming both (protocol/errors.ts), so a test that meets one fails.
process.env.COGNATE_CHECK_MODELLED_ERRORS ??= '1';
const r = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...flags, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
