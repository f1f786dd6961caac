import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createBareServer } from './bare-server.js';
import { seedCognate, accessKeyEnv, BENCH_PUBLIC_URL, writeFixture } from './seed-cognate.js';
import { runLoad } from './loader.js';
import { buildRequests, SCENARIOS, type Counters } from './scenarios.js';
import { startChild } from './processes.js';
import { parseOptions } from './options.js';
import { BENCH_ACCESS_KEY, MFA_PREFERENCE_SETTINGS, type Fixture } from './fixture.js';
import { createSigner } from './sigv4.js';

/** The bench harness itself (not cognate's speed): no timing is asserted anywhere here. */
const HERE = dirname(fileURLToPath(import.meta.url));
const MAIN = join(HERE, '..', 'src', 'main.js');

const post = async (url: string, target: string, body: unknown) => {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, any> };
};

test('the bare ceiling parses the JSON body and answers {}', async () => {
  const server = createBareServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assert.deepEqual(await post(url, 'SetUserMFAPreference', { AccessToken: 'x', ...MFA_PREFERENCE_SETTINGS }), { status: 200, json: {} });
    const bad = await fetch(url, { method: 'POST', body: '{not json' });
    assert.equal(bad.status, 400);
  } finally {
    server.close();
  }
});

test('TOTP picks: a user whose sign-in is under way is not picked again in the next step (its older code would lose the race)', (t) => {
  const users = ['u0', 'u1'].map((username) => ({ username, secret: 'JBSWY3DPEHPK3PXP' }));
  const fixture = { clientId: 'c', totpUsers: users, password: 'p' } as unknown as Fixture;
  let now = 30_000 * 1000 + 29_000;
  t.mock.method(Date, 'now', () => now);
  const setup = () => {
    const counters: Counters = { built: 0, signIns: 0, wrapped: false, totpExhausted: 0, failures: [] };
    const [first, second] = buildRequests('SignIn/TOTP', fixture, 'h', counters, { cursor: 0, last: [] }) as any[];
    const pick = () => {
      const ctx: Record<string, any> = {};
      first.setupRequest({}, ctx);
      return ctx;
    };
    return { counters, first, second, pick };
  };

  // Both users' sign-ins under way as the step changes: none is free, which counts as exhausted (its failure is
  // allowed) instead of taking u0 as fresh.
  let l = setup();
  assert.deepEqual([l.pick().user.username, l.pick().user.username], ['u0', 'u1']);
  now += 2_000;
  l.pick();
  assert.equal(l.counters.totpExhausted, 1);

  // A sign-in that ended (answered, or failed at its first step: no second request) frees its user.
  now = 30_000 * 2000 + 29_000;
  l = setup();
  const a = l.pick();
  const b = l.pick();
  l.first.onResponse(200, JSON.stringify({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's' }), a);
  l.second.setupRequest({}, a);
  l.second.onResponse(200, '{"AuthenticationResult":{"AccessToken":"x"}}', a);
  l.first.onResponse(400, '{}', b);
  assert.equal(l.second.setupRequest({}, b), undefined);
  now += 2_000;
  assert.deepEqual([l.pick().user.username, l.pick().user.username], ['u0', 'u1']);
  assert.equal(l.counters.totpExhausted, 0);
  assert.equal(l.counters.signIns, 1);
});

test('options: defaults, --quick, and refusals', () => {
  const d = parseOptions([]);
  assert.equal(d.users, 10_000);
  assert.equal(d.cognitoLocalUsers, 10_000);
  const q = parseOptions(['--quick', '--users', '800']);
  assert.equal(q.users, 800);
  assert.equal(q.runs, 1);
  assert.equal(parseOptions(['--users=1_000_000']).cognitoLocalUsers, 10_000);
  assert.throws(() => parseOptions(['--store', 'mysql://x']));
  assert.throws(() => parseOptions(['--durability', 'fast']));
});

test('seeded users sign in, seeded tokens are accepted by a cognate process, and every scenario runs without failures', { timeout: 180_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cognate-bench-test-'));
  try {
    const dataDir = join(tmp, 'data');
    const fixture = await seedCognate({ users: 60, store: 'sqlite', dataDir, tokens: 150, repeatTokens: 10, totpUsers: 30, signInUsers: 20, adminUsers: 50, threatUsers: 10 });
    assert.equal(fixture.freshTokens.length, 150);
    assert.equal(new Set(fixture.freshTokens).size, 150);
    assert.equal(fixture.totpUsers.length, 30);
    assert.equal(fixture.signInUsers.length, 20);
    assert.equal(fixture.threat?.signInUsers.length, 10);
    const file = join(tmp, 'fixture.json');
    writeFixture(file, fixture);

    const server = await startChild(
      [process.execPath, MAIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--public-url', BENCH_PUBLIC_URL, '--log-level', 'warn'],
      { ready: /cognate listening on (http:\/\/\S+)/, env: accessKeyEnv() },
    );
    try {
      const set = await post(server.url, 'SetUserMFAPreference', { AccessToken: fixture.freshTokens[0], ...MFA_PREFERENCE_SETTINGS });
      assert.deepEqual(set, { status: 200, json: {} });
      const me = await post(server.url, 'GetUser', { AccessToken: fixture.freshTokens[1] });
      assert.equal(me.status, 200);
      const signIn = await post(server.url, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: fixture.clientId, AuthParameters: { USERNAME: fixture.signInUsers[0], PASSWORD: fixture.password } });
      assert.equal(signIn.status, 200);
      assert.ok(signIn.json.AuthenticationResult?.AccessToken);
      const totp = await post(server.url, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: fixture.clientId, AuthParameters: { USERNAME: fixture.totpUsers[0]!.username, PASSWORD: fixture.password } });
      assert.equal(totp.json.ChallengeName, 'SOFTWARE_TOKEN_MFA');

      // One threat-protected sign-in before the load: it loads the breached-password list (~30 ms, once per process),
      // which this test's 1-s window without warm-up would otherwise include. The bench's own warm-up absorbs it.
      const audited = await post(server.url, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: fixture.threat!.clientId, AuthParameters: { USERNAME: fixture.threat!.signInUsers[0], PASSWORD: fixture.password } });
      assert.ok(audited.json.AuthenticationResult?.AccessToken, JSON.stringify(audited.json));

      writeFileSync(join(tmp, 'totp.json'), JSON.stringify({ cursor: 1, last: [] }));
      for (const scenario of SCENARIOS) {
        const r = await runLoad({ scenario, url: server.url, fixtureFile: file, duration: 1, warmup: 0, connections: 2, totpStateFile: join(tmp, 'totp.json') });
        assert.ok(r.requests > 0, `${scenario}: no request completed`);
        // 30 TOTP users last a fraction of a second at full speed; a user taken again in the same 30-s step is refused
        // (codes are single use), and the loader counts each such pick: those are the only failures allowed.
        assert.ok(r.non2xx + r.errors <= r.totpExhausted, `${scenario}: ${r.failures.join('; ')}`);
        if (scenario.startsWith('SignIn/') || scenario.startsWith('InitiateAuth')) assert.ok(r.signIns > 0, `${scenario}: no sign-in completed`);
      }
      // The threat scenario's sign-ins were evaluated and recorded (AUDIT), so it measures threat protection's cost.
      const body = JSON.stringify({ UserPoolId: fixture.threat!.poolId, Username: fixture.threat!.signInUsers[0] });
      const events = await fetch(server.url, { method: 'POST', headers: createSigner(BENCH_ACCESS_KEY, fixture.region)(new URL(server.url).host, 'AWSCognitoIdentityProviderService.AdminListUserAuthEvents', body, Date.now()), body });
      const listed = (await events.json()) as { AuthEvents?: Array<{ EventType: string; EventResponse: string; EventRisk?: { RiskDecision?: string } }> };
      assert.equal(events.status, 200, JSON.stringify(listed));
      assert.ok(listed.AuthEvents!.length > 0, 'no auth event recorded for a threat-scenario user');
      assert.ok(listed.AuthEvents!.every((e) => e.EventType === 'SignIn' && e.EventResponse === 'Pass'), JSON.stringify(listed.AuthEvents));
      // The main pool has threat protection off: it records nothing, and says so.
      const offBody = JSON.stringify({ UserPoolId: fixture.poolId, Username: fixture.signInUsers[0] });
      const off = await fetch(server.url, { method: 'POST', headers: createSigner(BENCH_ACCESS_KEY, fixture.region)(new URL(server.url).host, 'AWSCognitoIdentityProviderService.AdminListUserAuthEvents', offBody, Date.now()), body: offBody });
      assert.equal(off.status, 400);
      assert.equal(((await off.json()) as { __type: string }).__type, 'UserPoolAddOnNotEnabledException');
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
