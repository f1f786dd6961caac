import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isIP } from 'node:net';
import { isQuotaCategory, type QuotaCategory } from '../domain/quotas/categories.js';

/** The only place that reads flags, environment variables and config files. */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  region: string;
  /** 'sqlite' (default, in dataDir) or a postgres:// URL. */
  store: string;
  durability: 'normal' | 'full';
  /**
   * How long one store query may take, lock waits included, before the request answers InternalErrorException:
   * PostgreSQL's statement_timeout (the client waits one second longer for an answer), SQLite's busy timeout.
   */
  storeTimeoutMs: number;
  /** Public base URL used for token issuers; defaults to the server's own URL once bound. */
  publicUrl?: string;
  /**
   * HTTPS (docs/hosted-ui.md): with `tlsCert` and `tlsKey` (PEM files), else a self-signed certificate generated once
   * into the data folder. Tokens' issuers and the discovery documents are https URLs then.
   */
  tls: boolean;
  tlsCert?: string;
  tlsKey?: string;
  /** IAM-style keys that may sign admin calls. Empty: any well-formed SigV4 is accepted, loopback only. */
  accessKeys: AccessKey[];
  /** base64 32-byte key sealing secrets at rest; generated into dataDir when absent. */
  masterKey?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  workers: number;
  /** The account id that appears in ARNs. */
  accountId: string;
  /**
   * Web origins answered with CORS (`*`: any) for the user operations and the well-known documents. Admin
   * operations and /_cognate/* answer a foreign origin only when it is listed by name, or with access keys.
   */
  corsOrigins: string[];
  /**
   * Development and tests: answer a 500 naming the operation and the error when an operation throws an error its model
   * does not list (protocol/errors.ts). Off by default: production checks nothing. COGNATE_CHECK_MODELLED_ERRORS=1.
   */
  checkModelledErrors: boolean;
  /**
   * Request-rate quotas (docs/security.md, Quotas): 'on', 'off', or 'auto' (the default): on with access keys
   * (exposed mode), off without (keyless loopback mode).
   */
  quotas: 'on' | 'off' | 'auto';
  /** Free limits per quota category where they differ from Cognito's defaults: `UserAuthentication=10,UserCreation=5`. */
  quotaLimits: Partial<Record<QuotaCategory, number>>;
  /**
   * Lambda triggers (docs/triggers.md): how each function ARN or name in a pool's LambdaConfig is reached. `*` maps
   * every function no other entry names. A function nothing maps fails its trigger with UnexpectedLambdaException.
   */
  functions: Record<string, FunctionTarget>;
  /** How long a trigger's function may run before the trigger fails (Cognito waits 5 s). */
  functionTimeoutMs: number;
  /** The Lambda Invoke API endpoint for `{ "lambda": true }` targets: AWS_ENDPOINT_URL_LAMBDA, else AWS_ENDPOINT_URL. */
  lambdaEndpoint?: string;
  /** The credentials Invoke API requests are SigV4-signed with: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else placeholders. */
  lambdaCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * The AES-256 keys that stand in for KMS keys: a pool's `LambdaConfig.KMSKeyID` (its whole ARN, its key id, or `*`
   * for any) → the base64 32-byte key the codes sent to CustomSMSSender / CustomEmailSender are encrypted under
   * (AWS Encryption SDK, raw AES keyring; docs/triggers.md, Custom sender triggers).
   */
  senderKeys: Record<string, Buffer>;
}

/** Where a trigger's function runs (docs/triggers.md). */
export type FunctionTarget =
  /** A JavaScript module on disk (absolute path), its `handler` export (or the one named) run in a worker thread. */
  | { module: string; handler?: string }
  /** A plain HTTP endpoint: the event POSTed as JSON, the answer is the response body. */
  | { url: string }
  /** The Lambda Invoke API of an endpoint (true: lambdaEndpoint), optionally under another function name. */
  | { lambda: string | true; function?: string };

const DEFAULTS: ServerConfig = {
  host: '127.0.0.1',
  port: 9229,
  dataDir: '.cognate',
  region: 'us-east-1',
  store: 'sqlite',
  durability: 'normal',
  storeTimeoutMs: 5000,
  accessKeys: [],
  logLevel: 'info',
  workers: 1,
  accountId: '000000000000',
  corsOrigins: ['*'],
  checkModelledErrors: false,
  quotas: 'auto',
  quotaLimits: {},
  functions: {},
  functionTimeoutMs: 5000,
  lambdaCredentials: { accessKeyId: 'COGNATELOCAL', secretAccessKey: 'cognate-local' },
  tls: false,
  senderKeys: {},
};

export const ENV: Record<string, keyof ServerConfig> = {
  COGNATE_HOST: 'host',
  COGNATE_PORT: 'port',
  COGNATE_DATA: 'dataDir',
  COGNATE_REGION: 'region',
  COGNATE_STORE: 'store',
  COGNATE_DURABILITY: 'durability',
  COGNATE_STORE_TIMEOUT_MS: 'storeTimeoutMs',
  COGNATE_PUBLIC_URL: 'publicUrl',
  COGNATE_TLS: 'tls',
  COGNATE_TLS_CERT: 'tlsCert',
  COGNATE_TLS_KEY: 'tlsKey',
  COGNATE_MASTER_KEY: 'masterKey',
  COGNATE_LOG_LEVEL: 'logLevel',
  COGNATE_WORKERS: 'workers',
  COGNATE_ACCOUNT_ID: 'accountId',
  COGNATE_CORS_ORIGINS: 'corsOrigins',
  COGNATE_CHECK_MODELLED_ERRORS: 'checkModelledErrors',
  COGNATE_QUOTAS: 'quotas',
  COGNATE_QUOTA_LIMITS: 'quotaLimits',
  COGNATE_FUNCTIONS: 'functions',
  COGNATE_FUNCTION_TIMEOUT_MS: 'functionTimeoutMs',
  COGNATE_SENDER_KEYS: 'senderKeys',
};

export const FLAGS: Record<string, keyof ServerConfig> = {
  '--host': 'host',
  '--port': 'port',
  '--data': 'dataDir',
  '--region': 'region',
  '--store': 'store',
  '--durability': 'durability',
  '--store-timeout-ms': 'storeTimeoutMs',
  '--public-url': 'publicUrl',
  '--tls-cert': 'tlsCert',
  '--tls-key': 'tlsKey',
  '--log-level': 'logLevel',
  '--workers': 'workers',
  '--cors-origins': 'corsOrigins',
  '--quotas': 'quotas',
  '--quota-limits': 'quotaLimits',
  '--functions': 'functions',
  '--function-timeout-ms': 'functionTimeoutMs',
  '--sender-keys': 'senderKeys',
};

export class ConfigError extends Error {}

/** Precedence: flags > environment > config file > defaults. Access keys: `COGNATE_ACCESS_KEYS=id:secret,id:secret`. */
export function loadServerConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const fromFlags: Record<string, string> = {};
  let configFile = env.COGNATE_CONFIG;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new ConfigError(`${name} needs a value`);
      return v;
    };
    if (name === '--config') configFile = value();
    // The one flag without a value (`--tls=false` turns it off where a config file turned it on).
    else if (name === '--tls') fromFlags.tls = inline ?? 'true';
    else if (FLAGS[name]) fromFlags[FLAGS[name]] = value();
    else throw new ConfigError(`unknown option: ${name}`);
  }
  const fromFile: Record<string, unknown> = configFile ? JSON.parse(readFileSync(resolve(configFile), 'utf8')) : {};
  const fromEnv: Record<string, string> = {};
  for (const [k, field] of Object.entries(ENV)) if (env[k] !== undefined && env[k] !== '') fromEnv[field] = env[k]!;

  const merged: Record<string, unknown> = { ...DEFAULTS, ...fromFile, ...fromEnv, ...fromFlags };
  const accessKeys: AccessKey[] = Array.isArray(fromFile.accessKeys) ? (fromFile.accessKeys as AccessKey[]) : [];
  if (env.COGNATE_ACCESS_KEYS) {
    for (const pair of env.COGNATE_ACCESS_KEYS.split(',')) {
      const [accessKeyId, secretAccessKey] = pair.split(':');
      if (!accessKeyId || !secretAccessKey) throw new ConfigError('COGNATE_ACCESS_KEYS must be id:secret[,id:secret]');
      accessKeys.push({ accessKeyId, secretAccessKey });
    }
  }
  const config: ServerConfig = {
    ...(merged as unknown as ServerConfig),
    port: toInt(merged.port, 'port'),
    workers: toInt(merged.workers, 'workers'),
    corsOrigins: toOrigins(merged.corsOrigins),
    storeTimeoutMs: toInt(merged.storeTimeoutMs, 'store-timeout-ms'),
    checkModelledErrors: [true, '1', 'true'].includes(merged.checkModelledErrors as string | boolean),
    // A certificate given turns HTTPS on by itself.
    tls: [true, '1', 'true'].includes(merged.tls as string | boolean) || merged.tlsCert !== undefined,
    quotaLimits: toQuotaLimits(merged.quotaLimits),
    accessKeys,
    // Module paths in a config file are relative to the file; elsewhere to the working directory.
    functions: {
      ...toFunctions(fromFile.functions ?? {}, configFile ? dirname(resolve(configFile)) : process.cwd()),
      ...toFunctions(fromEnv.functions ?? {}, process.cwd()),
      ...toFunctions(fromFlags.functions ?? {}, process.cwd()),
    },
    functionTimeoutMs: toInt(merged.functionTimeoutMs, 'function-timeout-ms'),
    lambdaCredentials: lambdaCredentials(env),
    senderKeys: { ...toSenderKeys(fromFile.senderKeys ?? {}), ...toSenderKeys(fromEnv.senderKeys ?? {}), ...toSenderKeys(fromFlags.senderKeys ?? {}) },
  };
  const lambdaEndpoint = env.AWS_ENDPOINT_URL_LAMBDA || env.AWS_ENDPOINT_URL;
  if (lambdaEndpoint) config.lambdaEndpoint = lambdaEndpoint;
  if (config.port < 0 || config.port > 65535) throw new ConfigError('port must be 0..65535');
  if (config.storeTimeoutMs < 1) throw new ConfigError('store-timeout-ms must be a positive number of milliseconds');
  if (config.functionTimeoutMs < 1) throw new ConfigError('function-timeout-ms must be a positive number of milliseconds');
  if (!['on', 'off', 'auto'].includes(config.quotas)) throw new ConfigError('quotas must be on, off or auto');
  if (!['normal', 'full'].includes(config.durability)) throw new ConfigError('durability must be normal or full');
  if (!['debug', 'info', 'warn', 'error'].includes(config.logLevel)) throw new ConfigError('log level must be debug, info, warn or error');
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(config.region)) throw new ConfigError(`not a region: ${config.region}`);
  return config;
}

/** `*` or origins (`scheme://host[:port]`), comma-separated or (config file) a list. */
function toOrigins(v: unknown): string[] {
  const list = (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((o) => o.trim()).filter((o) => o !== '');
  for (const o of list) {
    if (o !== '*' && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/i.test(o)) throw new ConfigError(`cors-origins: not an origin (scheme://host[:port]): ${o}`);
  }
  return list;
}

/** `Category=N,Category=N` (or, in a config file, an object): positive whole requests per second. */
function toQuotaLimits(v: unknown): Partial<Record<QuotaCategory, number>> {
  const entries: Array<[string, unknown]> =
    typeof v === 'object' && v !== null
      ? Object.entries(v)
      : String(v)
          .split(',')
          .map((e) => e.trim())
          .filter((e) => e !== '')
          .map((e) => [e.slice(0, e.includes('=') ? e.indexOf('=') : e.length).trim(), e.includes('=') ? e.slice(e.indexOf('=') + 1).trim() : '']);
  const limits: Partial<Record<QuotaCategory, number>> = {};
  for (const [category, value] of entries) {
    if (!isQuotaCategory(category)) throw new ConfigError(`quota-limits: not a quota category: ${category} (docs/security.md, Quotas)`);
    const n = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError(`quota-limits: ${category} must be a positive whole number of requests per second`);
    limits[category] = n;
  }
  return limits;
}

/**
 * The function map: an object (config file, or JSON in COGNATE_FUNCTIONS / --functions) of ARN-or-name → target,
 * or `name=kind:target` pairs separated by commas: `module:./f.mjs`, `module:./f.mjs#exportName`, `url:http://…`,
 * `lambda:` (the AWS_ENDPOINT_URL_LAMBDA endpoint) or `lambda:http://…`. The name part may be a whole ARN.
 */
function toFunctions(v: unknown, base: string): Record<string, FunctionTarget> {
  const entries = mapEntries(v, 'functions', (e) => {
    const eq = e.lastIndexOf('=');
    if (eq < 1) throw new ConfigError(`functions: expected name=kind:target, got ${e}`);
    const spec = e.slice(eq + 1);
    const colon = spec.indexOf(':');
    const kind = colon < 0 ? spec : spec.slice(0, colon);
    const target = colon < 0 ? '' : spec.slice(colon + 1);
    if (kind === 'module') {
      const hash = target.lastIndexOf('#');
      return [e.slice(0, eq), hash > 0 ? { module: target.slice(0, hash), handler: target.slice(hash + 1) } : { module: target }];
    }
    if (kind === 'url') return [e.slice(0, eq), { url: target }];
    if (kind === 'lambda') return [e.slice(0, eq), { lambda: target === '' ? true : target }];
    throw new ConfigError(`functions: ${e.slice(0, eq)}: the kind must be module, url or lambda`);
  });
  const out: Record<string, FunctionTarget> = {};
  for (const [name, raw] of entries) {
    const t = (raw ?? {}) as Record<string, unknown>;
    if (typeof t.module === 'string' && t.module !== '') {
      out[name] = { module: isAbsolute(t.module) ? t.module : resolve(base, t.module), ...(typeof t.handler === 'string' ? { handler: t.handler } : {}) };
    } else if (typeof t.url === 'string' && /^https?:\/\//.test(t.url)) {
      out[name] = { url: t.url };
    } else if (t.lambda === true || (typeof t.lambda === 'string' && /^https?:\/\//.test(t.lambda))) {
      out[name] = { lambda: t.lambda, ...(typeof t.function === 'string' ? { function: t.function } : {}) };
    } else {
      throw new ConfigError(`functions: ${name}: give a module path, an http(s) url, or lambda (true or an http(s) endpoint)`);
    }
  }
  return out;
}

/**
 * The sender keys: an object (config file, or JSON in COGNATE_SENDER_KEYS / --sender-keys) of KMSKeyID → base64 key,
 * or `KMSKeyID=base64` pairs separated by commas (split at the first `=`: base64 ends in `=`, an ARN has none).
 */
function toSenderKeys(v: unknown): Record<string, Buffer> {
  const entries = mapEntries(v, 'sender-keys', (e) => {
    const eq = e.indexOf('=');
    if (eq < 1) throw new ConfigError(`sender-keys: expected KMSKeyID=base64key, got ${e.slice(0, 40)}…`);
    return [e.slice(0, eq), e.slice(eq + 1)];
  });
  const out: Record<string, Buffer> = {};
  for (const [name, value] of entries) {
    const key = typeof value === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(value) ? Buffer.from(value, 'base64') : undefined;
    if (!key || key.length !== 32) throw new ConfigError(`sender-keys: ${name}: the key must be 32 bytes, base64 (openssl rand -base64 32)`);
    out[name] = key;
  }
  return out;
}

/** A map setting's entries: an object (config file), a JSON object, or comma-separated pairs each `pair` reads. */
function mapEntries(v: unknown, setting: string, pair: (entry: string) => [string, unknown]): Array<[string, unknown]> {
  if (typeof v === 'object' && v !== null) return Object.entries(v);
  if (String(v).trim().startsWith('{')) {
    try {
      return Object.entries(JSON.parse(String(v)) as object);
    } catch {
      throw new ConfigError(`${setting}: not valid JSON`);
    }
  }
  return String(v)
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map(pair);
}

function lambdaCredentials(env: NodeJS.ProcessEnv): ServerConfig['lambdaCredentials'] {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return DEFAULTS.lambdaCredentials;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

function toInt(v: unknown, name: string): number {
  const n = typeof v === 'number' ? v : Number.parseInt(String(v), 10);
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be an integer`);
  return n;
}

/**
 * Loopback addresses: the only ones cognate may listen on without configured access keys. An address, not a host
 * name: `127.evil.invalid` is a name (serve.ts resolves names and checks what it actually bound).
 */
export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return isIP(address) === 6 && /^(0{0,4}:){2,7}0{0,3}1$/.test(address.replace(/^::/, '0::'));
}
