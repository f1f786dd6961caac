/** `cognate totp --next`: waits for the next step and prints its code (issue 20 item 1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTotp } from '../../src/cli/totp.js';
import { ManualClock } from '../../src/platform/clock.js';
import { totpCode } from '../../src/domain/mfa/totp.js';
import { Capture } from './harness.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

async function totp(argv: string[], nowMs: number) {
  const stdout = new Capture();
  const stderr = new Capture();
  const waits: number[] = [];
  const code = await runTotp(argv, { stdout, stderr, env: {} }, new ManualClock(nowMs), async (ms) => {
    waits.push(ms);
  });
  return { code, stdout: stdout.text(), stderr: stderr.text(), waits };
}

test('totp --next waits until the next 30-s step begins and prints that step\'s code, not the current one', async () => {
  const now = 1_700_000_055_000; // 15 s into a step (steps start at multiples of 30 000 ms)
  const r = await totp(['--next', SECRET], now);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.waits, [15_020]);
  assert.equal(r.stdout, totpCode(SECRET, 1_700_000_070_000) + '\n');
  assert.notEqual(r.stdout, totpCode(SECRET, now) + '\n');
});

test('totp --next with --period and --at: no wait, the step after the given time', async () => {
  const r = await totp(['--next', '--period', '60', '--at', '119', SECRET], 0);
  assert.deepEqual(r.waits, []);
  assert.equal(r.stdout, totpCode(SECRET, 120_000, { stepSeconds: 60 }) + '\n');
});

test('totp --next with a bad secret fails at once, before any wait', async () => {
  const r = await totp(['--next', 'not base32!'], 1_700_000_045_000);
  assert.equal(r.code, 252);
  assert.deepEqual(r.waits, []);
});
