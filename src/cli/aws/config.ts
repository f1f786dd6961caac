/**
 * Region, profile, output, endpoint, retry and credential resolution as the AWS CLI v2 does it
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-endpoints.html): flags, then environment, then `~/.aws/config` / `~/.aws/credentials`.
 * Everything reads the environment handed in (`CliIo.env`), never `process.env`, so callers and tests can
 * give the CLI its own world.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError, NO_REGION } from './errors.js';

export type Env = NodeJS.ProcessEnv;
export type IniSection = Record<string, string | Record<string, string>>;
export type Ini = Record<string, IniSection>;

/** botocore's raw_config_parse: sections, `key = value`, and indented sub-keys under a key with an empty value. */
export function parseIni(text: string): Ini {
  const out: Ini = {};
  let section: IniSection | null = null;
  let nestedKey: string | null = null;
  for (const rawLine of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(rawLine)) continue;
    const sec = /^\[([^\]]*)\]\s*$/.exec(rawLine.trim());
    if (sec && !/^\s/.test(rawLine)) {
      section = out[sec[1].trim()] ??= {};
      nestedKey = null;
      continue;
    }
    if (!section) continue;
    const kv = /^\s*([^=:]+?)\s*[=:]\s*(.*?)\s*$/.exec(rawLine);
    if (!kv) continue;
    const indented = /^\s/.test(rawLine);
    if (indented && nestedKey) {
      (section[nestedKey] as Record<string, string>)[kv[1]] = kv[2];
      continue;
    }
    if (kv[2] === '') {
      section[kv[1]] = {};
      nestedKey = kv[1];
    } else {
      section[kv[1]] = kv[2];
      nestedKey = null;
    }
  }
  return out;
}

function readIni(path: string): Ini {
  try {
    return parseIni(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

export function expandUser(p: string, env: Env): string {
  if (p === '~' || p.startsWith('~/')) return (env.HOME ?? homedir()) + p.slice(1);
  return p;
}

export interface GlobalArgs {
  debug?: boolean;
  endpointUrl?: string;
  verifySsl: boolean;
  paginate: boolean;
  output?: string;
  query?: string;
  profile?: string;
  region?: string;
  color: string;
  signRequest: boolean;
  caBundle?: string;
  readTimeout?: string;
  connectTimeout?: string;
  binaryFormat?: string;
  errorFormat?: string;
}

export class Profile {
  readonly name: string;
  readonly explicit: boolean;
  /** set by --profile, which (as in botocore) takes the environment's static keys out of the chain */
  readonly fromFlag: boolean;
  readonly config: Ini;
  readonly credentials: Ini;
  readonly configPath: string;
  readonly credentialsPath: string;

  constructor(
    readonly env: Env,
    flag: string | undefined,
  ) {
    const home = env.HOME ?? homedir();
    this.configPath = expandUser(env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'), env);
    this.credentialsPath = expandUser(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'), env);
    this.config = readIni(this.configPath);
    this.credentials = readIni(this.credentialsPath);
    const chosen = flag ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
    this.name = chosen ?? 'default';
    this.explicit = chosen !== undefined;
    this.fromFlag = flag !== undefined;
  }

  /** botocore raises ProfileNotFound as soon as an explicitly chosen profile is consulted. */
  assertExists(): void {
    if (this.explicit && !this.configSection() && !this.credentials[this.name]) {
      throw new CliError('general', `The config profile (${this.name}) could not be found`);
    }
  }

  configSection(): IniSection | undefined {
    if (this.name === 'default') return this.config['default'] ?? this.config['profile default'];
    return this.config[`profile ${this.name}`];
  }

  get(key: string): string | undefined {
    const v = this.configSection()?.[key];
    return typeof v === 'string' ? v : undefined;
  }
}

export function resolveRegion(args: GlobalArgs, env: Env, profile: Profile): string {
  const region = args.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profile.get('region');
  if (!region) throw NO_REGION();
  return region;
}

export function resolveOutput(args: Pick<GlobalArgs, 'output'>, env: Env, profile: Profile): string {
  return args.output ?? env.AWS_DEFAULT_OUTPUT ?? profile.get('output') ?? 'json';
}

const SERVICE_ENV = 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER';
const SERVICE_CONFIG_KEY = 'cognito_identity_provider';

function isTrue(v: string | undefined): boolean {
  return (v ?? '').toLowerCase() === 'true';
}

/**
 * `--endpoint-url`, else the configured endpoint URLs (environment, then the profile's services section and
 * endpoint_url), as botocore reads them (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-endpoints.html).
 * `cognate cognito-idp` and `cognate outbox` share this rule; only the fallback differs (the AWS endpoint for
 * cognito-idp, as the AWS CLI; http://127.0.0.1:9229 for outbox).
 */
export function configuredEndpoint(args: Pick<GlobalArgs, 'endpointUrl'>, env: Env, profile: Profile): string | undefined {
  if (args.endpointUrl) return args.endpointUrl;
  const ignoreConfigured = isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? profile.get('ignore_configured_endpoint_urls'));
  if (ignoreConfigured) return undefined;
  if (env[SERVICE_ENV]) return env[SERVICE_ENV]!;
  if (env.AWS_ENDPOINT_URL) return env.AWS_ENDPOINT_URL;
  const servicesName = profile.get('services');
  const services = servicesName ? profile.config[`services ${servicesName}`] : undefined;
  const block = services?.[SERVICE_CONFIG_KEY];
  if (block && typeof block === 'object' && block.endpoint_url) return block.endpoint_url;
  return profile.get('endpoint_url') || undefined;
}

export function resolveEndpoint(args: GlobalArgs, env: Env, profile: Profile, region: string): string {
  const configured = configuredEndpoint(args, env, profile);
  if (configured) return configured;
  const fips = isTrue(env.AWS_USE_FIPS_ENDPOINT ?? profile.get('use_fips_endpoint'));
  const dnsSuffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://cognito-idp${fips ? '-fips' : ''}.${region}.${dnsSuffix}`;
}

export interface RetryConfig {
  maxAttempts: number;
}

export function resolveRetry(env: Env, profile: Profile): RetryConfig {
  const mode = env.AWS_RETRY_MODE ?? profile.get('retry_mode') ?? 'standard';
  if (mode !== 'standard' && mode !== 'adaptive') {
    throw new CliError('general', `Invalid value provided to "mode": "${mode}" must be one of: "standard" or "adaptive"`);
  }
  const raw = env.AWS_MAX_ATTEMPTS ?? profile.get('max_attempts');
  const n = raw === undefined ? 3 : Number.parseInt(raw, 10);
  return { maxAttempts: Number.isFinite(n) && n > 0 ? n : 3 };
}

export function resolveCaBundle(args: GlobalArgs, env: Env, profile: Profile): string | undefined {
  const p = args.caBundle ?? env.AWS_CA_BUNDLE ?? profile.get('ca_bundle');
  return p === undefined ? undefined : expandUser(p, env);
}

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

function keysFrom(section: IniSection | undefined): StaticCredentials | undefined {
  if (!section) return undefined;
  const id = section.aws_access_key_id;
  const secret = section.aws_secret_access_key;
  if (typeof id !== 'string' || typeof secret !== 'string') return undefined;
  const token = section.aws_session_token ?? section.aws_security_token;
  return { accessKeyId: id, secretAccessKey: secret, ...(typeof token === 'string' ? { sessionToken: token } : {}) };
}

/**
 * Static credentials from the environment (unless --profile was given) and the shared files. Profiles that
 * need a provider (assume-role, SSO, credential_process, web identity) are reported so the caller can hand
 * them to the AWS SDK's providers.
 */
export function findStaticCredentials(env: Env, profile: Profile): StaticCredentials | 'provider' | undefined {
  if (!profile.fromFlag && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    const token = env.AWS_SESSION_TOKEN ?? env.AWS_SECURITY_TOKEN;
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(token ? { sessionToken: token } : {}) };
  }
  const fromCredentials = keysFrom(profile.credentials[profile.name]);
  if (fromCredentials) return fromCredentials;
  const section = profile.configSection();
  const fromConfig = keysFrom(section);
  if (fromConfig) return fromConfig;
  if (section && ['role_arn', 'sso_session', 'sso_start_url', 'credential_process', 'web_identity_token_file'].some((k) => k in section)) {
    return 'provider';
  }
  return undefined;
}
