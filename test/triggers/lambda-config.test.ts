import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeUserPoolCommand, ListUserPoolsCommand, UpdateUserPoolCommand, type LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../helpers/server.js';
import { createPool } from '../helpers/fixtures.js';
import { arn } from './helpers.js';

/**
 * Issue 18, part 1: a pool's LambdaConfig — every member the API has, the versioned PreTokenGenerationConfig and custom
 * senders and the KMS key among them — is stored and returned exactly by Create/Update/DescribeUserPool and the CLI.
 */
const FULL: LambdaConfigType = {
  PreSignUp: arn('pre-sign-up'),
  CustomMessage: arn('custom-message'),
  PostConfirmation: arn('post-confirmation'),
  PreAuthentication: arn('pre-authentication'),
  PostAuthentication: arn('post-authentication'),
  DefineAuthChallenge: arn('define'),
  CreateAuthChallenge: arn('create'),
  VerifyAuthChallengeResponse: arn('verify'),
  PreTokenGeneration: arn('pre-token'),
  UserMigration: arn('migrate'),
  PreTokenGenerationConfig: { LambdaArn: arn('pre-token'), LambdaVersion: 'V2_0' },
  CustomSMSSender: { LambdaArn: arn('sms-sender'), LambdaVersion: 'V1_0' },
  CustomEmailSender: { LambdaArn: arn('email-sender'), LambdaVersion: 'V1_0' },
  KMSKeyID: 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

const runCli = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'run-cli.js');

describe('LambdaConfig is stored and returned exactly', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    await s.stop();
  });

  it('CreateUserPool → DescribeUserPool and ListUserPools return every member as given', async () => {
    const poolId = await createPool(s, { LambdaConfig: FULL });
    const { UserPool } = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual(UserPool!.LambdaConfig, FULL);
    const { UserPools } = await s.client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    assert.deepEqual(UserPools!.find((p) => p.Id === poolId)!.LambdaConfig, FULL);
  });

  it('UpdateUserPool replaces it whole, and an update without it clears it (every setting not given returns to its default)', async () => {
    const poolId = await createPool(s, { LambdaConfig: FULL });
    const smaller: LambdaConfigType = { PreSignUp: arn('other'), PreTokenGenerationConfig: { LambdaArn: arn('pre-token-v1'), LambdaVersion: 'V1_0' } };
    await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, LambdaConfig: smaller }));
    assert.deepEqual((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.LambdaConfig, smaller);
    await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.LambdaConfig, {});
  });

  it('round-trips through `cognate cognito-idp update-user-pool --lambda-config` and describe-user-pool', async () => {
    const poolId = await createPool(s);
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [runCli, ...args, '--endpoint-url', s.url, '--output', 'json'],
          {
            env: {
              PATH: process.env.PATH,
              AWS_DEFAULT_REGION: 'us-east-1',
              AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
              AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
              AWS_CONFIG_FILE: '/nonexistent',
              AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
            },
          },
          (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const update = await cli(['update-user-pool', '--user-pool-id', poolId, '--lambda-config', JSON.stringify(FULL)]);
    assert.equal(update.code, 0, update.stderr);
    const described = await cli(['describe-user-pool', '--user-pool-id', poolId]);
    assert.equal(described.code, 0, described.stderr);
    assert.deepEqual(JSON.parse(described.stdout).UserPool.LambdaConfig, FULL);
  });
});
