import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  CreateUserImportJobCommand,
  CreateUserPoolClientCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  ListUserImportJobsCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createPool } from '../helpers/fixtures.js';

const ROLE = 'arn:aws:iam::000000000000:role/CognitoImportRole';

describe('user import: GetCSVHeader, Create/Start/Describe/List/StopUserImportJob and the pre-signed upload', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  const importPool = () =>
    createPool(s, { AutoVerifiedAttributes: ['email'], Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: true }] });
  const createJob = async (poolId: string, name = 'import-test') =>
    (await s.client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: name, CloudWatchLogsRoleArn: ROLE }))).UserImportJob!;
  const upload = (url: string, body: string) => fetch(url, { method: 'PUT', body, headers: { 'content-type': 'text/csv' } });
  const describe = async (poolId: string, jobId: string) =>
    (await s.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;
  const untilDone = async (poolId: string, jobId: string, seen: Set<string> = new Set()): Promise<UserImportJobType> => {
    for (let i = 0; i < 2000; i++) {
      const job = await describe(poolId, jobId);
      seen.add(job.Status!);
      if (['Succeeded', 'Failed', 'Stopped'].includes(job.Status!)) return job;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('import did not finish');
  };
  const csv = (header: string[], rows: Array<Record<string, string>>) =>
    [header.join(','), ...rows.map((r) => header.map((h) => r[h] ?? '').join(','))].join('\n') + '\n';

  it('GetCSVHeader lists the schema attributes (custom ones included, sub excluded), then cognito:mfa_enabled and cognito:username', async () => {
    const poolId = await importPool();
    const { CSVHeader, UserPoolId } = await s.client.send(new GetCSVHeaderCommand({ UserPoolId: poolId }));
    assert.equal(UserPoolId, poolId);
    assert.ok(CSVHeader!.includes('email') && CSVHeader!.includes('email_verified') && CSVHeader!.includes('custom:tenant'));
    assert.ok(!CSVHeader!.includes('sub'));
    assert.deepEqual(CSVHeader!.slice(-2), ['cognito:mfa_enabled', 'cognito:username']);
    await rejectsWith(s.client.send(new GetCSVHeaderCommand({ UserPoolId: 'us-east-1_nosuchpol' })), 'ResourceNotFoundException', 'User pool us-east-1_nosuchpol does not exist.');
  });

  it('imports 1,000 rows in the background: good rows become RESET_REQUIRED users, bad rows are counted and never stop the others', async () => {
    const poolId = await importPool();
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'user0007', MessageAction: 'SUPPRESS' }));
    const { CSVHeader } = await s.client.send(new GetCSVHeaderCommand({ UserPoolId: poolId }));
    const rows: Array<Record<string, string>> = [];
    for (let i = 0; i < 1000; i++) {
      rows.push({ 'cognito:username': `user${String(i).padStart(4, '0')}`, email: `u${i}@example.com`, email_verified: 'true', 'cognito:mfa_enabled': 'false', 'custom:tenant': `t${i % 7}` });
    }
    rows[10]!.email = 'not-an-email'; // invalid attribute
    rows[20]!.email_verified = 'false'; // the pool's only auto-verified attribute is not verified
    rows[30]!['cognito:username'] = ''; // no user name
    rows[40]!['cognito:mfa_enabled'] = 'maybe';
    // user0007 exists already: skipped
    let body = csv(CSVHeader!, rows);
    body += 'only,two\n'; // wrong number of fields
    // A quoted field holding a comma and a line break, and a CRLF line end.
    const quoted: Record<string, string> = { 'cognito:username': 'quoted', email: 'q@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false', address: '"1 Main St,\nSpringfield"' };
    body += CSVHeader!.map((h) => quoted[h] ?? '').join(',') + '\r\n';

    const job = await createJob(poolId);
    assert.equal(job.Status, 'Created');
    assert.match(job.JobId!, /^import-[0-9A-Za-z]{10}$/);
    assert.ok(job.PreSignedUrl!.startsWith(`${s.url.replace(/\/$/, '')}/_cognate/import/`));
    assert.equal((await upload(job.PreSignedUrl!, body)).status, 200);

    const started = (await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob!;
    assert.equal(started.Status, 'Pending');
    assert.ok(started.StartDate instanceof Date);
    const seen = new Set<string>();
    const done = await untilDone(poolId, job.JobId!, seen);
    assert.equal(done.Status, 'Succeeded');
    assert.equal(done.ImportedUsers, 1000 - 5 + 1);
    assert.equal(done.SkippedUsers, 1);
    assert.equal(done.FailedUsers, 5);
    assert.ok(done.CompletionDate instanceof Date);

    const u = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user0999' }));
    assert.equal(u.UserStatus, 'RESET_REQUIRED');
    const attrs = Object.fromEntries(u.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attrs.email, 'u999@example.com');
    assert.equal(attrs.email_verified, 'true');
    assert.equal(attrs['custom:tenant'], 't5');
    const q = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'quoted' }));
    assert.equal(Object.fromEntries(q.UserAttributes!.map((a) => [a.Name, a.Value])).address, '1 Main St,\nSpringfield');
    await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user0010' })), 'UserNotFoundException', 'User does not exist.');

    // An imported user must reset the password before signing in.
    const { UserPoolClient } = await s.client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    await rejectsWith(
      s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: UserPoolClient!.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'user0001', PASSWORD: 'Whatever1!' } })),
      'PasswordResetRequiredException',
    );
  });

  it('a file with an unknown column fails the job; the pre-signed URL works once, for 15 minutes, until the job starts', async () => {
    const poolId = await importPool();
    const job = await createJob(poolId);
    assert.equal((await upload(job.PreSignedUrl!, 'cognito:username,cognito:mfa_enabled,email,email_verified,shoe_size\na,false,a@x.io,true,44\n')).status, 200);
    await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
    const done = await untilDone(poolId, job.JobId!);
    assert.equal(done.Status, 'Failed');
    assert.equal(done.CompletionMessage, 'The CSV header has a column that is not an attribute of the user pool: shoe_size.');
    assert.equal(done.ImportedUsers, 0);
    assert.equal((await upload(job.PreSignedUrl!, 'x\n')).status, 403);

    const late = await createJob(poolId);
    s.clock.advance(15 * 60 * 1000 + 1);
    const r = await upload(late.PreSignedUrl!, 'x\n');
    assert.equal(r.status, 403);
    assert.match(await r.text(), /<Code>AccessDenied<\/Code>/);
    assert.equal((await upload(late.PreSignedUrl!.replace(/import\/.*/, 'import/AAAAAAAAAAAAAAAAAAAAAAAAAAAA'), 'x\n')).status, 403);
  });

  it('start and stop refuse jobs in the wrong state; unknown jobs are ResourceNotFoundException; a job not started in 24 hours expires', async () => {
    const poolId = await importPool();
    const job = await createJob(poolId);
    await rejectsWith(
      s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })),
      'PreconditionNotMetException',
      `No CSV file has been uploaded for import job ${job.JobId}.`,
    );
    await rejectsWith(
      s.client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })),
      'InvalidParameterException',
      `Import job ${job.JobId} cannot be stopped: its status is Created.`,
    );
    await rejectsWith(
      s.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: 'import-nosuchjob' })),
      'ResourceNotFoundException',
      'Import job import-nosuchjob does not exist.',
    );
    await upload(job.PreSignedUrl!, 'cognito:username,cognito:mfa_enabled,email,email_verified\n');
    s.clock.advance(24 * 60 * 60 * 1000);
    assert.equal((await describe(poolId, job.JobId!)).Status, 'Expired');
    await rejectsWith(
      s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })),
      'InvalidParameterException',
      `Import job ${job.JobId} cannot be started: its status is Expired.`,
    );
    const noVerified = await createPool(s);
    const j2 = await createJob(noVerified);
    await upload(j2.PreSignedUrl!, 'cognito:username,cognito:mfa_enabled,email,email_verified\n');
    await rejectsWith(
      s.client.send(new StartUserImportJobCommand({ UserPoolId: noVerified, JobId: j2.JobId })),
      'PreconditionNotMetException',
      'The user pool has no auto-verified attributes (email or phone_number): imported users could not reset their passwords.',
    );
    await rejectsWith(
      s.client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'hashes', CloudWatchLogsRoleArn: ROLE, PasswordHashingAlgorithm: 'BCRYPT' })),
      'UnsupportedOperationException',
    );
  });

  it('StopUserImportJob stops a running import between batches: Stopping, then Stopped with partial counts', async () => {
    const poolId = await importPool();
    const lines = ['cognito:username,cognito:mfa_enabled,email,email_verified'];
    for (let i = 0; i < 10_000; i++) lines.push(`stop${i},false,s${i}@example.com,true`);
    const job = await createJob(poolId);
    await upload(job.PreSignedUrl!, lines.join('\n'));
    await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
    const stopping = (await s.client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob!;
    assert.equal(stopping.Status, 'Stopping');
    const done = await untilDone(poolId, job.JobId!);
    assert.equal(done.Status, 'Stopped');
    assert.ok(done.ImportedUsers! < 10_000);
    assert.equal(done.ImportedUsers! % 250, 0);
  });

  it('ListUserImportJobs pages through the jobs in creation order', async () => {
    const poolId = await importPool();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await createJob(poolId, `job${i}`)).JobId!);
      s.clock.advance(1000);
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await s.client.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2, PaginationToken: token }));
      seen.push(...r.UserImportJobs!.map((j) => j.JobId!));
      token = r.PaginationToken;
      pages++;
    } while (token);
    assert.deepEqual(seen, ids);
    assert.equal(pages, 3);
  });
});
