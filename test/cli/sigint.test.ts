/**
 * Golden case `sigint`: Ctrl-C while waiting for a slow response. The real CLI (every version) writes a single
 * "\n" to stdout, nothing to stderr, and exits 130.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCannedServer } from './canned-server.js';
import { loadExpected, TOK } from './harness.js';

test('SIGINT during a slow call: stdout "\\n", empty stderr, exit code 130 (golden case sigint)', { timeout: 20000 }, async () => {
  const expected = loadExpected().sigint['v2.36.7'];
  const server = await startCannedServer();
  server.setMode('slow', 5000);
  try {
    const runner = join(dirname(fileURLToPath(import.meta.url)), 'run-cli.js');
    const child = spawn(process.execPath, [runner, 'set-user-mfa-preference', '--access-token', TOK, '--endpoint-url', server.url, '--region', 'us-east-1'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // wait until the request has reached the server, then interrupt
    for (let i = 0; i < 100 && server.log.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.log.length, 1, 'the request was sent before the signal');
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    assert.equal(code, expected.exitCode);
    assert.equal(stdout, '\n');
    assert.equal(stderr, expected.stderr);
  } finally {
    await server.close();
  }
});
