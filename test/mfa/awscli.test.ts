import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssociateSoftwareTokenCommand, GetUserCommand, VerifySoftwareTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { awsCliEnv, findAwsCli } from '../helpers/aws-cli.js';
import { codeAt, mfaPool, SMS, TOTP, userWithToken } from './helpers.js';

/** The seed page's command, run by the real AWS CLI when it is installed (CI installs it from Debian). */
const AWS = findAwsCli();

describe('aws cognito-idp set-user-mfa-preference (the real AWS CLI)', { skip: AWS ? false : 'the aws command is not installed' }, () => {
  let s: TestServer;
  let home: string;
  before(async () => {
    s = await startTestServer();
    home = mkdtempSync(join(tmpdir(), 'cognate-awscli-'));
  });
  after(async () => {
    await s.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        AWS!,
        ['cognito-idp', ...args, '--endpoint-url', s.url],
        { env: awsCliEnv(home) },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('fails with the delivery-config message before the token is verified, prints nothing and exits 0 after', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...TOTP, ...SMS });
    const token = await userWithToken(s, poolId, clientId, 'cli-user');
    const args = [
      'set-user-mfa-preference',
      '--access-token',
      token,
      '--software-token-mfa-settings',
      'Enabled=true,PreferredMfa=true',
      '--sms-mfa-settings',
      'Enabled=false,PreferredMfa=false',
    ];
    const before = await run(args);
    assert.notEqual(before.code, 0);
    assert.equal(before.stdout, '');
    // AWS CLI v2 with AWS_MAX_ATTEMPTS=1 adds " (reached max retries: 0)" after the operation name; v1 does not.
    assert.match(
      before.stderr,
      /An error occurred \(InvalidParameterException\) when calling the SetUserMFAPreference operation( \(reached max retries: 0\))?: User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA/,
    );

    const { SecretCode } = await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
    await s.client.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: codeAt(s, SecretCode!) }));
    const ok = await run(args);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, '');
    const user = await s.client.send(new GetUserCommand({ AccessToken: token }));
    assert.equal(user.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(user.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
  });
});
