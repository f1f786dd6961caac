import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadServerConfig } from '../src/config/config.js';
import { startServer } from '../src/cli/serve.js';
import { silentLogger } from '../src/platform/log.js';

/**
 * A CSV user import of N users (default 100,000) into a fresh SQLite store, through the API and the pre-signed
 * upload URL, with progress printed as DescribeUserImportJob reports it; ends with the wall time and the peak RSS
 * of the process (server and client share it). Not part of `npm test`; results go into docs/performance.md.
 *   node dist/bench/user-import.js [users]
 */
const users = Number(process.argv[2] ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), 'cognate-import-bench-'));
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const server = await startServer(loadServerConfig(['--port', '0', '--host', '127.0.0.1', '--data', dataDir], {}), { log: silentLogger });
const client = new CognitoIdentityProviderClient({
  endpoint: server.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
try {
  const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'import-bench', AutoVerifiedAttributes: ['email'] }));
  const poolId = UserPool!.Id!;
  const { CSVHeader } = await client.send(new GetCSVHeaderCommand({ UserPoolId: poolId }));
  const header = CSVHeader!;
  const row = (i: number) =>
    header
      .map((h) => ({ 'cognito:username': `user${i}`, email: `user${i}@example.com`, email_verified: 'true', 'cognito:mfa_enabled': 'false', name: `User ${i}` })[h] ?? '')
      .join(',');
  const lines = [header.join(',')];
  for (let i = 0; i < users; i++) lines.push(row(i));
  const csv = lines.join('\n') + '\n';
  lines.length = 0;

  const { UserImportJob } = await client.send(
    new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'bench', CloudWatchLogsRoleArn: 'arn:aws:iam::000000000000:role/import' }),
  );
  const started = performance.now();
  const put = await fetch(UserImportJob!.PreSignedUrl!, { method: 'PUT', body: csv });
  if (put.status !== 200) throw new Error(`upload answered ${put.status}`);
  const uploaded = performance.now();
  await client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: UserImportJob!.JobId }));
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const { UserImportJob: job } = await client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: UserImportJob!.JobId }));
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`${secs} s  ${job!.Status}  imported ${job!.ImportedUsers}  skipped ${job!.SkippedUsers}  failed ${job!.FailedUsers}\n`);
    if (['Succeeded', 'Failed', 'Stopped'].includes(job!.Status!)) break;
  }
  const total = (performance.now() - started) / 1000;
  process.stdout.write(
    `${users} users (${(csv.length / 1e6).toFixed(1)} MB CSV): upload ${((uploaded - started) / 1000).toFixed(1)} s, ` +
      `total ${total.toFixed(1)} s (${Math.round(users / total)} users/s), peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB\n`,
  );
} finally {
  clearInterval(sampler);
  client.destroy();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
