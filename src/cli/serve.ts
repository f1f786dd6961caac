import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHmac, hkdfSync } from 'node:crypto';
import type { Server } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { isLoopbackAddress, type ServerConfig } from '../config/config.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { cryptoRandom, type Random } from '../platform/random.js';
import { createLogger, describeError, type Logger } from '../platform/log.js';
import { createSecretBox } from '../platform/secret-box.js';
import { ensurePrivateDir, ensurePrivateSqliteFiles, tighten } from '../platform/private-files.js';
import type { Deps } from '../domain/deps.js';
import { createKeyService, type KeyService } from '../domain/tokens/keys.js';
import type { SigningKey } from '../domain/tokens/jwt.js';
import { RequestEpoch } from '../platform/request-epoch.js';
import { QuotaLimiter } from '../domain/quotas/limiter.js';
import { outboxDelivery } from '../domain/messaging/outbox.js';
import { openStore } from '../store/open.js';
import { startSweeper, type Sweeper } from '../domain/maintenance/sweeper.js';
import type { Store } from '../store/types.js';
import { loadModel } from '../protocol/model.js';
import { createProtocolHandler, type UnmodelledError } from '../protocol/handler.js';
import { lazyOperations } from '../operations/registry.js';
import { boundUrl, createHttpServer } from '../http/server.js';
import { devEndpoints } from '../http/dev-endpoints.js';
import { createCorsPolicy } from '../http/cors.js';
import { logRequests } from './request-log.js';
import type { Services } from '../operations/services.js';
import { createCodeEncrypter } from '../platform/sender-codes.js';
import { createTriggerLog } from '../domain/triggers/log.js';
import { lazyFunction, lazyService } from '../platform/lazy.js';
import type { DomainRouter } from '../http/domain/router.js';
import type { FunctionRunner } from '../platform/functions.js';
import type { HttpOptions } from '../http/server.js';

export interface RunningServer {
  url: string;
  server: Server;
  deps: Deps;
  store: Store;
  keys: KeyService;
  /** The expiry sweeper (domain/maintenance/sweeper.ts), running on its timer unless turned off. */
  sweeper: Sweeper;
  /** With --tls: the certificate's file and SHA-256 fingerprint (clients trust it by one or the other). */
  tls?: { certPath: string; fingerprint: string; generated: boolean };
  /** With config.checkModelledErrors: every error an operation answered that its model does not list. */
  unmodelledErrors: UnmodelledError[];
  close(): Promise<void>;
}

export interface ServeOverrides {
  clock?: Clock;
  random?: Random;
  log?: Logger;
  /** An already open store (tests share one across restarts). */
  store?: Store;
  /** Where pools' signing keys come from (default: a fresh RSA-2048 key each; domain/tokens/keys.ts). */
  newSigningKey?: () => Promise<SigningKey>;
  /** How often the expiry sweeper runs (default SWEEP.everyMs; 0: only when asked, as the test servers do). */
  sweepEveryMs?: number;
}

/** Composition root of `cognate serve`: config → clock/random/log → store → services → operations → http. */
export async function startServer(config: ServerConfig, overrides: ServeOverrides = {}): Promise<RunningServer> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const keyless = config.accessKeys.length === 0;
  if (keyless) await refuseUnlessLoopback(config.host, await resolveHost(config.host));
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? cryptoRandom;
  if (!overrides.store) preparePrivateFiles(config);
  const requestEpoch = new RequestEpoch();
  const store = overrides.store ?? (await openStore(config, log, { requestEpoch }));
  // Whatever fails from here on (master key, port in use) must not leave the store open: its connections (the
  // PostgreSQL pool and listener) would keep the process alive.
  try {
    const masterKey = loadMasterKey(config, random);
    const sealer = createSecretBox(masterKey, random);
    const hashKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'cognate secret hashing', 32));
    let publicBase = config.publicUrl?.replace(/\/+$/, '') ?? '';

    // What the first request does not need loads on first use, and all of it once the first answer is out (warm
    // below): SRP's worker threads, the trigger functions' runner, token checks, MFA, the pool domains' router, TLS
    // (docs/performance.md, "Cold start").
    const modPow = lazyFunction(async () => {
      const [{ sharedModPowThreads }, { SRP_N_HEX }] = await Promise.all([import('../platform/modpow-threads.js'), import('../domain/auth/srp.js')]);
      const threads = sharedModPowThreads(Buffer.from(SRP_N_HEX, 'hex'));
      return (base: Buffer | null, exp: Buffer) => threads.run(base, exp);
    });
    const functions = lazyService<FunctionRunner>(
      async () =>
        (await import('../platform/functions.js')).createFunctionRunner({
          functions: config.functions,
          timeoutMs: config.functionTimeoutMs,
          region: config.region,
          lambdaEndpoint: config.lambdaEndpoint,
          credentials: config.lambdaCredentials,
        }),
      ['invoke', 'close'],
    );
    const deps: Deps = {
      clock,
      random,
      log,
      store,
      sealer,
      // SRP's modPows (password checks, SRP sign-ins, device SRP) run on worker threads, not on the event loop.
      modPow,
      delivery: outboxDelivery(store, clock),
      functions,
      triggerLog: createTriggerLog(),
      senderCodes: createCodeEncrypter(config.senderKeys),
      region: config.region,
      accountId: config.accountId,
      hashSecret: (value) => createHmac('sha256', hashKey).update(value).digest('base64url'),
      issuer: (poolId) => `${publicBase}/${poolId}`,
    };
    await checkMasterKey(store, sealer);
    const keys = createKeyService(deps, overrides.newSigningKey);
    const quotas = new QuotaLimiter({ store, clock, limits: config.quotaLimits });
    const authorize = lazyFunction(async () => (await import('../domain/tokens/tokens.js')).createAccessTokenAuthorizer(deps, keys));
    const secondFactor = lazyService(async () => (await import('../domain/mfa/sign-in.js')).createSecondFactor(), ['decide', 'answer']);
    const services: Services = { keys, authorize, secondFactor, quotas };

    const model = loadModel();
    const registry = lazyOperations();
    const cors = createCorsPolicy({ origins: config.corsOrigins, keyless: config.accessKeys.length === 0 });
    const unmodelledErrors: UnmodelledError[] = [];
    const protocol = createProtocolHandler({
      model,
      registry,
      deps,
      services,
      accessKeys: config.accessKeys,
      adminAllowed: cors.adminAllowed,
      // Off by default in keyless loopback mode (a developer's machine, CI), on when exposed (docs/security.md).
      ...((config.quotas === 'auto' ? !keyless : config.quotas === 'on') ? { quotas } : {}),
      ...(config.checkModelledErrors ? { onUnmodelledError: (v: UnmodelledError) => unmodelledErrors.push(v) } : {}),
    });
    const tls = config.tls ? await (await import('../platform/tls.js')).loadTlsMaterial({ certFile: config.tlsCert, keyFile: config.tlsKey, dataDir: config.dataDir, region: config.region }) : undefined;
    const domains = lazyService<DomainRouter>(async () => (await import('../http/domain/router.js')).createDomainRouter({ deps, keys, services }), ['match', 'handle']);
    const httpOptions: HttpOptions = {
      ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
      protocol,
      cors,
      deps,
      requestEpoch,
      accessKeys: config.accessKeys,
      domains,
      devEndpoints: devEndpoints(deps, keys),
      uiLogo: async (poolId, clientId, cssVersion) => (await import('../domain/branding/ui-customization.js')).uiLogo(deps, poolId, clientId, cssVersion),
      // Loaded on first use: not on the start-up path (docs/threat-protection.md "Notifications").
      authEventFeedback: async (poolId, query) => (await import('../domain/threat/feedback-link.js')).feedbackFromLink(deps, poolId, query),
      async wellKnown(poolId, doc) {
        if (!(await store.pools.get(poolId))) return undefined;
        if (doc === 'jwks.json') return keys.jwks(poolId);
        return (await import('../domain/oauth/discovery.js')).discoveryDocument(deps, poolId, publicBase);
      },
    };
    const server = createHttpServer(httpOptions);
    if (config.logLevel === 'info' || config.logLevel === 'debug') logRequests(server, log);
    // The operation modules load on first use; the rest are imported once the first answer is out, so that neither
    // start-up nor the first request waits for them and later first calls do not either.
    // The lazy services are swapped for the real ones as they load, so later calls skip the stubs' extra await.
    const warm = async () => {
      services.authorize = await authorize.loaded();
      services.secondFactor = await secondFactor.loaded();
      deps.modPow = await modPow.loaded();
      deps.functions = await functions.loaded();
      httpOptions.domains = await domains.loaded();
      await registry.warm();
    };
    server.once('request', (_req, res) => res.once('close', () => setImmediate(() => void warm().catch((e: unknown) => log.error('loading the services failed', describeError(e))))));
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(config.port, config.host, () => res());
    });
    if (keyless) {
      // What counts is the address actually bound, not how --host was spelled or what it resolved to a moment ago.
      const bound = (server.address() as AddressInfo).address;
      try {
        await refuseUnlessLoopback(config.host, [bound]);
      } catch (e) {
        await new Promise<void>((res) => server.close(() => res()));
        throw e;
      }
    }
    const url = boundUrl(server, config.host, tls ? 'https' : 'http');
    if (tls) log.warn(tls.generated ? 'TLS: generated a self-signed certificate' : 'TLS: certificate', { path: tls.certPath, sha256: tls.fingerprint });
    if (!publicBase) publicBase = url;
    if (config.accessKeys.length === 0) {
      log.warn('no access keys configured: admin operations accept any well-formed SigV4 signature (loopback only)', { host: config.host });
    }
    const sweeper = startSweeper({ store, clock, log }, overrides.sweepEveryMs);
    return {
      url,
      server,
      deps,
      store,
      keys,
      sweeper,
      unmodelledErrors,
      ...(tls ? { tls: { certPath: tls.certPath, fingerprint: tls.fingerprint, generated: tls.generated } } : {}),
      async close() {
        await new Promise<void>((res) => {
          server.close(() => res());
          server.closeAllConnections();
        });
        await sweeper.stop();
        // Trigger functions' workers exist only if the runner was loaded.
        await (await functions.started())?.close();
        if (!overrides.store) await store.close();
      },
    };
  } catch (e) {
    if (!overrides.store) await store.close().catch(() => {});
    throw e;
  }
}

async function resolveHost(host: string): Promise<string[]> {
  // An address needs no lookup (nor node:dns loaded: the usual 127.0.0.1 starts without it).
  if (isIP(host)) return [host];
  try {
    const { lookup } = await import('node:dns/promises');
    return (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return [];
  }
}

/** Without access keys anyone who reaches the port administers: only loopback addresses will do. */
async function refuseUnlessLoopback(host: string, addresses: string[]): Promise<void> {
  if (addresses.length > 0 && addresses.every(isLoopbackAddress)) return;
  const what = addresses.length === 0 ? 'it does not resolve' : `it is ${addresses.join(', ')}`;
  throw new Error(
    `refusing to listen on ${host} without access keys (${what}, not a loopback address): admin operations would be open to the network. ` +
      'Configure COGNATE_ACCESS_KEYS (or accessKeys in --config) or listen on 127.0.0.1.',
  );
}

/**
 * Fails start-up when the master key cannot open what the store already holds (another process's key, a lost key
 * file): otherwise every token operation would answer InternalErrorException.
 */
async function checkMasterKey(store: Store, sealer: Deps['sealer']): Promise<void> {
  for (const pool of await store.pools.list(5)) {
    const [key] = await store.signingKeys.list(pool.id);
    if (!key) continue;
    try {
      sealer.open(key.privateKeySealed, `signing-key:${pool.id}:${key.use}`);
    } catch {
      throw new Error(
        'the master key cannot open the signing keys in this store: every process sharing a store needs the same ' +
          'COGNATE_MASTER_KEY (or the master.key file of the data folder that created it)',
      );
    }
    return;
  }
}

/** The data folder 0700 and the SQLite files 0600 (platform/private-files.ts), before the store opens them. */
function preparePrivateFiles(config: ServerConfig): void {
  if (config.store === 'sqlite' || config.store === '') ensurePrivateSqliteFiles(join(resolve(config.dataDir), 'cognate.db'));
  else if (config.store.startsWith('sqlite:') && config.store !== 'sqlite::memory:') ensurePrivateSqliteFiles(resolve(config.store.slice('sqlite:'.length)));
}

/** The key sealing secrets at rest: from config, else generated once into the data folder (mode 0600). */
function loadMasterKey(config: ServerConfig, random: Random): Buffer {
  if (config.masterKey) {
    const key = Buffer.from(config.masterKey, 'base64');
    if (key.length !== 32) throw new Error('masterKey must be 32 bytes, base64-encoded');
    return key;
  }
  const dir = resolve(config.dataDir);
  const file = join(dir, 'master.key');
  if (existsSync(file)) {
    tighten(file);
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
  ensurePrivateDir(dir);
  const key = random.bytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
