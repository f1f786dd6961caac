import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { runCognitoIdp } from '../../src/cli/aws/index.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool, PASSWORD } from '../helpers/fixtures.js';
import { Capture } from '../cli/harness.js';

/**
 * Attack: `cognate cognito-idp … --debug` output is pasted into bug reports and CI logs. It masked sensitive
 * members of the request but printed response bodies as received: access, id and refresh tokens, TOTP secrets and
 * sessions in clear (docs/cli.md promises they are masked).
 */
describe('cognito-idp --debug masks secrets in responses', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    ({ clientId } = await createClient(s, poolId));
    await createConfirmedUser(s, poolId, 'alice');
  });
  after(async () => s.stop());

  const cli = async (args: string[]) => {
    const stdout = new Capture();
    const stderr = new Capture();
    const env = { HOME: '/nonexistent', AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: s.url };
    const code = await runCognitoIdp(args, { stdout, stderr, env, programName: 'cognate' });
    return { code, out: stdout.text(), err: stderr.text() };
  };

  it('debug secrets: tokens from initiate-auth and the TOTP secret from associate-software-token are not in the debug log', async () => {
    const auth = await cli(['initiate-auth', '--auth-flow', 'USER_PASSWORD_AUTH', '--client-id', clientId, '--auth-parameters', `USERNAME=alice,PASSWORD=${PASSWORD}`, '--debug']);
    assert.equal(auth.code, 0, auth.err);
    const result = JSON.parse(auth.out).AuthenticationResult;
    for (const name of ['AccessToken', 'IdToken', 'RefreshToken']) {
      assert.ok(!auth.err.includes(result[name]), `${name} in the debug log`);
    }
    assert.ok(!auth.err.includes(PASSWORD), 'password in the debug log');
    assert.match(auth.err, /Response body: .*Sensitive Information Redacted/);

    const assoc = await cli(['associate-software-token', '--access-token', result.AccessToken, '--debug']);
    assert.equal(assoc.code, 0, assoc.err);
    const secret = JSON.parse(assoc.out).SecretCode as string;
    assert.ok(secret.length >= 16);
    assert.ok(!assoc.err.includes(secret), 'TOTP secret in the debug log');
  });
});
