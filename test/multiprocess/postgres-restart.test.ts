import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognateProcess, noPostgres, outcome, sleep } from './helpers.js';
import { PASSWORD } from '../helpers/fixtures.js';

/**
 * Issue 7's acceptance: PostgreSQL restarted under load. cognate answers InternalErrorException (HTTP 500) while
 * the database is down, does not crash, recovers by itself when it is back, and loses no acknowledged write.
 *
 * The cluster restarted here is one of the test's own (same binaries as scripts/with-postgres.sh, which exports
 * COGNATE_TEST_PG_BIN): the shared test cluster serves other test files running at the same time. It keeps
 * PostgreSQL's default synchronous_commit=on, so that a commit acknowledged to cognate survives even the
 * crash-like `immediate` stop (fsync=off only trusts the OS cache, which a process restart keeps).
 */
const pgBin = process.env.COGNATE_TEST_PG_BIN;
const skip = noPostgres ?? (pgBin ? undefined : 'COGNATE_TEST_PG_BIN is not set (run under scripts/with-postgres.sh)');
const run = promisify(execFile);
const INTERNAL = 'InternalErrorException (500): An internal error occurred.';

/** A throwaway PostgreSQL cluster in a temp folder, owned by 'postgres' when we are root (it refuses to run as root). */
class OwnCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'cognate-pg-restart-'));
  port = 0;
  private readonly asRoot = process.getuid?.() === 0;

  private async pg(tool: string, args: string[]): Promise<void> {
    const [cmd, argv] = this.asRoot ? ['runuser', ['-u', 'postgres', '--', join(pgBin!, tool), ...args]] : [join(pgBin!, tool), args];
    await run(cmd, argv, { timeout: 60_000 });
  }

  async init(): Promise<void> {
    if (this.asRoot) await run('chown', ['postgres', this.dir]);
    await this.pg('initdb', ['-D', join(this.dir, 'data'), '-U', 'cognate', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    this.port = await freePort();
  }

  get url(): string {
    return `postgres://cognate@127.0.0.1:${this.port}/postgres?schema=restart`;
  }

  async start(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
    await this.pg('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-w', '-t', '30', '-o', opts, 'start']);
  }

  /** 'fast': clients are told the server is shutting down (57P01); 'immediate': backends are killed, as in a crash. */
  async stop(mode: 'fast' | 'immediate'): Promise<void> {
    await this.pg('pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', '-t', '30', 'stop']);
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, 'log'), 'utf8');
    } catch {
      return '';
    }
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The end of a log (each refused call logs a stack trace). */
const tail = (text: string, chars = 4000) => (text.length > chars ? `…${text.slice(-chars)}` : text);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Call {
  kind: 'read' | 'write';
  start: number;
  end: number;
  result: string;
  username?: string;
}

interface Outage {
  mode: 'fast' | 'immediate';
  /** pg_ctl stop was called / had returned (server gone) / pg_ctl start was called / had returned (accepting). */
  stopCalled: number;
  stopped: number;
  startCalled: number;
  started: number;
  /** Both loops had succeeded again. */
  recovered: number;
}

describe('PostgreSQL restarted under load', { skip, timeout: 120_000 }, () => {
  let cluster: OwnCluster | undefined;
  let cognate: CognateProcess | undefined;
  after(async () => {
    await cognate?.stop();
    await cluster?.destroy();
  });

  it('answers InternalErrorException while it is down, recovers by itself, keeps every acknowledged write', async (t) => {
    cluster = new OwnCluster();
    await cluster.init();
    await cluster.start();
    cognate = new CognateProcess(cluster.url);
    const c = await cognate.client();
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'restart' }))).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] })))
      .UserPoolClient!.ClientId!;
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'reader', MessageAction: 'SUPPRESS' }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'reader', Password: PASSWORD, Permanent: true }));
    const token = (
      await c.send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'reader', PASSWORD } }),
      )
    ).AuthenticationResult!.AccessToken!;

    // The load: one loop of reads (GetUser with a token from before the restarts, AdminGetUser), one of writes
    // (AdminCreateUser, a new name each time), a request every ~50 ms each, bounded in count and time.
    const calls: Call[] = [];
    let stopLoad = false;
    const MAX_PER_LOOP = 200;
    const loop = async (kind: Call['kind']) => {
      for (let i = 0; i < MAX_PER_LOOP && !stopLoad; i++) {
        const username = kind === 'write' ? `w${i}` : undefined;
        const start = performance.now();
        const [r] = await Promise.allSettled([
          kind === 'write'
            ? c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }))
            : i % 2 === 0
              ? c.send(new GetUserCommand({ AccessToken: token }))
              : c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'reader' })),
        ]);
        calls.push({ kind, start, end: performance.now(), result: outcome(r!), username });
        await sleep(50);
      }
    };
    const load = Promise.all([loop('read'), loop('write')]);
    const succeededSince = (kind: Call['kind'], since: number) => calls.some((x) => x.kind === kind && x.start >= since && x.result === 'ok');
    const waitFor = async (what: string, condition: () => boolean, timeoutMs = 15_000) => {
      const deadline = performance.now() + timeoutMs;
      while (!condition()) {
        if (!cognate!.alive) throw new Error(`cognate exited while waiting for ${what}:\n${tail(cognate!.stderr)}`);
        if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}; cognate stderr:\n${tail(cognate!.stderr)}\npostgres log:\n${tail(cluster!.log())}`);
        await sleep(20);
      }
    };

    const outages: Outage[] = [];
    try {
      await sleep(1000);
      for (const mode of ['fast', 'immediate'] as const) {
        const stopCalled = performance.now();
        await cluster.stop(mode);
        const stopped = performance.now();
        // Down for two seconds, and until both loops have been refused a few times.
        const failedSince = (kind: Call['kind']) => calls.filter((x) => x.kind === kind && x.start >= stopped && x.result !== 'ok').length >= 3;
        await sleep(2000);
        await waitFor(`refusals while PostgreSQL is down (${mode})`, () => failedSince('read') && failedSince('write'));
        const startCalled = performance.now();
        await cluster.start();
        const started = performance.now();
        // Recovered by itself: nothing is done to cognate; reads and writes succeed again.
        await waitFor(`recovery after the ${mode} restart`, () => succeededSince('read', started) && succeededSince('write', started));
        outages.push({ mode, stopCalled, stopped, startCalled, started, recovered: performance.now() });
        await sleep(1000);
      }
    } finally {
      stopLoad = true;
      await load;
    }

    const show = (x: Call) => `${x.kind} ${x.username ?? ''} ${Math.round(x.start)}..${Math.round(x.end)}: ${x.result}`;
    const context = () => `\noutages: ${JSON.stringify(outages.map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v) : v]))))}\ncognate stderr:\n${tail(cognate!.stderr)}`;
    for (const o of outages) {
      const refused = calls.filter((x) => x.end >= o.stopCalled && x.start <= o.started && x.result !== 'ok').length;
      t.diagnostic(`${o.mode} restart: down ${Math.round(o.startCalled - o.stopped)} ms, ${refused} calls refused, recovered ${Math.round(o.recovered - o.started)} ms after the start`);
    }
    t.diagnostic(`${calls.length} calls, ${calls.filter((x) => x.result === 'ok').length} answered 200`);
    assert.ok(calls.length <= 2 * MAX_PER_LOOP);
    for (const x of calls) {
      const during = outages.find((o) => x.end >= o.stopCalled && x.start <= o.started);
      if (!during) {
        // Before the first stop, or begun after the restart finished: the database was there for the whole call.
        assert.equal(x.result, 'ok', `a call while PostgreSQL was up: ${show(x)}${context()}`);
      } else if (x.start >= during.stopped && x.end <= during.startCalled) {
        // Entirely while it was down: refused, with Cognito's internal error and nothing else.
        assert.equal(x.result, INTERNAL, `a call while PostgreSQL was down: ${show(x)}${context()}`);
      } else {
        // Across a stop or a start: either outcome, but no other error.
        assert.ok(x.result === 'ok' || x.result === INTERNAL, `a call across a stop or start: ${show(x)}${context()}`);
      }
    }
    for (const o of outages) {
      for (const kind of ['read', 'write'] as const) {
        assert.ok(calls.some((x) => x.kind === kind && x.start >= o.stopped && x.end <= o.startCalled), `${kind}s were refused during the ${o.mode} outage`);
      }
    }
    assert.ok(cognate.alive, `cognate is still running${context()}`);

    // No acknowledged write lost: every AdminCreateUser answered 200 is there (those answered 500 may or may not be).
    const acknowledged = calls.filter((x) => x.kind === 'write' && x.result === 'ok').map((x) => x.username!);
    const listed = new Set<string>();
    let PaginationToken: string | undefined;
    do {
      const page = await c.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken }));
      for (const u of page.Users ?? []) listed.add(u.Username!);
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    const lost = acknowledged.filter((u) => !listed.has(u));
    assert.deepEqual(lost, [], `acknowledged writes missing after the restarts (${acknowledged.length} acknowledged)`);
    assert.ok(acknowledged.length >= 10, `enough writes were acknowledged to mean something: ${acknowledged.length}`);
    assert.equal((await c.send(new GetUserCommand({ AccessToken: token }))).Username, 'reader');
  });
});
