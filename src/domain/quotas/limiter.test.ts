import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../platform/clock.js';
import type { QuotaRepository } from '../../store/types.js';
import { QuotaLimiter } from './limiter.js';

/** The store's lease semantics in memory (the real ones are the store contract's), counting the round trips. */
function memoryQuotas() {
  const rows = new Map<string, { window: number; used: number; provisioned?: number }>();
  const calls: Array<{ bucket: string; want: number }> = [];
  const repo: QuotaRepository = {
    async lease(bucket, window, want, free) {
      calls.push({ bucket, want });
      await Promise.resolve();
      const row = rows.get(bucket) ?? { window, used: 0 };
      if (row.window > window) return { granted: 0 };
      if (row.window < window) Object.assign(row, { window, used: 0 });
      const granted = Math.max(0, Math.min(want, (row.provisioned ?? free) - row.used));
      row.used += granted;
      rows.set(bucket, row);
      return row.provisioned === undefined ? { granted } : { granted, provisioned: row.provisioned };
    },
    async getProvisioned(bucket) {
      return rows.get(bucket)?.provisioned;
    },
    async setProvisioned(bucket, value) {
      rows.set(bucket, { window: 0, used: 0, ...rows.get(bucket), provisioned: value });
    },
  };
  return { repo, calls };
}

const admitAll = async (limiter: QuotaLimiter, op: string, n: number, input: Record<string, unknown> = {}) =>
  (await Promise.all(Array.from({ length: n }, () => limiter.admit(op, input)))).filter(Boolean).length;

test('a process leases a tenth of the limit at a time: most requests are answered without the store', async () => {
  const { repo, calls } = memoryQuotas();
  const clock = new ManualClock(1_700_000_000_000);
  const limiter = new QuotaLimiter({ store: { quotas: repo }, clock, limits: { UserRead: 100 } });
  let admitted = 0;
  for (let i = 0; i < 120; i++) if (await limiter.admit('GetUser', {})) admitted++;
  assert.equal(admitted, 100);
  assert.equal(calls.length, 11, 'ten slices of ten, and one lease that found the window spent');
  assert.equal(limiter.admit('AdminGetUser', {}), false, 'a spent window is refused without asking the store again');
  assert.equal(calls.length, 11);
  clock.advance(1000);
  assert.equal(await limiter.admit('GetUser', {}), true, 'the next window has a fresh budget');
});

test('concurrent requests that find the slice empty share one lease', async () => {
  const { repo, calls } = memoryQuotas();
  const limiter = new QuotaLimiter({ store: { quotas: repo }, clock: new ManualClock(1_700_000_000_000), limits: { UserList: 20 } });
  assert.equal(await admitAll(limiter, 'ListUsers', 2), 2);
  assert.equal(calls.length, 1);
  assert.equal(await admitAll(limiter, 'ListUsers', 30), 18);
});

test('two processes on one store never admit more than the limit together', async () => {
  const { repo } = memoryQuotas();
  const clock = new ManualClock(1_700_000_000_000);
  const a = new QuotaLimiter({ store: { quotas: repo }, clock, limits: { UserCreation: 35 } });
  const b = new QuotaLimiter({ store: { quotas: repo }, clock, limits: { UserCreation: 35 } });
  let admitted = 0;
  for (let i = 0; i < 40; i++) for (const p of [a, b]) if (await p.admit('SignUp', {})) admitted++;
  assert.equal(admitted, 35);
});

test('challenge answers: NEW_PASSWORD_REQUIRED is account recovery; others have three times UserAuthentication, then spend it', async () => {
  const { repo } = memoryQuotas();
  const limiter = new QuotaLimiter({ store: { quotas: repo }, clock: new ManualClock(1_700_000_000_000), limits: { UserAuthentication: 2, UserAccountRecovery: 1 } });
  assert.equal(await admitAll(limiter, 'RespondToAuthChallenge', 5, { ChallengeName: 'NEW_PASSWORD_REQUIRED' }), 1);
  assert.equal(await admitAll(limiter, 'AdminRespondToAuthChallenge', 6, { ChallengeName: 'SMS_MFA' }), 6);
  assert.equal(await admitAll(limiter, 'RespondToAuthChallenge', 3, { ChallengeName: 'SOFTWARE_TOKEN_MFA' }), 2, 'past the allowance, UserAuthentication');
  assert.equal(await limiter.admit('InitiateAuth', {}), false);
});

test('a provisioned limit replaces the free one at once, and challenge answers follow UserAuthentication', async () => {
  const { repo } = memoryQuotas();
  const limiter = new QuotaLimiter({ store: { quotas: repo }, clock: new ManualClock(1_700_000_000_000), limits: { UserAuthentication: 1 } });
  assert.equal(await admitAll(limiter, 'InitiateAuth', 3), 1);
  await limiter.setProvisionedLimit('UserAuthentication', 4);
  assert.equal(await limiter.provisionedLimit('UserAuthentication'), 4);
  assert.equal(limiter.freeLimit('UserAuthentication'), 1);
  assert.equal(await admitAll(limiter, 'InitiateAuth', 5), 3, 'four in this window in all');
  assert.equal(await admitAll(limiter, 'RespondToAuthChallenge', 20, {}), 12);
});
