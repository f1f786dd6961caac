import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CognitoIdentityProviderClient, CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { TEST_CREDENTIALS } from '../helpers/server.js';
import { testSchema, TEST_POSTGRES_URL_ENV, type TestSchema } from '../store/postgres-schema.js';

/** `cognate serve --workers N` (src/cli/cluster.ts), run as a real process tree. */
const ENTRY = fileURLToPath(new URL('./serve-entry.js', import.meta.url));

class Cluster {
  readonly stdout: string[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => this.stdout.push(...d.split('\n').filter(Boolean)));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  async url(): Promise<string> {
    await until(() => this.stdout.some((l) => l.startsWith('cognate listening on ')), () => `no start-up line; stderr: ${this.stderr}`);
    return /cognate listening on (\S+)/.exec(this.stdout.find((l) => l.startsWith('cognate listening on '))!)![1]!;
  }

  workers(): number[] {
    try {
      return execFileSync('ps', ['-o', 'pid=', '--ppid', String(this.pid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter(Boolean);
    } catch {
      return [];
    }
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.child.kill(signal);
  }
}

async function until(condition: () => boolean, message: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out: ${message()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const client = (url: string) => new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });

const pgUrl = process.env[TEST_POSTGRES_URL_ENV];
const stores: Array<{ name: string; args: () => { args: string[]; schema?: TestSchema }; skip?: string }> = [
  { name: 'sqlite', args: () => ({ args: [] }) },
  {
    name: 'postgres',
    args: () => {
      const schema = testSchema(pgUrl!, 'cluster');
      return { args: ['--store', schema.url], schema };
    },
    skip: pgUrl ? undefined : `${TEST_POSTGRES_URL_ENV} is not set (run under scripts/with-postgres.sh)`,
  },
];

for (const store of stores) {
  describe(`cognate serve --workers 3 on ${store.name}`, { skip: store.skip }, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cognate-cluster-'));
    let schema: TestSchema | undefined;
    after(async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await schema?.drop();
    });

    it('serves one address from three workers, replaces a dead one, and stops them all on SIGTERM', { timeout: 60_000 }, async () => {
      const setup = store.args();
      schema = setup.schema;
      const cluster = new Cluster(['--workers', '3', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, ...setup.args]);
      try {
        const url = await cluster.url();
        await until(() => cluster.stderr.includes('"cluster started"'), () => cluster.stderr);
        const first = cluster.workers();
        assert.equal(first.length, 3, `three worker processes under the primary: ${first.join(', ')}`);
        assert.equal(cluster.stdout.filter((l) => l.startsWith('cognate listening on ')).length, 1, 'the start-up line appears once');

        // State written through one connection is there for every worker: fresh clients, fresh connections,
        // spread round-robin over the workers.
        const { UserPool } = await client(url).send(new CreateUserPoolCommand({ PoolName: 'clustered' }));
        for (let i = 0; i < 9; i++) {
          const c = client(url);
          const { UserPool: seen } = await c.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! }));
          assert.equal(seen!.Name, 'clustered');
          c.destroy();
        }

        process.kill(first[0]!, 'SIGKILL');
        await until(() => cluster.stderr.includes('starting another'), () => cluster.stderr);
        await until(() => cluster.workers().length === 3 && !cluster.workers().includes(first[0]!), () => `workers: ${cluster.workers().join(', ')}`);
        for (let i = 0; i < 6; i++) {
          const c = client(url);
          assert.equal((await c.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! }))).UserPool!.Name, 'clustered');
          c.destroy();
        }

        const workers = cluster.workers();
        const stopAt = performance.now();
        cluster.kill('SIGTERM');
        const { code } = await cluster.exited;
        assert.equal(code, 0);
        // Promptly: the workers were told to stop, not killed after the primary's stop timeout (10 s).
        assert.ok(performance.now() - stopAt < 5000, `stopped in ${Math.round(performance.now() - stopAt)} ms`);
        for (const pid of workers) assert.throws(() => process.kill(pid, 0), 'every worker is gone');
      } finally {
        cluster.kill('SIGKILL');
      }
    });
  });
}

describe('cognate serve --workers: start-up failure', () => {
  it('exits non-zero with the reason when the workers cannot listen', { timeout: 60_000 }, async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as AddressInfo;
    const dataDir = mkdtempSync(join(tmpdir(), 'cognate-cluster-'));
    try {
      const cluster = new Cluster(['--workers', '2', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir]);
      const timer = setTimeout(() => cluster.kill('SIGKILL'), 20_000);
      const { code } = await cluster.exited;
      clearTimeout(timer);
      assert.equal(code, 1, cluster.stderr);
      assert.match(cluster.stderr, /EADDRINUSE/);
      assert.match(cluster.stderr, /exited before listening/);
      assert.deepEqual(cluster.workers(), []);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
