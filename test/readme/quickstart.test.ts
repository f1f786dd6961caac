/**
 * The README's quickstart, run as written: the ```sh blocks of "Quickstart with the AWS CLI" are extracted from
 * README.md at test time and run with bash against a fresh `cognate serve --port 0` process. The only change
 * made to them is the one the README announces: `http://127.0.0.1:9229` becomes the fresh server's URL. The first
 * block runs in the checkout (it puts `cognate` on PATH); the others run in an unrelated temporary folder, which
 * is what "works from any folder" means. Then the aws-jwt-verify snippet of "Verifying tokens with
 * aws-jwt-verify", extracted the same way, must verify the access token the quickstart ends with.
 *
 * `aws` is the real AWS CLI when one is installed (test/helpers/aws-cli.ts: Debian's, else the first on PATH);
 * otherwise an `aws` that runs `cognate` (the README says `cognate cognito-idp …` works in place of
 * `aws cognito-idp …`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAwsCli } from '../helpers/aws-cli.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');
const README_URL = 'http://127.0.0.1:9229';

/** The fenced blocks of one language under a `## heading`, up to the next `## `. */
export function blocksUnder(markdown: string, heading: string, lang: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has no "## ${heading}"`);
  const rest = markdown.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  const re = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm');
  return [...section.matchAll(re)].map((m) => m[1]!);
}

let server: ChildProcess;
let url: string;
let work: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'cognate-readme-'));
  server = spawn(process.execPath, [join(ROOT, 'bin', 'cognate'), 'serve', '--port', '0', '--data', join(work, 'data'), '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr!.resume();
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`cognate serve exited ${code}: ${out}`)));
  });
});

after(() => {
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

test('the README quickstart runs as written (any folder, TOTP with --next) and its aws-jwt-verify snippet verifies the token', { timeout: 300000 }, () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = blocksUnder(readme, 'Quickstart with the AWS CLI', 'sh');
  assert.ok(blocks.length >= 3, 'setup, flow and MFA sign-in blocks');
  assert.ok(blocks.slice(1).every((b) => !b.includes('./bin/')), 'after the first block nothing depends on the checkout folder');
  assert.match(blocks.join('\n'), /cognate totp --next/);
  const [setup, ...rest] = blocks.map((b) => b.split(README_URL).join(url));

  const elsewhere = join(work, 'elsewhere');
  mkdirSync(join(elsewhere, 'home'), { recursive: true });
  const shimDir = join(work, 'shim');
  mkdirSync(shimDir);
  const aws = findAwsCli();
  const runAws = aws ? `exec "${aws}" "$@"` : `exec "${process.execPath}" "${join(ROOT, 'bin', 'cognate')}" "$@"`;
  writeFileSync(join(shimDir, 'aws'), `#!/bin/sh\n${runAws}\n`);
  chmodSync(join(shimDir, 'aws'), 0o755);
  process.stdout.write(`# quickstart: aws is ${aws ?? 'cognate (no AWS CLI installed)'}\n`);
  const script = [
    'set -euo pipefail',
    setup,
    `cd '${elsewhere}'`,
    ...rest,
    `printf '%s\\n' "$POOL" "$CLIENT" "$ACCESS" > '${join(work, 'vars')}'`,
  ].join('\n');
  const env: NodeJS.ProcessEnv = {
    PATH: `${shimDir}:${process.env.PATH}`,
    HOME: join(elsewhere, 'home'),
    LANG: 'C.UTF-8',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
  };
  const r = spawnSync('bash', ['-c', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 240000 });
  assert.equal(r.status, 0, `quickstart failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /alice/, 'get-user --output table shows the user');
  const [pool, client, access] = readFileSync(join(work, 'vars'), 'utf8').trim().split('\n');
  assert.match(pool!, /^us-east-1_\w+$/);
  assert.match(access!, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/, 'the MFA sign-in ended with an access token');

  const [snippet] = blocksUnder(readme, 'Verifying tokens with aws-jwt-verify', 'js');
  assert.ok(snippet, 'README has the aws-jwt-verify snippet');
  // In the checkout's dist/ so that `import 'aws-jwt-verify'` resolves to the checkout's node_modules.
  const file = join(HERE, `.verify-${process.pid}.mjs`);
  writeFileSync(file, snippet.split(README_URL).join(url));
  try {
    const ok = spawnSync(process.execPath, [file, pool!, client!, access!], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, 'valid: alice (access)\n');
    const wrongClient = spawnSync(process.execPath, [file, pool!, 'someotherclient', access!], { encoding: 'utf8' });
    assert.notEqual(wrongClient.status, 0, 'the snippet refuses a token of another app client');
    const tampered = spawnSync(process.execPath, [file, pool!, client!, access!.slice(0, -4) + 'AAAA'], { encoding: 'utf8' });
    assert.notEqual(tampered.status, 0, 'the snippet refuses a bad signature');
  } finally {
    rmSync(file, { force: true });
  }
});
