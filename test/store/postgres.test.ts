import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import pg from 'pg';
import {
  AdminCreateUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadServerConfig } from '../../src/config/config.js';
import { startServer, type RunningServer } from '../../src/cli/serve.js';
import { silentLogger } from '../../src/platform/log.js';
import { rejectsWith, TEST_CREDENTIALS } from '../helpers/server.js';
import { testSchema, TEST_POSTGRES_URL_ENV, type TestSchema } from './postgres-schema.js';
import { isUnavailable, openPostgresStore, parsePostgresUrl } from '../../src/store/postgres/postgres-store.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { openStore } from '../../src/store/open.js';
import { StoreUnavailableError, type ClientRecord, type PoolRecord, type Store } from '../../src/store/types.js';
import { ConfigCache, type ConfigListenerState } from '../../src/store/postgres/config-cache.js';
import { runStoreContract } from './contract.js';

/**
 * The PostgreSQL adapter: the whole store contract, plus what only a networked database has (several processes
 * migrating at once, outages and recovery). Needs a database: run it with
 *   scripts/with-postgres.sh node --test dist/test/store/
 * Each run works in its own fresh schema and drops it at the end.
 */
const baseUrl = process.env[TEST_POSTGRES_URL_ENV];
const SKIP = `${TEST_POSTGRES_URL_ENV} is not set: the PostgreSQL store tests need a database (run them with scripts/with-postgres.sh node --test dist/test/store/)`;

describe('postgres store URL', () => {
  it("splits cognate's own parameters (schema, pool_max) off and passes the rest to pg", () => {
    const parsed = parsePostgresUrl('postgresql://u:p%40ss@db.example:6543/cognate?sslmode=require&schema=tenant_1&pool_max=25');
    assert.equal(parsed.schema, 'tenant_1');
    assert.equal(parsed.max, 25);
    assert.equal(parsed.connectionString, 'postgresql://u:p%40ss@db.example:6543/cognate?sslmode=require');
    assert.deepEqual(parsePostgresUrl('postgres://localhost/db'), { connectionString: 'postgres://localhost/db', schema: undefined, max: undefined });
  });

  it('refuses a schema name that would need quoting (it is spliced into DDL) and a bad pool size', () => {
    assert.throws(() => parsePostgresUrl('postgres://localhost/db?schema=a";DROP TABLE x;--'), /schema/);
    assert.throws(() => parsePostgresUrl('postgres://localhost/db?schema=1abc'), /schema/);
    assert.throws(() => parsePostgresUrl('postgres://localhost/db?pool_max=0'), /pool_max/);
    assert.throws(() => parsePostgresUrl('mysql://localhost/db'), /postgres/);
  });

  it('classifies connection failures as unavailability and query errors as bugs', () => {
    assert.equal(isUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', syscall: 'connect' })), true);
    assert.equal(isUnavailable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isUnavailable(new Error('timeout exceeded when trying to connect')), true);
    assert.equal(isUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })), true);
    assert.equal(isUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' })), true);
    assert.equal(isUnavailable(Object.assign(new Error('too many connections'), { code: '53300' })), true);
    assert.equal(isUnavailable(Object.assign(new Error('syntax error'), { code: '42601' })), false);
    assert.equal(isUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
    assert.equal(isUnavailable(new TypeError("Cannot read properties of undefined (reading 'x')")), false);
  });
});

if (!baseUrl) {
  test('store contract: postgres', { skip: SKIP }, () => {});
  test('postgres adapter: migrations, outages and recovery', { skip: SKIP }, () => {});
} else {
  const schemas: TestSchema[] = [];
  const fresh = (label: string) => {
    const schema = testSchema(baseUrl, label);
    schemas.push(schema);
    return schema;
  };
  const dropSchemas = async () => {
    for (const schema of schemas.splice(0)) await schema.drop();
  };

  const contract = fresh('contract');
  runStoreContract('postgres', () => openPostgresStore({ url: contract.url }), () => contract.drop());

  describe('postgres adapter: migrations, outages and recovery', () => {
    after(dropSchemas);

    it('is what openStore picks for postgres:// and postgresql:// URLs', async () => {
      for (const scheme of ['postgres', 'postgresql']) {
        const url = fresh('open').url.replace(/^postgres(ql)?:/, `${scheme}:`);
        const store = await openStore({ store: url, dataDir: '/nonexistent', durability: 'normal' });
        try {
          assert.equal(store.kind, 'postgres');
          assert.deepEqual(await store.pools.list(1), []);
        } finally {
          await store.close();
        }
      }
    });

    it('lets several processes start at once on an empty database: migrations run once, under the advisory lock', async () => {
      const { url, schema } = fresh('migrate');
      const stores = await Promise.all(Array.from({ length: 6 }, () => openPostgresStore({ url, max: 2 })));
      try {
        const client = new pg.Client({ connectionString: baseUrl });
        await client.connect();
        try {
          const { rows } = await client.query(`SELECT id, name FROM "${schema}".schema_migrations ORDER BY id`);
          // Ids are reserved per change and appended as each lands, so the list is not in id order.
          const byId = [...POSTGRES_MIGRATIONS].sort((a, b) => a.id - b.id);
          assert.deepEqual(rows, byId.map((m) => ({ id: m.id, name: m.name })));
        } finally {
          await client.end();
        }
        await stores[0]!.pools.create(pool('us-east-1_migrated'));
        assert.ok(await stores[5]!.pools.get('us-east-1_migrated'));
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      // And a later start finds everything applied.
      const again = await openPostgresStore({ url });
      await again.close();
    });

    it('fails to open with StoreUnavailableError when nothing listens, and openStore names the redacted URL', async () => {
      const port = await closedPort();
      const url = `postgres://cognate:hunter2@127.0.0.1:${port}/db`;
      await assert.rejects(openPostgresStore({ url, connectTimeoutMs: 1000 }), (e: unknown) => e instanceof StoreUnavailableError);
      await assert.rejects(openStore({ store: url, dataDir: '.', durability: 'normal' }), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.match(e.message, new RegExp(`^cannot open the PostgreSQL store postgres://\\*\\*\\*@127\\.0\\.0\\.1:${port}/db: .*ECONNREFUSED`));
        assert.doesNotMatch(e.message, /hunter2/);
        return true;
      });
    });

    it('closes the store when start-up fails after opening it (no connection left to hold the process)', async () => {
      const { url, schema } = fresh('startfail');
      const named = new URL(url);
      named.searchParams.set('application_name', schema);
      const dirs = [mkdtempSync(join(tmpdir(), 'cognate-pg-a-')), mkdtempSync(join(tmpdir(), 'cognate-pg-b-'))];
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      const connections = async () =>
        Number((await admin.query('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [schema])).rows[0].n);
      try {
        const config = (dir: string) => loadServerConfig(['--port', '0', '--host', '127.0.0.1', '--data', dir, '--store', named.toString()], {});
        const first = await startServer(config(dirs[0]!), { log: silentLogger });
        const { UserPool } = await new CognitoIdentityProviderClient({ endpoint: first.url, region: 'us-east-1', credentials: TEST_CREDENTIALS }).send(
          new CreateUserPoolCommand({ PoolName: 'keys' }),
        );
        await fetch(`${first.url}/${UserPool!.Id}/.well-known/jwks.json`); // seals the pool's keys with dirs[0]'s master key
        await first.close();
        await waitFor(async () => (await connections()) === 0);
        // dirs[1] gets a master key of its own, which cannot open those keys: start-up fails after the store opened.
        await assert.rejects(startServer(config(dirs[1]!), { log: silentLogger }), /the master key cannot open the signing keys/);
        await waitFor(async () => (await connections()) === 0, 2000);
      } finally {
        await admin.end();
        for (const d of dirs) rmSync(d, { recursive: true, force: true });
      }
    });

    it('prepares again when a migration changes a table under its prepared statements (on every pooled connection)', async () => {
      const { url, schema } = fresh('prepared');
      const store = await openPostgresStore({ url, max: 2 });
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      try {
        await store.pools.create(pool('us-east-1_prep'));
        await store.users.create(user('us-east-1_prep', 'alice'), []);
        // Both connections of the pool hold the prepared statement of users.get.
        await Promise.all([store.users.get('us-east-1_prep', 'alice'), store.users.get('us-east-1_prep', 'alice')]);
        // What a later release's migration would do while this process runs: the rows of SELECT * change shape.
        await admin.query(`ALTER TABLE "${schema}".users ADD COLUMN later_column INTEGER`);
        const again = await Promise.all([store.users.get('us-east-1_prep', 'alice'), store.users.get('us-east-1_prep', 'alice')]);
        assert.deepEqual(again.map((u) => u?.username), ['alice', 'alice']);
      } finally {
        await store.close();
        await admin.end();
      }
    });

    describe('the pool and client cache (LISTEN/NOTIFY)', () => {
      let cfg: TestSchema;
      let admin: pg.Client;
      let a: Store;
      let b: Store;
      const states: ConfigListenerState[] = [];
      const live = () => [...states].reverse().find((s) => s.state === 'live') as { state: 'live'; backendPid: number } | undefined;
      // A change made behind the cache's back: the triggers off, so no notification; only a cache miss can see it.
      const silently = async (statement: string) => {
        await admin.query('BEGIN');
        await admin.query(`ALTER TABLE "${cfg.schema}".pools DISABLE TRIGGER USER`);
        await admin.query(`ALTER TABLE "${cfg.schema}".clients DISABLE TRIGGER USER`);
        await admin.query(statement);
        await admin.query(`ALTER TABLE "${cfg.schema}".pools ENABLE TRIGGER USER`);
        await admin.query(`ALTER TABLE "${cfg.schema}".clients ENABLE TRIGGER USER`);
        await admin.query('COMMIT');
      };
      const name = async (s: Store) => (await s.pools.get('us-east-1_cached'))?.name;
      // The notifications of earlier writes drop the cache whenever they arrive (on loopback: well under a millisecond);
      // a test that shows an entry staying cached first lets them arrive.
      const settle = () => new Promise((r) => setTimeout(r, 200));

      before(async () => {
        cfg = fresh('config');
        a = await openPostgresStore({ url: cfg.url, onConfigListener: (s) => states.push(s) });
        b = await openPostgresStore({ url: cfg.url });
        admin = new pg.Client({ connectionString: baseUrl });
        await admin.connect();
      });
      after(async () => {
        await a?.close();
        await b?.close();
        await admin?.end();
      });

      it('serves pools and clients from the process once read, and drops them on its own writes', async () => {
        assert.equal(live()?.state, 'live', 'the listener connected at open');
        await a.pools.create(pool('us-east-1_cached'));
        await a.clients.create(appClient('us-east-1_cached', 'client1'));
        await settle();
        assert.equal(await name(a), 'us-east-1_cached');
        assert.equal((await a.clients.get('us-east-1_cached', 'client1'))?.clientName, 'client1');
        assert.equal((await a.clients.find('client1'))?.clientName, 'client1');
        await silently(`UPDATE "${cfg.schema}".pools SET name = 'behind' WHERE id = 'us-east-1_cached'`);
        await silently(`UPDATE "${cfg.schema}".clients SET client_name = 'behind' WHERE client_id = 'client1'`);
        assert.equal(await name(a), 'us-east-1_cached', 'cached: the silent change is not seen');
        assert.equal((await a.clients.get('us-east-1_cached', 'client1'))?.clientName, 'client1');
        assert.equal((await a.clients.find('client1'))?.clientName, 'client1');
        assert.equal(await name(b), 'behind', 'another store reads the row');

        await a.pools.update({ ...pool('us-east-1_cached'), name: 'own write' });
        assert.equal(await name(a), 'own write', "the process's own write is seen at once");
        assert.equal((await a.clients.get('us-east-1_cached', 'client1'))?.clientName, 'behind', 'and it dropped the clients too');
      });

      it("sees another process's change, and one made with psql, when its notification arrives", async () => {
        assert.equal(await name(a), 'own write');
        await b.pools.update({ ...pool('us-east-1_cached'), name: 'from b' });
        await waitFor(async () => (await name(a)) === 'from b', 2000);
        await admin.query(`UPDATE "${cfg.schema}".pools SET name = 'from psql' WHERE id = 'us-east-1_cached'`);
        await waitFor(async () => (await name(a)) === 'from psql', 2000);
        assert.equal((await a.clients.get('us-east-1_cached', 'client1'))?.clientName, 'behind');
        await b.clients.delete('us-east-1_cached', 'client1');
        await waitFor(async () => (await a.clients.get('us-east-1_cached', 'client1')) === undefined, 2000);
        assert.equal(await a.clients.find('client1'), undefined);
      });

      it('caches nothing while its listener is down, and caches again once it has reconnected', async () => {
        await b.clients.create(appClient('us-east-1_cached', 'client1'));
        await settle();
        assert.equal(await name(a), 'from psql');
        const before = live()!.backendPid;
        const count = states.length;
        await admin.query('SELECT pg_terminate_backend($1)', [before]);
        await waitFor(async () => states.slice(count).some((s) => s.state === 'down'), 2000);
        await silently(`UPDATE "${cfg.schema}".pools SET name = 'while down' WHERE id = 'us-east-1_cached'`);
        assert.equal(await name(a), 'while down', 'no cached entry survived the broken listener');
        await waitFor(async () => live()!.backendPid !== before, 3000);
        assert.equal(await name(a), 'while down');
        await silently(`UPDATE "${cfg.schema}".pools SET name = 'after reconnect' WHERE id = 'us-east-1_cached'`);
        assert.equal(await name(a), 'while down', 'cached again');
      });

      it('stays off when its own probe notification never comes back (as behind a pooler that drops notifications)', async () => {
        const seen: ConfigListenerState[] = [];
        let loads = 0;
        const cache = new ConfigCache(() => new pg.Client({ connectionString: baseUrl }), async () => {}, (s) => seen.push(s));
        try {
          await cache.start();
          assert.equal(seen[0]?.state, 'down');
          assert.match((seen[0] as { error?: string }).error ?? '', /notifications are not delivered/);
          const load = async () => ({ n: ++loads });
          await cache.get('k', load);
          assert.deepEqual(await cache.get('k', load), { n: 2 }, 'every read goes to the database');
        } finally {
          await cache.close();
        }
      });

      it('reads an entry again once it is older than the maximum age, notification or not', async () => {
        const short = await openPostgresStore({ url: cfg.url, configMaxAgeMs: 500 });
        try {
          const before = await name(short);
          await silently(`UPDATE "${cfg.schema}".pools SET name = 'aged' WHERE id = 'us-east-1_cached'`);
          assert.equal(await name(short), before, 'still cached');
          await new Promise((r) => setTimeout(r, 600));
          assert.equal(await name(short), 'aged');
        } finally {
          await short.close();
        }
      });
    });

    describe('through a connection that can be cut', () => {
      let proxy: TcpProxy;
      let store: Store;
      let admin: pg.Client;
      let outage: TestSchema;
      let viaProxy: URL;
      before(async () => {
        const target = new URL(baseUrl);
        proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
        await proxy.start();
        outage = fresh('outage');
        viaProxy = new URL(outage.url);
        viaProxy.hostname = '127.0.0.1';
        viaProxy.port = String(proxy.port);
        // A name of its own (the URL's libpq parameters go to pg): the tests below look for and terminate this store's
        // connections, never those of the test files running beside them against the same cluster.
        viaProxy.searchParams.set('application_name', outage.schema);
        store = await openPostgresStore({ url: viaProxy.toString(), connectTimeoutMs: 1000, max: 4 });
        admin = new pg.Client({ connectionString: baseUrl });
        await admin.connect();
      });
      after(async () => {
        await store?.close();
        await admin?.end();
        await proxy?.stop();
      });

      it('answers StoreUnavailableError while the database is unreachable and recovers by itself when it is back', async () => {
        await store.reset();
        await store.pools.create(pool('us-east-1_before'));
        await proxy.stop();

        await assert.rejects(store.pools.get('us-east-1_before'), StoreUnavailableError);
        await assert.rejects(store.pools.create(pool('us-east-1_during')), StoreUnavailableError);
        await assert.rejects(store.users.create(user('us-east-1_before', 'alice'), []), StoreUnavailableError, 'transactions too');
        await assert.rejects(store.sessions.consume('nope', 1), StoreUnavailableError);

        await proxy.start();
        assert.ok(await store.pools.get('us-east-1_before'), 'the write acknowledged before the outage is there');
        assert.equal(await store.pools.get('us-east-1_during'), undefined, 'the refused write did not happen');
        await store.users.create(user('us-east-1_before', 'alice'), []);
        assert.ok(await store.users.get('us-east-1_before', 'alice'));
      });

      it('fails a request whose connection breaks mid-query with StoreUnavailableError', async () => {
        await store.reset();
        // Hold a lock so that the store's insert is surely in flight when the connection goes.
        await admin.query('BEGIN');
        await admin.query(`LOCK TABLE "${outage.schema}".pools IN ACCESS EXCLUSIVE MODE`);
        const inFlight = store.pools.create(pool('us-east-1_inflight'));
        inFlight.catch(() => {});
        await waitFor(async () => {
          const { rows } = await admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [outage.schema]);
          return rows.length > 0;
        });
        await proxy.stop();
        await assert.rejects(inFlight, StoreUnavailableError);
        await admin.query('ROLLBACK');
        await proxy.start();
        // The refused insert may or may not have committed on the server (it was never acknowledged); either way the
        // store serves again.
        assert.ok(Array.isArray(await store.pools.list(10)));
      });

      it('survives the server closing idle connections (a restart): no crash, the next requests succeed', async () => {
        await store.reset();
        await Promise.all([1, 2, 3].map((i) => store.pools.create(pool(`us-east-1_idle${i}`))));
        const { rows } = await admin.query(
          'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
          [outage.schema],
        );
        assert.ok(rows.length > 0, 'the store had idle connections to terminate');
        // Let the terminations reach the idle clients; an unhandled pool 'error' event would end the process here.
        await new Promise((r) => setTimeout(r, 200));
        assert.equal((await store.pools.list(10)).length, 3);
        await store.pools.create(pool('us-east-1_after'));
      });

      it('answers InternalErrorException through the API while the database is down, without crashing, then serves again', async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'cognate-pg-api-'));
        let server: RunningServer | undefined;
        let client: CognitoIdentityProviderClient | undefined;
        try {
          const config = loadServerConfig(['--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--store', viaProxy.toString()], {});
          server = await startServer(config, { log: silentLogger });
          client = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
          const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'outage' }));

          await proxy.stop();
          const err = await rejectsWith(client.send(new ListUserPoolsCommand({ MaxResults: 10 })), 'InternalErrorException');
          assert.equal(err.$metadata?.httpStatusCode, 500);
          await rejectsWith(client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! })), 'InternalErrorException');

          await proxy.start();
          const { UserPool: again } = await client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! }));
          assert.equal(again!.Name, 'outage');
        } finally {
          client?.destroy();
          await server?.close();
          rmSync(dataDir, { recursive: true, force: true });
        }
      });

      // Attack/incident: a transaction that holds a user's row lock and never ends (a stuck migration, an operator's
      // open psql session) made every request touching that user wait for ever, each holding a pooled connection
      // until the pool ran dry. statement_timeout must turn the wait into InternalErrorException within seconds.
      it('answers InternalErrorException (500) within the store timeout while another connection holds the row lock', async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'cognate-pg-lock-'));
        let server: RunningServer | undefined;
        let client: CognitoIdentityProviderClient | undefined;
        const locker = new pg.Client({ connectionString: baseUrl });
        await locker.connect();
        try {
          await store.reset();
          const config = loadServerConfig(
            ['--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--store', outage.url, '--store-timeout-ms', '1000'],
            {},
          );
          server = await startServer(config, { log: silentLogger });
          client = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
          const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'locked' }));
          const UserPoolId = UserPool!.Id!;
          await client.send(new AdminCreateUserCommand({ UserPoolId, Username: 'alice', MessageAction: 'SUPPRESS' }));

          await locker.query('BEGIN');
          const { rowCount } = await locker.query(`SELECT 1 FROM "${outage.schema}".users WHERE pool_id = $1 AND username_key = 'alice' FOR UPDATE`, [UserPoolId]);
          assert.equal(rowCount, 1, 'the lock is on the user the request writes');

          const started = Date.now();
          const request = client.send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username: 'alice', UserAttributes: [{ Name: 'name', Value: 'A' }] }));
          const outcome = await Promise.race([
            request.then(() => 'answered' as const, (e: unknown) => e),
            new Promise<'hung'>((r) => setTimeout(() => r('hung'), 8000)),
          ]);
          const elapsed = Date.now() - started;
          assert.notEqual(outcome, 'hung', 'the request was still waiting on the lock after 8 s');
          assert.notEqual(outcome, 'answered', 'the request succeeded although the row was locked');
          const err = outcome as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
          assert.equal(err.name, 'InternalErrorException');
          assert.equal(err.message, 'An internal error occurred.');
          assert.equal(err.$metadata?.httpStatusCode, 500);
          assert.ok(elapsed >= 900 && elapsed < 4000, `answered after ${elapsed} ms with a 1,000 ms store timeout`);
        } finally {
          await locker.query('ROLLBACK').catch(() => {});
          await locker.end();
          client?.destroy();
          await server?.close();
          rmSync(dataDir, { recursive: true, force: true });
        }
      });

      // Incident: a silent network partition (packets dropped, no RST) left a query waiting for an answer that never
      // comes; TCP keep-alive notices after minutes. The client-side query timeout must give up within seconds.
      it('fails a query with StoreUnavailableError within the timeout when the network goes silent, then serves again', async () => {
        const silent = await openPostgresStore({ url: viaProxy.toString(), connectTimeoutMs: 1000, max: 2, queryTimeoutMs: 500 });
        try {
          await silent.reset();
          await silent.users.create(user('us-east-1_silent', 'alice'), []);
          proxy.freeze();
          for (const call of [() => silent.users.get('us-east-1_silent', 'alice'), () => silent.users.create(user('us-east-1_silent', 'bob'), [])]) {
            const started = Date.now();
            const outcome = await Promise.race([
              call().then(() => 'answered' as const, (e: unknown) => e),
              new Promise<'hung'>((r) => setTimeout(() => r('hung'), 8000)),
            ]);
            assert.notEqual(outcome, 'hung', 'the store call was still waiting after 8 s');
            assert.ok(outcome instanceof StoreUnavailableError, `expected StoreUnavailableError, got ${String(outcome)}`);
            assert.ok(Date.now() - started < 4000, `gave up after ${Date.now() - started} ms with a 500 ms timeout`);
          }
          proxy.thaw();
          assert.equal((await silent.users.get('us-east-1_silent', 'alice'))?.usernameKey, 'alice', 'serves again once the network is back');
        } finally {
          proxy.thaw();
          // Connections whose bytes were dropped can never be answered: reset them so that close() does not wait for them.
          await proxy.stop();
          await proxy.start();
          await silent.close();
        }
      });
    });
  });
}

/** A TCP forwarder that can be taken down (every connection reset, new ones refused) and brought back on its port, or frozen. */
class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private frozen = false;
  port = 0;
  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((downstream) => {
      const upstream = connect(this.targetPort, this.host);
      for (const s of [downstream, upstream]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => {
          this.sockets.delete(s);
          downstream.destroy();
          upstream.destroy();
        });
      }
      // Forwarded by hand rather than piped, so that freeze() can drop what arrives (a silent network).
      downstream.on('data', (chunk) => {
        if (!this.frozen) upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!this.frozen) downstream.write(chunk);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Drops every byte in both directions, keeping the connections open: a partition nobody is told about. */
  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.resetAndDestroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function pool(id: string): PoolRecord {
  return { id, name: id, createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, config: {} };
}

function appClient(poolId: string, clientId: string): ClientRecord {
  return { poolId, clientId, clientName: clientId, createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, config: {} };
}

function user(poolId: string, usernameKey: string) {
  return {
    poolId,
    username: usernameKey,
    usernameKey,
    sub: `sub-${usernameKey}`,
    status: 'CONFIRMED' as const,
    enabled: true,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    version: 1,
    attributes: {},
    data: {},
  };
}
