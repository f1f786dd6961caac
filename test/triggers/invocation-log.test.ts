import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, TEST_CREDENTIALS, type TestServer } from '../helpers/server.js';
import { createClient, createPool, PASSWORD } from '../helpers/fixtures.js';
import { Capture } from '../cli/harness.js';
import { runTriggers } from '../../src/cli/triggers.js';
import { arn, HandlerFolder, startTriggerServer } from './helpers.js';

/**
 * Issue 18: the invocation log (GET /_cognate/triggers and `cognate triggers`): each invocation's source, event, answer or
 * error and duration, newest first, by pool and user — and a migrating user's password never in it.
 */
describe('the trigger invocation log', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  before(async () => {
    handlers = new HandlerFolder();
    s = await startTriggerServer({
      confirm: { module: handlers.write('confirm.mjs', 'export const handler = async (e) => { e.response.autoConfirmUser = true; return e; };\n') },
      refuse: { module: handlers.write('refuse.mjs', "export const handler = async () => { throw new Error('closed'); };\n") },
      migrate: { module: handlers.write('migrate.mjs', 'export const handler = async (e) => e;\n') },
    });
  });
  after(async () => {
    await s.stop();
    handlers.remove();
  });

  const list = async (args: string[]) => {
    const out = new Capture();
    const err = new Capture();
    const env = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
    const code = await runTriggers(['--endpoint-url', s.url, '--output', 'json', ...args], { stdout: out, stderr: err, env });
    assert.equal(code, 0, err.text());
    return (JSON.parse(out.text()) as { invocations: any[] }).invocations;
  };

  it('records answers and errors, newest first, filtered by pool and user; cognate triggers prints them', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreSignUp: arn('confirm') } });
    const other = await createPool(s, { LambdaConfig: { PreSignUp: arn('refuse') } });
    const { clientId } = await createClient(s, poolId);
    const otherClient = await createClient(s, other);
    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'ann', Password: PASSWORD }));
    await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD }));
    await rejectsWith(s.client.send(new SignUpCommand({ ClientId: otherClient.clientId, Username: 'cy', Password: PASSWORD })), 'UserLambdaValidationException', 'PreSignUp failed with error closed.');

    const mine = await list(['--pool-id', poolId]);
    assert.deepEqual(mine.map((i) => i.username), ['bob', 'ann']);
    assert.equal(mine[0].triggerSource, 'PreSignUp_SignUp');
    assert.equal(mine[0].trigger, 'PreSignUp');
    assert.equal(mine[0].functionArn, arn('confirm'));
    assert.equal(mine[0].event.userPoolId, poolId);
    assert.equal(mine[0].response.autoConfirmUser, true);
    assert.equal(typeof mine[0].durationMs, 'number');
    assert.deepEqual((await list(['--pool-id', poolId, '--username', 'ann'])).map((i) => i.username), ['ann']);
    const failed = await list(['--pool-id', other]);
    assert.deepEqual(failed[0].error, { type: 'UserLambdaValidationException', message: 'PreSignUp failed with error closed.' });
    assert.equal(failed[0].response, undefined);
    assert.equal((await list(['--limit', '1'])).length, 1);
  });

  it('a UserMigration_Authentication password is masked in the log (the function itself gets it)', async () => {
    const poolId = await createPool(s, { LambdaConfig: { UserMigration: arn('migrate') } });
    const { clientId } = await createClient(s, poolId);
    await rejectsWith(
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'legacy', PASSWORD: 'Secret-Pa55!' } })),
      'UserNotFoundException',
      'User does not exist.',
    );
    const [entry] = await list(['--pool-id', poolId]);
    assert.equal(entry.triggerSource, 'UserMigration_Authentication');
    assert.equal(entry.event.request.password, '********');
    assert.doesNotMatch(JSON.stringify(entry), /Secret-Pa55!/);
  });
});
