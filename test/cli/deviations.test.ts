/**
 * Issue 20's CLI deviations, each compared with a real AWS CLI where one is installed and has the behaviour
 * (Debian's /usr/bin/aws, else the first `aws` on PATH, e.g. a pyenv AWS CLI v1), and with the captured v2
 * fixtures or the documented v2 behaviour otherwise. v1 and v2 differ in exit codes and stderr framing
 * (v1: rc 255/2, `Error during pagination:`; v2: rc 252, `Error parsing parameter '--no-paginate':`), so the
 * comparisons take the part both versions share: the message text, the order of the listed words, whether a
 * request was sent. When no `aws` is found the comparisons are skipped with the reason; the assertions on
 * cognate's own output always run.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCannedServer, type CannedServer } from './canned-server.js';
import { TOK, tempDir } from './harness.js';
import { findAwsCli } from '../helpers/aws-cli.js';

const AWS = findAwsCli();
const skipReal = AWS ? false : 'no AWS CLI found (/usr/bin/aws or aws on PATH)';
if (!AWS) process.stdout.write('# deviations: comparisons with the real AWS CLI skipped, no aws found\n');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const COGNATE = [process.execPath, join(ROOT, 'bin', 'cognate')];

let server: CannedServer;
let home: string;

before(async () => {
  server = await startCannedServer();
  home = tempDir('cognate-deviations-');
  mkdirSync(join(home, 'home', '.aws'), { recursive: true });
  writeFileSync(join(home, 'home', '.aws', 'config'), '[profile dev]\nregion = us-east-1\n');
});

after(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  requests: number;
}

function run(bin: string[], args: string[], opts: { endpoint?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  server.setMode('auto');
  server.reset();
  const full = [...args, ...(opts.endpoint === false ? [] : ['--endpoint-url', server.url, '--region', 'us-east-1'])];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: join(home, 'home'),
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    AWS_PAGER: '',
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    ...opts.env,
  };
  return new Promise((resolve) => {
    const child = spawn(bin[0]!, [...bin.slice(1), ...full], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, requests: server.log.filter((r) => r.method === 'POST').length });
    });
  });
}

const real = (args: string[], opts?: Parameters<typeof run>[2]) => run([AWS!], args, opts);
const ours = (args: string[], opts?: Parameters<typeof run>[2]) => run(COGNATE, args, opts);

// ------------------------------------------------------------------ 5. paging options with manual paging
const PAGING: { name: string; args: string[]; refused: string }[] = [
  { name: '--limit with --max-items', args: ['cognito-idp', 'list-users', '--user-pool-id', 'p', '--limit', '2', '--max-items', '3'], refused: '--max-items' },
  {
    name: '--pagination-token with --starting-token and --page-size',
    args: ['cognito-idp', 'list-users', '--user-pool-id', 'p', '--pagination-token', 'p3', '--starting-token', 'abc', '--page-size', '3'],
    refused: '--starting-token, --page-size',
  },
  { name: '--max-results with --max-items', args: ['cognito-idp', 'list-user-pools', '--max-results', '3', '--max-items', '2'], refused: '--max-items' },
  { name: '--next-token with --starting-token', args: ['cognito-idp', 'list-user-pools', '--max-results', '3', '--next-token', 'n', '--starting-token', 's'], refused: '--starting-token' },
];

for (const c of PAGING) {
  test(`paging options refused once a paginator's own option turns paging off: ${c.name}`, async () => {
    const r = await ours(c.args);
    assert.equal(r.code, 252);
    assert.equal(r.requests, 0, 'nothing is sent');
    assert.equal(
      r.stderr,
      `\ncognate: [ERROR]: An error occurred (ParamValidation): Error parsing parameter '--no-paginate': Cannot specify --no-paginate along with pagination arguments: ${c.refused}\n`,
    );
  });
  test(`aws vs cognate: ${c.name} is refused with the same list`, { skip: skipReal, timeout: 60000 }, async () => {
    const [a, o] = [await real(c.args), await ours(c.args)];
    assert.notEqual(a.code, 0);
    assert.equal(a.requests, 0);
    const tail = (s: string) => /Cannot specify --no-paginate along with pagination arguments: .*/.exec(s)?.[0];
    assert.equal(tail(o.stderr), tail(a.stderr));
    assert.ok(tail(a.stderr), a.stderr);
  });
}

test('paging options still work with automatic paging, and a 0 --max-items is not "used"', async () => {
  const r = await ours(['cognito-idp', 'list-users', '--user-pool-id', 'p', '--limit', '2', '--max-items', '0']);
  assert.equal(r.code, 0, r.stderr);
});

// ------------------------------------------------------------------ 7. unknown options, mistyped commands
const UNKNOWN: string[][] = [
  ['cognito-idp', 'set-user-mfa-preference', '--foo', '1', '--access-token', TOK, '--bar', 'zz'],
  ['cognito-idp', 'set-user-mfa-preference', 'first', '--access-token', TOK, 'second', '--baz'],
  ['cognito-idp', 'get-user', '--access-token', TOK, 'a', 'b', '--x', 'c'],
  ['cognito-idp', 'get-user', '--access-token', TOK, '--foo', 'bar'],
];

for (const args of UNKNOWN) {
  test(`aws vs cognate: unknown options in argparse's order (${args.slice(2).join(' ')})`, { skip: skipReal, timeout: 60000 }, async () => {
    const [a, o] = [await real(args), await ours(args)];
    const line = (s: string) => /Unknown options: .*/.exec(s)?.[0];
    assert.ok(line(a.stderr), a.stderr);
    assert.equal(line(o.stderr), line(a.stderr));
    assert.equal(o.code, 252);
  });
}

test('unknown options: the first stray word goes last, as the CLI\'s `help` positional makes it', async () => {
  const r = await ours(UNKNOWN[0]!);
  assert.match(r.stderr, /Unknown options: --foo, --bar, zz, 1\n/);
});

const TYPOS = ['list-usrs', 'get-usr', 'admin-get-users', 'describe-user-pol', 'initiate-auht', 'zzzz'];
for (const typo of TYPOS) {
  test(`aws vs cognate: a mistyped command (${typo}) gets the CLI's "maybe you meant" list`, { skip: skipReal, timeout: 60000 }, async () => {
    const [a, o] = [await real(['cognito-idp', typo]), await ours(['cognito-idp', typo])];
    const block = (s: string) => /Invalid choice: '[^']*', maybe you meant:\n\n(?: {2}\* .*\n?)+/.exec(s)?.[0]?.trimEnd();
    assert.equal(block(o.stderr), block(a.stderr));
    assert.equal(o.code, 252);
  });
}

test('a mistyped command: argparse error, then the suggestions, then the usage', async () => {
  const r = await ours(['cognito-idp', 'list-usrs']);
  assert.equal(r.code, 252);
  assert.match(r.stderr, /^\ncognate: \[ERROR\]: An error occurred \(ParamValidation\): argument operation: Found invalid choice 'list-usrs'\n+Invalid choice: 'list-usrs', maybe you meant:\n\n {2}\* list-users\n\nusage: cognate /);
  const none = await ours(['cognito-idp', 'zzzz']);
  assert.doesNotMatch(none.stderr, /maybe you meant/);
});

// ------------------------------------------------------------------ 8. --profile with environment keys
const PROFILE_ARGS = ['cognito-idp', 'list-users', '--user-pool-id', 'p', '--profile', 'dev'];

test('--profile with environment keys: the CLI\'s one error, not the SDK\'s multi-line warning', async () => {
  const r = await ours(PROFILE_ARGS);
  assert.equal(r.code, 253);
  assert.equal(r.stderr, '\ncognate: [ERROR]: An error occurred (NoCredentials): Unable to locate credentials. You can configure credentials by running "aws login".\n');
});

test('aws vs cognate: --profile with environment keys prints only the credentials error', { skip: skipReal, timeout: 60000 }, async () => {
  const [a, o] = [await real(PROFILE_ARGS), await ours(PROFILE_ARGS)];
  const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines(a.stderr).length, 1, a.stderr);
  assert.equal(lines(o.stderr).length, 1, o.stderr);
  assert.match(lines(a.stderr)[0]!, /Unable to locate credentials/);
  assert.equal(a.requests + o.requests, 0);
});

// ------------------------------------------------------------------ 6. YAML of scalars and empty results
// v1 has no YAML output; these follow AWS CLI v2 (a lone scalar goes through its JSON dumper) and the captured
// v2 cases (every format prints nothing for an empty result: out-yaml-empty, gu-yaml-stream for the layout).
test('--output yaml of a scalar prints it as JSON, no document-end marker; yaml-stream of an empty result prints nothing', async () => {
  const gu = ['cognito-idp', 'get-user', '--access-token', TOK];
  const name = await ours([...gu, '--query', 'Username', '--output', 'yaml']);
  assert.equal(name.stdout, '"alice"\n');
  const none = await ours([...gu, '--query', 'Nope', '--output', 'yaml']);
  assert.equal(none.stdout, 'null\n');
  const empty = await ours(['cognito-idp', 'set-user-mfa-preference', '--access-token', TOK, '--output', 'yaml-stream']);
  assert.equal(empty.stdout, '');
  assert.equal(empty.code, 0);
});

// ------------------------------------------------------------------ 9. outbox usage and outputs
test('cognate outbox: its own usage on argument errors; every --output of the other commands', async () => {
  const bad = await ours(['outbox', '--bogus'], { endpoint: false });
  assert.equal(bad.code, 252);
  assert.match(bad.stderr, /^\ncognate: \[ERROR\]: Unknown options: --bogus\n\nusage: cognate outbox /);
  assert.doesNotMatch(bad.stderr, /<subcommand>/);
  const choice = await ours(['outbox', '--output', 'xml'], { endpoint: false });
  assert.equal(choice.code, 252);
  assert.match(choice.stderr, /argument --output: Found invalid choice 'xml'[\s\S]*usage: cognate outbox /);
  for (const output of ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off']) {
    const r = await ours(['outbox', '--endpoint-url', 'http://127.0.0.1:1', '--output', output], { endpoint: false });
    assert.notEqual(r.code, 252, `${output}: ${r.stderr}`);
  }
});

test('cognate outbox reads the configured endpoint the way cognito-idp does (profile endpoint_url)', async () => {
  writeFileSync(join(home, 'home', '.aws', 'config'), `[profile dev]\nregion = us-east-1\n\n[profile local]\nendpoint_url = http://127.0.0.1:1\n`);
  const r = await ours(['outbox', '--profile', 'local'], { endpoint: false });
  assert.equal(r.code, 255);
  assert.match(r.stderr, /Could not connect to the endpoint URL: "http:\/\/127\.0\.0\.1:1\/_cognate\/outbox"/);
  writeFileSync(join(home, 'home', '.aws', 'config'), '[profile dev]\nregion = us-east-1\n');
});
