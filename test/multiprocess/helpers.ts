import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { TEST_CREDENTIALS } from '../helpers/server.js';
import { TEST_POSTGRES_URL_ENV } from '../store/postgres-schema.js';

/** Tests in this folder need a PostgreSQL to share; without one they are skipped with this reason. */
export const pgUrl = process.env[TEST_POSTGRES_URL_ENV];
export const noPostgres = pgUrl ? undefined : `${TEST_POSTGRES_URL_ENV} is not set (run under scripts/with-postgres.sh)`;

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

/**
 * `node dist/src/main.js serve` as a child process: the real binary, its own data folder, the real clock. Its
 * stdout and stderr are kept for failure messages.
 */
export class CognateProcess {
  stdout = '';
  stderr = '';
  readonly dataDir = mkdtempSync(join(tmpdir(), 'cognate-mp-'));
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private clients: CognitoIdentityProviderClient[] = [];

  /** `main`: the program to run (default dist/src/main.js; bin/cognate runs the bundle). */
  constructor(store: string, env: Record<string, string> = {}, main = MAIN) {
    this.child = spawn(process.execPath, [main, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', this.dataDir, '--store', store], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, COGNATE_LOG_LEVEL: 'warn', ...env },
    });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** The bound URL, once the start-up line is out. */
  async url(timeoutMs = 30_000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const m = /cognate listening on (\S+)/.exec(this.stdout);
      if (m) return m[1]!;
      if (!this.alive) throw new Error(`cognate exited before listening: ${this.stderr}`);
      if (performance.now() > deadline) throw new Error(`cognate did not start in ${timeoutMs} ms: ${this.stderr}`);
      await sleep(25);
    }
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** An SDK v3 client for this process (no retries: every answer is the server's own). */
  async client(): Promise<CognitoIdentityProviderClient> {
    const c = new CognitoIdentityProviderClient({ endpoint: await this.url(), region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    this.clients.push(c);
    return c;
  }

  /** SIGTERM (SIGKILL after 5 s), then the data folder is removed. */
  async stop(): Promise<void> {
    for (const c of this.clients) c.destroy();
    if (this.alive) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The outbox of a cognate process (GET /_cognate/outbox, SigV4-signed as `cognate outbox` does), newest first. */
export async function outbox(baseUrl: string, query: Record<string, string>): Promise<Array<{ username: string; code?: string; channel: string }>> {
  const url = new URL(baseUrl);
  const request = new HttpRequest({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/_cognate/outbox', query, headers: { host: url.host } });
  const signer = new SignatureV4({ credentials: TEST_CREDENTIALS, region: 'us-east-1', service: 'cognito-idp', sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(request);
  const res = await fetch(`${baseUrl}/_cognate/outbox?${new URLSearchParams(query)}`, { headers: signed.headers as Record<string, string> });
  if (res.status !== 200) throw new Error(`outbox: HTTP ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { messages: Array<{ username: string; code?: string; channel: string }> }).messages;
}

/** Name and HTTP status of a rejected SDK call (or 'ok'). */
export function outcome(r: PromiseSettledResult<unknown>): string {
  if (r.status === 'fulfilled') return 'ok';
  const e = r.reason as Error & { $metadata?: { httpStatusCode?: number } };
  return `${e.name} (${e.$metadata?.httpStatusCode ?? '?'}): ${e.message}`;
}
