/**
 * The acceptance flow against a running cognate, entirely through the command line: create a pool and
 * a client, a user, sign in, associate and verify a TOTP token (`cognate totp` computes the code), then the seed
 * page's example `set-user-mfa-preference` prints nothing and exits 0, and `get-user --output table` / `--query`
 * show the preference. Also `cognate outbox --code` feeding `confirm-sign-up`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCognitoIdp } from '../../src/cli/aws/index.js';
import { runOutbox } from '../../src/cli/outbox.js';
import { runTotp } from '../../src/cli/totp.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../helpers/server.js';
import { Capture } from './harness.js';

let server: TestServer;
const env = () => ({
  HOME: '/nonexistent',
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: server.url,
});

// Started without access keys: cognate then accepts any SigV4 signature. The test at the end checks real
// signature verification with configured keys.
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCognitoIdp(args, { stdout, stderr, env: env(), programName: 'cognate' });
  return { code, out: stdout.text(), err: stderr.text() };
}

async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  assert.equal(r.code, 0, `${args[0]} failed: ${r.err}`);
  return r.out;
}

test('seed example end to end: TOTP enrolment, set-user-mfa-preference prints nothing, get-user shows it', { timeout: 30000 }, async () => {
  const poolId = (await ok(['create-user-pool', '--pool-name', 'cli-e2e', '--query', 'UserPool.Id', '--output', 'text'])).trim();
  assert.match(poolId, /^us-east-1_\w+$/);
  await ok(['set-user-pool-mfa-config', '--user-pool-id', poolId, '--software-token-mfa-configuration', 'Enabled=true', '--mfa-configuration', 'OPTIONAL']);
  const clientId = (
    await ok(['create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'cli', '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', '--query', 'UserPoolClient.ClientId', '--output', 'text'])
  ).trim();
  await ok(['admin-create-user', '--user-pool-id', poolId, '--username', 'alice', '--user-attributes', 'Name=email,Value=alice@example.com', 'Name=email_verified,Value=true', '--message-action', 'SUPPRESS']);
  await ok(['admin-set-user-password', '--user-pool-id', poolId, '--username', 'alice', '--password', 'Corr3ct-Horse!', '--permanent']);
  const token = (
    await ok(['initiate-auth', '--auth-flow', 'USER_PASSWORD_AUTH', '--client-id', clientId, '--auth-parameters', 'USERNAME=alice,PASSWORD=Corr3ct-Horse!', '--query', 'AuthenticationResult.AccessToken', '--output', 'text'])
  ).trim();
  assert.match(token, /^eyJ/);

  const secret = (await ok(['associate-software-token', '--access-token', token, '--query', 'SecretCode', '--output', 'text'])).trim();
  const codeOut = new Capture();
  assert.equal(await runTotp([secret, '--at', String(server.clock.now() / 1000)], { stdout: codeOut, stderr: new Capture(), env: {} }), 0);
  const code = codeOut.text().trim();
  assert.match(code, /^\d{6}$/);
  const verified = await ok(['verify-software-token', '--access-token', token, '--user-code', code, '--friendly-device-name', 'phone', '--output', 'text']);
  assert.equal(verified.trim(), 'SUCCESS');

  const seed = await cli([
    'set-user-mfa-preference',
    '--software-token-mfa-settings',
    'Enabled=true,PreferredMfa=true',
    '--sms-mfa-settings',
    'Enabled=false,PreferredMfa=false',
    '--access-token',
    token,
  ]);
  assert.deepEqual(seed, { code: 0, out: '', err: '' });

  const table = await ok(['get-user', '--access-token', token, '--output', 'table']);
  assert.match(table, /^\|\s+GetUser\s+\|$/m);
  assert.match(table, /\|\s+SOFTWARE_TOKEN_MFA\s+\|\s+alice\s+\|/);
  assert.match(table, /\|\|\s+UserMFASettingList\s+\|\|\n\|\+-+\+\|\n\|\|  SOFTWARE_TOKEN_MFA\s+\|\|/);
  const query = await ok(['get-user', '--access-token', token, '--query', '{p:PreferredMfaSetting,l:UserMFASettingList}', '--output', 'json']);
  assert.equal(query, '{\n    "p": "SOFTWARE_TOKEN_MFA",\n    "l": [\n        "SOFTWARE_TOKEN_MFA"\n    ]\n}\n');

  // a wrong access token is a service error with the CLI's layout and exit code
  const bad = await cli(['set-user-mfa-preference', '--software-token-mfa-settings', 'Enabled=false', '--access-token', token + 'x']);
  assert.equal(bad.code, 254);
  assert.match(bad.err, /^\ncognate: \[ERROR\]: An error occurred \(NotAuthorizedException\) when calling the SetUserMFAPreference operation: /);
});

test('cognate outbox: the sign-up code, newest first, signed with the CLI credentials; --code feeds confirm-sign-up', { timeout: 30000 }, async () => {
  const poolId = (await ok(['create-user-pool', '--pool-name', 'outbox', '--auto-verified-attributes', 'email', '--query', 'UserPool.Id', '--output', 'text'])).trim();
  const clientId = (await ok(['create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'c', '--query', 'UserPoolClient.ClientId', '--output', 'text'])).trim();
  await ok(['sign-up', '--client-id', clientId, '--username', 'bob', '--password', 'Corr3ct-Horse!', '--user-attributes', 'Name=email,Value=bob@example.com']);

  const listOut = new Capture();
  const listErr = new Capture();
  assert.equal(await runOutbox(['--pool-id', poolId, '--username', 'bob'], { stdout: listOut, stderr: listErr, env: env() }), 0, listErr.text());
  const list = JSON.parse(listOut.text()) as { messages: { channel: string; destination: string; code?: string; username: string }[] };
  assert.equal(list.messages.length, 1);
  assert.equal(list.messages[0].channel, 'EMAIL');
  assert.equal(list.messages[0].username, 'bob');
  assert.match(list.messages[0].code ?? '', /^\d{6}$/);

  const codeOut = new Capture();
  assert.equal(await runOutbox(['--pool-id', poolId, '--username', 'bob', '--code'], { stdout: codeOut, stderr: new Capture(), env: env() }), 0);
  assert.equal(codeOut.text(), list.messages[0].code + '\n');
  await ok(['confirm-sign-up', '--client-id', clientId, '--username', 'bob', '--confirmation-code', codeOut.text().trim()]);
  const status = await ok(['admin-get-user', '--user-pool-id', poolId, '--username', 'bob', '--query', 'UserStatus', '--output', 'text']);
  assert.equal(status, 'CONFIRMED\n');

  const text = new Capture();
  assert.equal(await runOutbox(['--pool-id', poolId, '--output', 'text'], { stdout: text, stderr: new Capture(), env: env() }), 0);
  assert.match(text.text(), /^MESSAGES\t/m);

  const none = new Capture();
  assert.equal(await runOutbox(['--pool-id', poolId, '--username', 'nobody', '--code'], { stdout: new Capture(), stderr: none, env: env() }), 1);
  assert.match(none.text(), /no recorded message with a code matches/);
});

test('cognate totp: RFC 6238 vector (SHA-1, T=59 s) and argument errors', async () => {
  const out = new Capture();
  // RFC 6238 Appendix B: secret "12345678901234567890", T=59 -> 94287082 (8 digits)
  assert.equal(await runTotp(['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '--at', '59', '--digits', '8'], { stdout: out, stderr: new Capture(), env: {} }), 0);
  assert.equal(out.text(), '94287082\n');
  const six = new Capture();
  assert.equal(await runTotp(['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '--at', '1970-01-01T00:00:59Z'], { stdout: six, stderr: new Capture(), env: {} }), 0);
  assert.equal(six.text(), '287082\n');
  const err = new Capture();
  assert.equal(await runTotp([], { stdout: new Capture(), stderr: err, env: {} }), 252);
  assert.match(err.text(), /expected exactly one argument/);
  const bad = new Capture();
  assert.equal(await runTotp(['not base32!'], { stdout: new Capture(), stderr: bad, env: {} }), 252);
  assert.ok(bad.text().length > 0);
});

test(
  'signed CLI requests verify against a cognate with configured access keys; wrong keys are refused (254)',
  { timeout: 30000 },
  async () => {
    const keyed = await startTestServer({ accessKeys: [TEST_CREDENTIALS] });
    try {
      const base = { HOME: '/nonexistent', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: keyed.url, AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId };
      const good = new Capture();
      const goodErr = new Capture();
      assert.equal(await runCognitoIdp(['list-user-pools', '--max-results', '1'], { stdout: good, stderr: goodErr, env: { ...base, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey } }), 0, goodErr.text());
      const outbox = new Capture();
      assert.equal(await runOutbox([], { stdout: new Capture(), stderr: outbox, env: { ...base, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey } }), 0, outbox.text());
      const denied = new Capture();
      assert.equal(await runOutbox([], { stdout: new Capture(), stderr: denied, env: { ...base, AWS_SECRET_ACCESS_KEY: 'wrong' } }), 254);
      assert.match(denied.text(), /An error occurred \(InvalidSignatureException\) when calling the outbox endpoint/);
    } finally {
      await keyed.stop();
    }
  },
);
