import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteGroupCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createPool } from '../helpers/fixtures.js';
import { awsCliEnv, findAwsCli } from '../helpers/aws-cli.js';

/**
 * Issue 15 acceptance: create-group, admin-add-user-to-group, list-users-in-group and add-custom-attributes through
 * `cognate cognito-idp` and, when it is installed, the real `aws` on PATH, against the same server: same stdout,
 * same exit code. cognate's CLI runs in every environment; the comparison only where `aws` exists.
 */
const AWS = findAwsCli();
const hasAws = AWS !== undefined;
if (!hasAws) process.stdout.write('# groups cli: the aws command is not installed; only cognate cognito-idp runs\n');

const runCli = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'run-cli.js');

describe('group and custom-attribute commands: cognate cognito-idp and the AWS CLI', () => {
  let s: TestServer;
  let home: string;
  before(async () => {
    s = await startTestServer();
    home = mkdtempSync(join(tmpdir(), 'cognate-groups-cli-'));
    // ISO 8601 dates are AWS CLI v2's default (and cognate's); a v1 `aws` on PATH prints epoch numbers without this.
    writeFileSync(join(home, 'config'), '[default]\ncli_timestamp_format = iso8601\n');
  });
  after(async () => {
    await s.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const run = (bin: 'aws' | 'cognate', args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const [file, argv] = bin === 'aws' ? [AWS!, ['cognito-idp', ...args]] : [process.execPath, [runCli, ...args]];
      execFile(
        file,
        [...argv, '--endpoint-url', s.url, '--output', 'json'],
        { env: { ...awsCliEnv(home), TZ: 'UTC' } },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  /**
   * Runs the command with cognate (and aws when present); `between` undoes the first run's effect. Exit codes are
   * compared on success; a service error is 254 in AWS CLI v2 (what cognate follows) and 255 in v1, so for errors
   * both must merely fail.
   */
  async function both(args: string[], between?: () => Promise<void>) {
    const ours = await run('cognate', args);
    if (!hasAws) return { ours };
    await between?.();
    const real = await run('aws', args);
    if (ours.code === 0) assert.equal(real.code, 0, `exit code (aws stderr: ${real.stderr})`);
    else assert.notEqual(real.code, 0, 'aws fails too');
    assert.equal(ours.stdout, real.stdout, 'stdout');
    return { ours, real };
  }

  it('create-group, admin-add-user-to-group, list-users-in-group, add-custom-attributes', async () => {
    const poolId = await createPool(s);
    await addUser(s, poolId, 'jane', undefined, { attributes: { email: 'jane@example.com' } });

    const created = await both(
      ['create-group', '--user-pool-id', poolId, '--group-name', 'MyNewGroupWithRole', '--description', 'New group with a role.', '--role-arn', 'arn:aws:iam::111111111111:role/MyNewGroupRole', '--precedence', '2'],
      () => s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'MyNewGroupWithRole' })).then(() => undefined),
    );
    assert.equal(created.ours.code, 0, created.ours.stderr);
    const group = JSON.parse(created.ours.stdout).Group;
    assert.equal(group.GroupName, 'MyNewGroupWithRole');
    assert.equal(group.Precedence, 2);
    assert.equal(group.RoleArn, 'arn:aws:iam::111111111111:role/MyNewGroupRole');

    const added = await both(['admin-add-user-to-group', '--user-pool-id', poolId, '--username', 'jane', '--group-name', 'MyNewGroupWithRole']);
    assert.equal(added.ours.code, 0, added.ours.stderr);
    assert.equal(added.ours.stdout, '');

    const listed = await both(['list-users-in-group', '--user-pool-id', poolId, '--group-name', 'MyNewGroupWithRole']);
    assert.equal(listed.ours.code, 0, listed.ours.stderr);
    assert.deepEqual(JSON.parse(listed.ours.stdout).Users.map((u: { Username: string }) => u.Username), ['jane']);

    const missing = await both(['list-users-in-group', '--user-pool-id', poolId, '--group-name', 'nope']);
    assert.equal(missing.ours.code, 254);
    assert.match(missing.ours.stderr, /ResourceNotFoundException.*Group not found\./);

    // The AWS CLI's own add-custom-attributes example, with the quotes its shell would remove; the second run (aws)
    // adds a second attribute.
    const addArgs = (name: string) => ['add-custom-attributes', '--user-pool-id', poolId, '--custom-attributes', `Name=${name},AttributeDataType=String,DeveloperOnlyAttribute=false,Required=false,StringAttributeConstraints={MinLength=1,MaxLength=15}`];
    const ours = await run('cognate', addArgs('CustomAttr1'));
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stdout, '');
    const expected = ['custom:CustomAttr1'];
    if (hasAws) {
      const real = await run('aws', addArgs('CustomAttr2'));
      assert.equal(real.code, 0, real.stderr);
      assert.equal(real.stdout, ours.stdout);
      expected.push('custom:CustomAttr2');
    }
    const schema = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.SchemaAttributes!;
    const customs = schema.filter((a) => a.Name!.startsWith('custom:'));
    assert.deepEqual(customs.map((a) => a.Name), expected);
    for (const a of customs) assert.deepEqual(a.StringAttributeConstraints, { MinLength: '1', MaxLength: '15' });
    const again = await both(addArgs('CustomAttr1'));
    assert.equal(again.ours.code, 254);
    assert.match(again.ours.stderr, /InvalidParameterException.*Existing attribute already has name custom:CustomAttr1\./);
  });
});
