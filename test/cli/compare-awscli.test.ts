/**
 * The same commands through the real AWS CLI (Debian's awscli package, v2.9.19, at /usr/bin/aws) and through
 * cognate, both against the canned server: stdout, exit code and the request bodies must be identical.
 * Skipped, with the reason printed, when /usr/bin/aws is absent (.ci/run installs it).
 *
 * Debian's 2.9.19 predates parts of the current CLI layer (no `aws: [ERROR]:` prefix, older model: it signs
 * SetUserMFAPreference and lacks --email-mfa-settings), so stderr is not compared and the commands stay within
 * what both versions share; the golden tests cover the current behaviour byte for byte.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCannedServer, type CannedServer } from './canned-server.js';
import { TOK, tempDir } from './harness.js';

const AWS = '/usr/bin/aws';
const available = existsSync(AWS);
if (!available) process.stdout.write(`# compare-awscli: skipped, ${AWS} is absent (apt-get install awscli)\n`);

const USERS = [1, 2, 3, 4, 5].map((n) => ({
  Username: `u${n}`,
  Attributes: [{ Name: 'email', Value: `u${n}@example.com` }],
  UserCreateDate: 1700000000.123 + n,
  Enabled: n !== 3,
  UserStatus: 'CONFIRMED',
}));

let server: CannedServer;
let home: string;

before(async () => {
  server = await startCannedServer();
  home = tempDir('cognate-compare-');
  writeFileSync(join(home, 'logo.bin'), Buffer.from([0, 1, 2, 250, 255, 10]));
  server.responders.push((req, body, res) => {
    if (!String(req.headers['x-amz-target']).endsWith('.ListUsers')) return false;
    const p = JSON.parse(body) as { PaginationToken?: string; Limit?: number };
    const start = p.PaginationToken ? Number(p.PaginationToken.slice(1)) - 1 : 0;
    const size = p.Limit ?? 2;
    const next = start + size < USERS.length ? `p${start + size + 1}` : undefined;
    const out = JSON.stringify({ Users: USERS.slice(start, start + size), ...(next ? { PaginationToken: next } : {}) });
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': 'r', 'Content-Length': String(Buffer.byteLength(out)) });
    res.end(out);
    return true;
  });
});

after(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  bodies: string[];
}

function run(bin: string[], args: string[], mode: string, extraEnv: NodeJS.ProcessEnv = {}, endpoint = true): Promise<Run> {
  server.setMode(mode);
  server.reset();
  const full = [...args.map((a) => a.split('{HOME}').join(home)), ...(endpoint ? ['--endpoint-url', server.url, '--region', 'us-east-1'] : [])];
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    HOME: join(home, 'home'),
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    AWS_PAGER: '',
    ...extraEnv,
  };
  return new Promise((resolve) => {
    // run-cli.js takes what follows `cognito-idp`, as runCognitoIdp does
    const argv = bin === cognate ? full.slice(1) : full;
    const child = spawn(bin[0], [...bin.slice(1), ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: stdout.split(server.url).join('URL'), bodies: server.log.filter((r) => r.method === 'POST').map((r) => r.body) });
    });
  });
}

const cognate = [process.execPath, join(dirname(fileURLToPath(import.meta.url)), 'run-cli.js')];
const IDP = ['cognito-idp'];
const GU = [...IDP, 'get-user', '--access-token', TOK];
const LU = [...IDP, 'list-users', '--user-pool-id', 'us-east-1_ABCdef123'];

const COMMANDS: { name: string; args: string[]; mode?: string; env?: NodeJS.ProcessEnv; endpoint?: boolean }[] = [
  { name: 'seed example (shorthand)', args: [...IDP, 'set-user-mfa-preference', '--access-token', TOK, '--software-token-mfa-settings', 'Enabled=true,PreferredMfa=true', '--sms-mfa-settings', 'Enabled=false,PreferredMfa=false'] },
  { name: 'JSON values', args: [...IDP, 'set-user-mfa-preference', '--access-token', TOK, '--sms-mfa-settings', '{"PreferredMfa": false, "Enabled": true}'] },
  { name: 'service error', args: [...IDP, 'set-user-mfa-preference', '--access-token', TOK], mode: 'notauth' },
  { name: 'missing required option', args: [...IDP, 'set-user-mfa-preference', '--sms-mfa-settings', 'Enabled=true'] },
  { name: 'bad shorthand', args: [...IDP, 'set-user-mfa-preference', '--access-token', TOK, '--sms-mfa-settings', 'Enabled'] },
  { name: 'validation error', args: [...IDP, 'set-user-mfa-preference', '--access-token', TOK, '--sms-mfa-settings', 'Enabled=yes'] },
  { name: 'unknown option', args: [...IDP, 'set-user-mfa-preference', '--access-token', TOK, '--foo', 'bar'] },
  { name: 'no region', args: [...IDP, 'get-user', '--access-token', TOK], endpoint: false },
  { name: 'get-user json', args: GU },
  { name: 'get-user text', args: [...GU, '--output', 'text'] },
  { name: 'get-user table', args: [...GU, '--output', 'table'] },
  { name: 'get-user table colour', args: [...GU, '--output', 'table', '--color', 'on'] },
  { name: 'get-user yaml', args: [...GU, '--output', 'yaml'] },
  { name: 'get-user yaml-stream', args: [...GU, '--output', 'yaml-stream'] },
  { name: 'query text', args: [...GU, '--query', 'UserAttributes[?Name==`email`].Value', '--output', 'text'] },
  { name: 'query multiselect', args: [...GU, '--query', '{u:Username,m:UserMFASettingList}'] },
  { name: 'query scalar table', args: [...GU, '--query', 'Username', '--output', 'table'] },
  { name: 'query null text', args: [...GU, '--query', 'Nope', '--output', 'text'] },
  { name: 'output skeleton', args: [...GU, '--generate-cli-skeleton', 'output'] },
  { name: 'input skeleton (admin-create-user)', args: [...IDP, 'admin-create-user', '--generate-cli-skeleton'] },
  // 2.9.19's model has no EmailMfaConfiguration: leave it out so the layouts stay comparable
  { name: 'mfa config table', args: [...IDP, 'get-user-pool-mfa-config', '--user-pool-id', 'us-east-1_ABCdef123', '--output', 'table', '--query', '{Mfa:MfaConfiguration,Sms:SmsMfaConfiguration,Totp:SoftwareTokenMfaConfiguration}'] },
  { name: 'mfa config text', args: [...IDP, 'get-user-pool-mfa-config', '--user-pool-id', 'us-east-1_ABCdef123', '--output', 'text', '--query', '[MfaConfiguration,SmsMfaConfiguration]'] },
  { name: 'list-users all pages', args: LU },
  { name: 'list-users text pages', args: [...LU, '--output', 'text'] },
  { name: 'list-users table', args: [...LU, '--output', 'table'] },
  { name: 'list-users max-items', args: [...LU, '--max-items', '3'] },
  { name: 'list-users max-items text', args: [...LU, '--max-items', '3', '--output', 'text'] },
  { name: 'list-users page-size + query', args: [...LU, '--page-size', '4', '--query', 'Users[].[Username,Enabled]', '--output', 'text'] },
  { name: 'list-users no-paginate', args: [...LU, '--no-paginate'] },
  { name: 'list-users manual token', args: [...LU, '--pagination-token', 'p3'] },
  { name: 'list of structures + map', args: [...IDP, 'admin-create-user', '--user-pool-id', 'p', '--username', 'u', '--user-attributes', 'Name=email,Value=a@b.c', 'Name=email_verified,Value=true', '--client-metadata', 'k1=v1,k2=v2', '--desired-delivery-mediums', 'EMAIL', 'SMS', '--message-action', 'SUPPRESS'] },
  { name: 'booleans and lists', args: [...IDP, 'create-user-pool-client', '--user-pool-id', 'p', '--client-name', 'c', '--no-generate-secret', '--explicit-auth-flows', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', '--allowed-o-auth-flows-user-pool-client', '--refresh-token-validity', '30', '--token-validity-units', 'AccessToken=hours,RefreshToken=days'] },
  { name: 'nested shorthand', args: [...IDP, 'create-user-pool', '--pool-name', 'p', '--policies', 'PasswordPolicy={MinimumLength=8,RequireSymbols=false}', '--schema', 'Name=nick,AttributeDataType=String,StringAttributeConstraints={MaxLength=20}', '--auto-verified-attributes', 'email'] },
  { name: 'blob from fileb://', args: [...IDP, 'set-ui-customization', '--user-pool-id', 'p', '--image-file', 'fileb://{HOME}/logo.bin'] },
  { name: 'blob as base64 text', args: [...IDP, 'set-ui-customization', '--user-pool-id', 'p', '--image-file', 'aGVsbG8='] },
  { name: 'blob raw-in-base64-out', args: [...IDP, 'set-ui-customization', '--user-pool-id', 'p', '--image-file', 'hello', '--cli-binary-format', 'raw-in-base64-out'] },
  { name: 'cli-input-yaml', args: [...IDP, 'admin-get-user', '--cli-input-yaml', 'UserPoolId: p\nUsername: "007"\n'] },
  { name: 'integer and blob-free scalars', args: [...IDP, 'list-groups', '--user-pool-id', 'p', '--limit', '5', '--no-paginate'] },
];

for (const c of COMMANDS) {
  test(`aws vs cognate: ${c.name}`, { skip: available ? false : `${AWS} is absent`, timeout: 120000 }, async () => {
    const real = await run([AWS], c.args, c.mode ?? 'auto', c.env, c.endpoint ?? true);
    const ours = await run(cognate, c.args, c.mode ?? 'auto', c.env, c.endpoint ?? true);
    assert.equal(ours.code, real.code, 'exit code');
    assert.equal(ours.stdout, real.stdout, 'stdout');
    assert.deepEqual(ours.bodies, real.bodies, 'request bodies');
  });
}
