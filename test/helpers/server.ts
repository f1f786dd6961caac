import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadServerConfig, type AccessKey } from '../../src/config/config.js';
import { startServer, type RunningServer } from '../../src/cli/serve.js';
import { ManualClock } from '../../src/platform/clock.js';
import { silentLogger, type Logger } from '../../src/platform/log.js';
import type { Random } from '../../src/platform/random.js';
import { testSchema } from '../store/postgres-schema.js';
import { testSigningKey } from './signing-keys.js';
import type { SigningKey } from '../../src/domain/tokens/jwt.js';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

export interface TestServer extends RunningServer {
  clock: ManualClock;
  dataDir: string;
  client: CognitoIdentityProviderClient;
  /** A client with other credentials (for signature tests). */
  clientWith(credentials: AccessKey | undefined): CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  clock?: ManualClock;
  random?: Random;
  dataDir?: string;
  accessKeys?: AccessKey[];
  log?: Logger;
  env?: Record<string, string>;
  /** Run the expiry sweeper on its timer every this many ms (default: never; tests call server.sweeper.runOnce()). */
  sweepEveryMs?: number;
  /** Where pools' signing keys come from (default: the cache of real keys, signing-keys.ts). */
  newSigningKey?: () => Promise<SigningKey>;
  /** The store, overriding COGNATE_TEST_STORE ('postgres' needs COGNATE_TEST_POSTGRES_URL). */
  store?: 'sqlite' | 'postgres';
}

/** A real cognate on 127.0.0.1 port 0 with a fresh SQLite data folder, a manual clock and an SDK v3 client. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cognate-test-'));
  // Errors the operation does not model are answered as a 500 naming them and fail stop() (protocol/errors.ts).
  const env: Record<string, string> = { COGNATE_CHECK_MODELLED_ERRORS: '1', ...(opts.env ?? {}) };
  if (opts.accessKeys?.length) env.COGNATE_ACCESS_KEYS = opts.accessKeys.map((k) => `${k.accessKeyId}:${k.secretAccessKey}`).join(',');
  // COGNATE_TEST_STORE=postgres runs the black-box suites on PostgreSQL: one schema per data folder, so restarts
  // find their data.
  const pgBase = (opts.store ?? process.env.COGNATE_TEST_STORE) === 'postgres' ? process.env.COGNATE_TEST_POSTGRES_URL : undefined;
  if (opts.store === 'postgres' && !pgBase) throw new Error('startTestServer: store postgres needs COGNATE_TEST_POSTGRES_URL');
  const pgSchema = pgBase ? testSchema(pgBase, 'bb', dataDir) : undefined;
  const config = loadServerConfig(['--port', '0', '--host', '127.0.0.1', '--data', dataDir, ...(pgSchema ? ['--store', pgSchema.url] : [])], env);
  const clock = opts.clock ?? new ManualClock(Date.now());
  // The expiry sweeper runs only when a test asks (server.sweeper.runOnce()): on its timer it would delete what a test
  // that advanced the manual clock is about to look at.
  // Pools' signing keys come from a cache of real keys (signing-keys.ts): generating two per pool was the suites'
  // largest CPU cost.
  const running = await startServer(config, {
    clock,
    random: opts.random,
    log: opts.log ?? silentLogger,
    sweepEveryMs: opts.sweepEveryMs ?? 0,
    newSigningKey: opts.newSigningKey ?? testSigningKey,
  });
  const clientWith = (credentials: AccessKey | undefined) =>
    new CognitoIdentityProviderClient({
      endpoint: running.url,
      region: 'us-east-1',
      credentials: credentials ?? { accessKeyId: '', secretAccessKey: '' },
      maxAttempts: 1,
    });
  const client = clientWith(TEST_CREDENTIALS);
  return {
    ...running,
    clock,
    dataDir,
    client,
    clientWith,
    async stop() {
      client.destroy();
      await running.close();
      if (!opts.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        await pgSchema?.drop();
      }
      if (running.unmodelledErrors.length > 0) {
        const list = running.unmodelledErrors.map((v) => `${v.operation} answered ${v.error} (${v.message})`).join('; ');
        throw new Error(`errors the model does not list for their operation: ${list}`);
      }
    },
  };
}

/** Calls the wire protocol directly, for what SDKs would refuse to send. */
export async function rawCall(
  url: string,
  target: string | undefined,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(target ? { 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` } : {}),
      ...headers,
    },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Asserts that a promise rejects with a Cognito exception of this name and (optionally) exact message. */
export async function rejectsWith(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    if (err.name !== name) throw new Error(`expected ${name}, got ${err.name}: ${err.message}`);
    if (typeof message === 'string' && err.message !== message) throw new Error(`expected message ${JSON.stringify(message)}, got ${JSON.stringify(err.message)}`);
    if (message instanceof RegExp && !message.test(err.message)) throw new Error(`expected message ${message}, got ${JSON.stringify(err.message)}`);
    return err;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}
