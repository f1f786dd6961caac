/**
 * `cognate --help`, `--version`, `serve --help` and the request log of `--log-level info` (issue 20 item 3).
 * The option list is checked against the config module's own flag and environment tables, and against the
 * README, so an option added to src/config cannot stay undocumented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ENV, FLAGS } from '../../src/config/config.js';
import { SERVE_USAGE } from '../../src/cli/usage.js';
import { versionString } from '../../src/cli/aws/index.js';
import { createLogger } from '../../src/platform/log.js';
import { startTestServer } from '../helpers/server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cognate = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'cognate'), ...args], { encoding: 'utf8' });

test('cognate --version, --help, serve --help and serve -h print to stdout and exit 0', () => {
  const v = cognate('--version');
  assert.equal(v.status, 0);
  assert.equal(v.stdout, versionString() + '\n');
  const h = cognate('--help');
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^usage: cognate <command> \[options\]/);
  for (const flag of ['--help', '-h']) {
    const s = cognate('serve', flag);
    assert.equal(s.status, 0, s.stderr);
    assert.equal(s.stdout, SERVE_USAGE);
  }
  const bad = cognate('serve', '--log-level', 'loud');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /log level must be debug, info, warn or error/);
  const none = cognate();
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^usage: cognate/);
});

test('every serve flag and environment variable of src/config is in `serve --help` and in the README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const flag of [...Object.keys(FLAGS), '--config']) {
    assert.ok(SERVE_USAGE.includes(`${flag} `), `serve --help lacks ${flag}`);
    assert.ok(readme.includes('`' + flag), `README lacks ${flag}`);
  }
  for (const name of [...Object.keys(ENV), 'COGNATE_CONFIG', 'COGNATE_ACCESS_KEYS']) {
    assert.ok(SERVE_USAGE.includes(name), `serve --help lacks ${name}`);
    assert.ok(readme.includes('`' + name), `README lacks ${name}`);
  }
});

test('--log-level info: one line per request with operation, status and duration, never a password or token', async () => {
  const lines: string[] = [];
  const s = await startTestServer({ log: createLogger('info', (l) => lines.push(l)) });
  try {
    const { UserPool } = await s.client.send(new CreateUserPoolCommand({ PoolName: 'log' }));
    const { UserPoolClient } = await s.client.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    const clientId = UserPoolClient!.ClientId!;
    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: 'Secret#Pass1word' }));
    await assert.rejects(s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bob', PASSWORD: 'Wrong#Pass1word' } })));
    await fetch(`${s.url}/_cognate/outbox?username=bob&code=123456`).catch(() => undefined);
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    assert.deepEqual(
      requests.map((r) => [r.operation, r.status]),
      [
        ['CreateUserPool', 200],
        ['CreateUserPoolClient', 200],
        ['SignUp', 200],
        ['InitiateAuth', 400],
        ['GET /_cognate/outbox', requests[4]?.status],
      ],
    );
    for (const r of requests) assert.equal(typeof r.ms, 'number');
    const all = lines.join('\n');
    for (const secret of ['Secret#Pass1word', 'Wrong#Pass1word', 'username=bob', '123456', clientId]) assert.ok(!all.includes(secret), `log holds ${secret}`);
  } finally {
    await s.stop();
  }
});

test('--log-level warn: no request lines', async () => {
  const lines: string[] = [];
  const s = await startTestServer({ log: createLogger('warn', (l) => lines.push(l)), env: { COGNATE_LOG_LEVEL: 'warn' } });
  try {
    await s.client.send(new CreateUserPoolCommand({ PoolName: 'quiet' }));
    assert.ok(!lines.some((l) => (JSON.parse(l) as { msg: string }).msg === 'request'));
  } finally {
    await s.stop();
  }
});
