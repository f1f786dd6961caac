/**
 * `cognate cognito-idp <command>`: the AWS CLI v2 command line for every operation of the Cognito model.
 *
 * The pipeline follows the real CLI step by step, because the order decides which error a user sees:
 * global options → profile → --query/--endpoint-url/timeouts → operation → its options (argparse) → unknown
 * options → paging switches → parameter unpacking (param files, shorthand, JSON) → --cli-input-json/yaml →
 * input skeletons → region → retry mode → validation → output skeleton → endpoint, credentials → call(s)
 * → response walked through the output shape → --query → --output.
 *
 * This module is the CLI's composition root: it alone reads the environment (`io.env`) and files.
 */
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jmespath from 'jmespath';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { systemClock } from '../../platform/clock.js';
import { cryptoRandom } from '../../platform/random.js';
import { ArgParseError, NEGATIVE_NUMBER, parseKnownArgs, type OptionSpec } from './argparse.js';
import {
  findStaticCredentials,
  Profile,
  resolveCaBundle,
  resolveEndpoint,
  resolveOutput,
  resolveRegion,
  resolveRetry,
  type GlobalArgs,
  type StaticCredentials,
} from './config.js';
import { CliError, NO_CREDENTIALS, renderError, type ErrorFormat } from './errors.js';
import { operationHelp, serviceHelp } from './help.js';
import { callWithRetries, parseServiceError } from './http.js';
import { commandTable, loadModel, members, shapeOf, type NamedShape, type ServiceModel } from './model.js';
import { FormatterCrash, formatOutput, formatText, formatYamlStream, type OutputFormat } from './output.js';
import { paginate } from './paginate.js';
import { buildArgTable, manualPagingDests, mergeCliInput, requiredLifted, unpackArgument } from './params.js';
import { isDict, PyFloat, pyCloseMatches, pyInt, pyRepr, pyJsonDumps, pyJsonLoads, PyRuntimeError, type PyDict, type PyValue } from './python.js';
import { generateSkeleton, inputSkeletonJson, inputSkeletonYaml } from './skeleton.js';
import { validateParams } from './validate.js';
import { fromWire, requestBody, type BinaryFormat } from './wire.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
  /** replaces `aws` in the usage text and the `aws: [ERROR]:` prefix; default `cognate` */
  programName?: string;
  /** retry backoff; tests pass a fast one */
  sleep?: (ms: number) => Promise<void>;
}

const GLOBAL_SPECS: OptionSpec[] = [
  { flag: '--debug', dest: 'debug', nargs: 'zero', constValue: true },
  { flag: '--endpoint-url', dest: 'endpoint_url', nargs: 'one' },
  { flag: '--no-verify-ssl', dest: 'verify_ssl', nargs: 'zero', constValue: false },
  { flag: '--no-paginate', dest: 'paginate', nargs: 'zero', constValue: false },
  { flag: '--output', dest: 'output', nargs: 'one', choices: ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'] },
  { flag: '--query', dest: 'query', nargs: 'one' },
  { flag: '--profile', dest: 'profile', nargs: 'one' },
  { flag: '--region', dest: 'region', nargs: 'one' },
  { flag: '--version', dest: 'version', nargs: 'zero', constValue: true },
  { flag: '--color', dest: 'color', nargs: 'one', choices: ['on', 'off', 'auto'] },
  { flag: '--no-sign-request', dest: 'sign_request', nargs: 'zero', constValue: false },
  { flag: '--ca-bundle', dest: 'ca_bundle', nargs: 'one' },
  { flag: '--cli-read-timeout', dest: 'read_timeout', nargs: 'one' },
  { flag: '--cli-connect-timeout', dest: 'connect_timeout', nargs: 'one' },
  { flag: '--cli-binary-format', dest: 'cli_binary_format', nargs: 'one', choices: ['base64', 'raw-in-base64-out'] },
  { flag: '--no-cli-pager', dest: 'no_cli_pager', nargs: 'zero', constValue: true },
  { flag: '--cli-auto-prompt', dest: 'cli_auto_prompt', nargs: 'zero', constValue: true },
  { flag: '--no-cli-auto-prompt', dest: 'cli_auto_prompt', nargs: 'zero', constValue: false },
  { flag: '--cli-error-format', dest: 'cli_error_format', nargs: 'one', choices: ['legacy', 'json', 'yaml', 'text', 'table', 'enhanced'] },
];

function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cognate' && pkg.version) return pkg.version;
    } catch {
      // keep looking upwards
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

export function versionString(): string {
  return `cognate-cli/${packageVersion()} Node/${process.versions.node} ${process.platform === 'linux' ? 'Linux' : process.platform}/${release()} aws-cli-compatible/2`;
}

function toGlobals(values: Map<string, unknown>): GlobalArgs {
  const s = (k: string) => values.get(k) as string | undefined;
  return {
    debug: values.get('debug') === true,
    endpointUrl: s('endpoint_url'),
    verifySsl: values.get('verify_ssl') !== false,
    paginate: values.get('paginate') !== false,
    output: s('output'),
    query: s('query'),
    profile: s('profile'),
    region: s('region'),
    color: s('color') ?? 'auto',
    signRequest: values.get('sign_request') !== false,
    caBundle: s('ca_bundle'),
    readTimeout: s('read_timeout'),
    connectTimeout: s('connect_timeout'),
    binaryFormat: s('cli_binary_format'),
    errorFormat: s('cli_error_format'),
  };
}

function compileQuery(expr: string): void {
  const jp = jmespath as unknown as {
    compile(e: string): unknown;
    tokenize(e: string): { type: string; value: unknown; start: number }[];
  };
  try {
    jp.compile(expr);
  } catch (e) {
    const msg = (e as Error).message;
    let detail: string;
    const unexpected = /^Unexpected token type: (\w+), value: (.*)$/.exec(msg);
    if (/EOF/.test(msg)) {
      detail = `Invalid jmespath expression: Incomplete expression:\n"${expr}"\n${' '.repeat(expr.length + 1)}^`;
    } else if (unexpected) {
      // Python jmespath's ParseError layout: reason, column, token, type, the expression and a caret
      let tokens: { type: string; value: unknown; start: number }[] = [];
      try {
        tokens = jp.tokenize(expr);
      } catch {
        tokens = [];
      }
      const tok = tokens.find((t) => t.type === unexpected[1] && String(t.value) === unexpected[2]);
      const col = tok?.start ?? 0;
      const type = unexpected[1].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
      detail = `Unexpected token: ${unexpected[2]}: Parse error at column ${col}, token "${unexpected[2]}" (${type}), for expression:\n"${expr}"\n${' '.repeat(col + 1)}^`;
    } else {
      detail = `Invalid jmespath expression: ${msg}, for expression:\n"${expr}"`;
    }
    throw new CliError('param', `Bad value for --query ${expr}: ${detail}`);
  }
}

/** JMESPath works on plain JSON values. */
function queryable(v: PyValue): unknown {
  if (v instanceof PyFloat) return v.value;
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (Array.isArray(v)) return v.map(queryable);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, queryable(x)]));
  return v;
}

function applyQuery(expr: string | undefined, v: PyValue): PyValue {
  if (expr === undefined) return v;
  return (jmespath.search(queryable(v) as never, expr) ?? null) as PyValue;
}

/** argparse stores --page-size/--max-items as int (0 is falsy in the CLI's check), --starting-token as str */
function isTruthyPagingValue(dest: string, v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  return dest === 'starting_token' || !/^\s*[+-]?0+\s*$/.test(String(v));
}

/**
 * The CLI's operation parser has an optional positional `help` (that is how `<command> help` works): argparse
 * gives it the first stray word, and the CLI appends that word after the other leftovers. So
 * `--foo 1 --bar zz` is reported as `--foo, --bar, zz, 1`. Unknown options take no value in argparse, so the
 * word after one is a stray word too.
 */
function inArgparseOrder(extras: readonly string[]): string[] {
  const first = extras.findIndex((a) => !a.startsWith('-') || NEGATIVE_NUMBER.test(a) || a.includes(' '));
  if (first < 0) return [...extras];
  return [...extras.slice(0, first), ...extras.slice(first + 1), extras[first]];
}

/** argparse's invalid-choice error with the AWS CLI's `maybe you meant` list (difflib, cutoff 0.8). */
function invalidChoice(argument: string, value: string, choices: readonly string[]): string {
  const lines = [`argument ${argument}: Found invalid choice '${value}'\n`];
  const possible = pyCloseMatches(value, choices, 0.8);
  if (possible.length) lines.push(`\n\nInvalid choice: ${pyRepr(value)}, maybe you meant:\n`, ...possible.map((w) => `  * ${w}`));
  return lines.join('\n');
}

function timeoutMs(raw: string | undefined): number | null {
  if (raw === undefined) return 60000;
  const n = pyInt(raw);
  return n === 0 ? null : n * 1000;
}

/**
 * A response body for --debug: tokens, secrets and sessions masked as in requests; printed as received when
 * nothing needed masking (error bodies never echo sensitive members). A successful body that is not JSON is not
 * printed: it could hold anything.
 */
function maskResponse(model: ServiceModel, shape: NamedShape | undefined, text: string): string {
  if (!shape || text.trim() === '') return text;
  let parsed: PyValue;
  try {
    parsed = pyJsonLoads(text);
  } catch {
    return `<${Buffer.byteLength(text)} bytes, not JSON>`;
  }
  const masked = maskSensitive(model, shape, parsed);
  return JSON.stringify(masked) === JSON.stringify(parsed) ? text : pyJsonDumps(masked);
}

function maskSensitive(model: ServiceModel, shape: NamedShape, v: PyValue): PyValue {
  if (shape.sensitive) return '*** Sensitive Information Redacted ***';
  if (shape.type === 'structure' && isDict(v)) {
    const known = new Map(members(model, shape));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, known.has(k) ? maskSensitive(model, known.get(k)!, x) : x]));
  }
  if (shape.type === 'list' && Array.isArray(v)) return v.map((x) => maskSensitive(model, shapeOf(model, shape.member!), x));
  if (shape.type === 'map' && isDict(v)) {
    const vs = shapeOf(model, shape.value!);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSensitive(model, vs, x)]));
  }
  return v;
}

function containsSensitive(model: ServiceModel, shape: NamedShape, seen: string[] = []): boolean {
  if (shape.sensitive) return true;
  if (seen.includes(shape.name)) return false;
  const next = [...seen, shape.name];
  if (shape.type === 'structure') return members(model, shape).some(([, ms]) => containsSensitive(model, ms, next));
  if (shape.type === 'list') return containsSensitive(model, shapeOf(model, shape.member!), next);
  if (shape.type === 'map') return containsSensitive(model, shapeOf(model, shape.value!), next);
  return false;
}

/** --debug echoes the command line with the values of options that carry secrets replaced. */
function maskArgv(model: ServiceModel, table: ReturnType<typeof buildArgTable>, argv: string[]): string[] {
  const secret = new Set(table.filter((d) => d.shape && containsSensitive(model, d.shape)).map((d) => d.spec.flag));
  if (secret.size) secret.add('--cli-input-json').add('--cli-input-yaml');
  const masked = '*** Sensitive Information Redacted ***';
  return argv.map((a, i) => {
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0 && secret.has(a.slice(0, eq))) return a.slice(0, eq + 1) + masked;
    return i > 0 && secret.has(argv[i - 1]) ? masked : a;
  });
}

const SILENT_LOGGER = { debug() {}, info() {}, warn() {}, error() {} };

function defaultRandom(): number {
  return cryptoRandom.bytes(6).readUIntBE(0, 6) / 2 ** 48;
}

async function resolveCredentials(io: CliIo, profile: Profile): Promise<StaticCredentials> {
  const found = findStaticCredentials(io.env, profile);
  if (found && found !== 'provider') return found;
  try {
    // Providers of the AWS SDK read process.env themselves, so they are only consulted when the CLI runs with
    // the process environment (not when an embedding caller handed it a different one).
    if (found === 'provider') {
      return await fromIni({ profile: profile.name, filepath: profile.credentialsPath, configFilepath: profile.configPath, ignoreCache: true })();
    }
    // The SDK warns (several lines, on the console) when a profile and environment keys are both set; the CLI
    // says nothing of the kind (with --profile it simply skips the environment keys), so its logger is muted.
    // eslint-disable-next-line no-restricted-properties -- compares identity only: is the CLI running with the process's own environment?
    if (io.env === process.env) return await fromNodeProviderChain({ profile: profile.name, logger: SILENT_LOGGER })();
  } catch {
    // fall through to the CLI's own message
  }
  throw NO_CREDENTIALS();
}

interface Context {
  io: CliIo;
  program: string;
  errorFormat: ErrorFormat;
  debug: (msg: string) => void;
}

export async function runCognitoIdp(argv: string[], io: CliIo): Promise<number> {
  const ctx: Context = { io, program: io.programName ?? 'cognate', errorFormat: 'enhanced', debug: () => {} };
  const onSigint = () => {
    io.stdout.write('\n');
    process.exit(130);
  };
  const ownsProcess = io.stdout === process.stdout;
  if (ownsProcess) process.once('SIGINT', onSigint);
  try {
    return await run(argv, ctx);
  } catch (e) {
    if (e instanceof FormatterCrash) io.stdout.write(e.partial);
    let err: CliError;
    if (e instanceof CliError) err = e;
    else if (e instanceof ArgParseError) err = new CliError('argparse', e.message);
    else if (e instanceof PyRuntimeError) err = new CliError('general', e.message);
    else err = new CliError('general', (e as Error)?.message ?? String(e));
    ctx.debug(`Exception caught in main(): ${err.message}`);
    io.stderr.write(renderError(err, ctx.errorFormat, ctx.program));
    return err.exitCode;
  } finally {
    if (ownsProcess) process.removeListener('SIGINT', onSigint);
  }
}

async function run(argv: string[], ctx: Context): Promise<number> {
  const { io } = ctx;
  const env = io.env;
  const model = loadModel();

  // 1. Global options, anywhere on the line (argparse's first pass; --version acts as soon as it is seen).
  let versionSeen = false;
  const global = parseKnownArgs(GLOBAL_SPECS, argv, { onOption: (s) => (versionSeen = s.dest === 'version') });
  if (versionSeen) {
    io.stdout.write(versionString() + '\n');
    return 0;
  }
  const g = toGlobals(global.values);
  ctx.errorFormat = (g.errorFormat as ErrorFormat) ?? 'enhanced';
  if (g.debug) {
    ctx.debug = (msg) => {
      const t = new Date(systemClock.now()).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
      io.stderr.write(`${t} - MainThread - cognate.cli - DEBUG - ${msg}\n`);
    };
  }
  ctx.debug(`CLI version: ${versionString()}`);

  // 2. The profile is consulted at once (the real CLI reads cli_auto_prompt from it first).
  const profile = new Profile(env, g.profile);
  profile.assertExists();

  // 3. Top-level values resolved before the command runs (awscli.customizations.globalargs).
  if (g.query !== undefined) compileQuery(g.query);
  if (g.endpointUrl !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(g.endpointUrl)) {
    throw new CliError(
      'param',
      `Bad value for --endpoint-url "${g.endpointUrl}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`,
    );
  }
  const readTimeoutMs = timeoutMs(g.readTimeout);
  const connectTimeoutMs = timeoutMs(g.connectTimeout);

  // 4. The operation.
  const rest = global.extras;
  if (rest.length && (rest[rest.length - 1] === 'help' || rest.includes('--help'))) {
    const opWord = rest.find((a) => !a.startsWith('-') && a !== 'help');
    const opName = opWord ? commandTable(model).get(opWord) : undefined;
    if (!opWord || !opName) io.stdout.write(serviceHelp(model, ctx.program));
    else io.stdout.write(operationHelp(model, opName, model.operations[opName], ctx.program));
    return 0;
  }
  const opIndex = rest.findIndex((a) => !a.startsWith('-') || /^-\d/.test(a));
  if (opIndex < 0) throw new CliError('argparse', 'the following arguments are required: operation');
  const command = rest[opIndex];
  const opName = commandTable(model).get(command);
  if (!opName) throw new CliError('argparse', invalidChoice('operation', command, [...commandTable(model).keys(), 'help']));
  const op = model.operations[opName];
  const opArgs = [...rest.slice(0, opIndex), ...rest.slice(opIndex + 1)];

  // 5. The operation's own options.
  const table = buildArgTable(model, op);
  const lifted = requiredLifted(opArgs);
  const specs = table.map((d) => (lifted ? { ...d.spec, required: false } : d.spec));
  if (g.debug) ctx.debug(`Arguments entered to CLI: ${JSON.stringify(['cognito-idp', ...maskArgv(model, table, argv)])}`);
  const parsed = parseKnownArgs(specs, opArgs);
  if (parsed.extras.length) throw new CliError('unknown-options', `Unknown options: ${inArgparseOrder(parsed.extras).join(', ')}`);
  const values = parsed.values;
  for (const dest of ['page_size', 'max_items']) {
    const v = values.get(dest);
    if (v !== undefined && !/^\s*[+-]?\d+\s*$/.test(String(v))) {
      throw new CliError('argparse', `argument --${dest.replace('_', '-')}: invalid int value: '${String(v)}'`);
    }
  }

  // 6. Paging switches (awscli.customizations.paginate.check_should_enable_pagination).
  // A paginator's own token or limit option (--pagination-token, --next-token, --limit, --max-results) turns
  // automatic pagination off exactly as --no-paginate does, and the CLI's paging options are then refused
  // rather than ignored (otherwise a script feeding --starting-token back would loop on page one).
  let paginateOn = g.paginate && op.paginator !== undefined;
  if (manualPagingDests(op).some((d) => values.get(d) !== undefined)) paginateOn = false;
  if (!paginateOn && op.paginator) {
    const used = ['starting_token', 'page_size', 'max_items'].filter((d) => isTruthyPagingValue(d, values.get(d)));
    if (used.length) {
      throw new CliError(
        'param',
        `Error parsing parameter '--no-paginate': Cannot specify --no-paginate along with pagination arguments: ${used.map((d) => '--' + d.replace(/_/g, '-')).join(', ')}`,
      );
    }
  }

  // 7. Parameters, in option-table (model) order, then --cli-input-json/yaml.
  const params: PyDict = {};
  const done = new Set<string>();
  for (const def of table) {
    if (!def.member || done.has(def.spec.dest)) continue;
    done.add(def.spec.dest);
    const raw = values.get(def.spec.dest);
    if (raw === undefined) continue;
    const unpacked = unpackArgument(model, def, raw, env);
    ctx.debug(`Unpacked value for parameter "${def.spec.dest}"`);
    params[def.member] = unpacked;
  }
  mergeCliInput(params, values, env);

  const inputShape = op.input ? shapeOf(model, op.input) : undefined;
  const outputShape = op.output ? shapeOf(model, op.output) : undefined;
  const skeleton = values.get('generate_cli_skeleton') as string | undefined;
  if (skeleton === 'input') {
    io.stdout.write(inputSkeletonJson(model, inputShape));
    return 0;
  }
  if (skeleton === 'yaml-input') {
    io.stdout.write(inputSkeletonYaml(model, inputShape));
    return 0;
  }

  // 8. The client: region, retry mode; then botocore's validation.
  const region = resolveRegion(g, env, profile);
  ctx.debug(`Setting config variable for region to '${region}'`);
  const retry = resolveRetry(env, profile);
  if (inputShape) {
    const problems = validateParams(model, inputShape, params);
    if (problems.length) throw new CliError('param', `Parameter validation failed:\n${problems.join('\n')}`);
  }

  const format = resolveOutput(g, env, profile) as OutputFormat;
  const fmtOpts = {
    title: opName,
    color: g.color === 'on' || (g.color === 'auto' && (io.stdout as NodeJS.WriteStream).isTTY === true),
    terminalWidth: ((io.stdout as NodeJS.WriteStream).isTTY && (io.stdout as NodeJS.WriteStream).columns) || 80,
  };
  const print = (v: PyValue) => io.stdout.write(format === 'text' ? formatText(applyQuery(g.query, v)) : formatOutput(format, applyQuery(g.query, v), fmtOpts));

  if (skeleton === 'output') {
    const sample = outputShape ? generateSkeleton(model, outputShape, true) : {};
    print(sample);
    return 0;
  }

  // 9. Endpoint, credentials, timeouts.
  const endpoint = resolveEndpoint(g, env, profile, region);
  ctx.debug(`Endpoint provider result: ${endpoint}`);
  let signing: { credentials: StaticCredentials; region: string; service: string } | undefined;
  if (op.auth === 'sigv4' && g.signRequest) {
    signing = { credentials: await resolveCredentials(io, profile), region, service: model.metadata.signingName };
  }
  for (const [name, ms] of [['read', readTimeoutMs], ['connect', connectTimeoutMs]] as const) {
    if (ms !== null && ms <= 0) {
      throw new CliError('general', `Attempted to set ${name} timeout to ${ms / 1000}, but the timeout cannot be set to a value less than or equal to 0.`);
    }
  }
  const binaryFormat = (g.binaryFormat ?? profile.get('cli_binary_format') ?? 'base64') as BinaryFormat;
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const call = async (p: PyDict): Promise<PyDict> => {
    const body = requestBody(model, inputShape, p, binaryFormat);
    ctx.debug(`Making request for OperationModel(name=${opName})`);
    const result = await callWithRetries({
      endpoint,
      target: `${model.metadata.targetPrefix}.${opName}`,
      body,
      userAgent: `cognate-cli/${packageVersion()} ua/2.1 os/${process.platform} lang/nodejs#${process.versions.node} md/command#cognito-idp.${command}`,
      signing,
      maxAttempts: retry.maxAttempts,
      connectTimeoutMs,
      readTimeoutMs,
      verifySsl: g.verifySsl,
      caBundle: resolveCaBundle(g, env, profile),
      sleep,
      random: defaultRandom,
      now: () => new Date(systemClock.now()),
      debug: g.debug ? ctx.debug : undefined,
      warn: (m) => io.stderr.write(m + '\n'),
      sensitiveBody: g.debug && inputShape ? pyJsonDumps(maskSensitive(model, inputShape, p)) : undefined,
      maskResponseBody: g.debug ? (status, text) => maskResponse(model, status < 300 ? outputShape : undefined, text) : undefined,
    });
    const res = result.response;
    if (res.status >= 300) {
      const info = parseServiceError(res);
      const retries = result.exhausted ? ` (reached max retries: ${result.attempts - 1})` : '';
      const details: PyDict = { Message: info.message };
      if (op.errors.includes(info.code)) {
        for (const [m] of members(model, shapeOf(model, info.code))) if (m in info.body) details[m] = info.body[m];
      }
      throw new CliError('service', `An error occurred (${info.code}) when calling the ${opName} operation${retries}: ${info.message}`, info.code, details);
    }
    let raw: PyValue = {};
    const text = res.body.toString('utf8');
    if (text.trim() !== '') {
      try {
        raw = pyJsonLoads(text);
      } catch {
        raw = { message: text };
      }
    }
    const requestId = res.headers['x-amzn-RequestId'] ?? res.headers['x-amzn-requestid'];
    if (requestId) ctx.debug(`RequestId: ${requestId}`);
    const parsedBody = outputShape ? fromWire(model, outputShape, raw) : {};
    return isDict(parsedBody) ? parsedBody : {};
  };

  // 10. The call(s) and the output.
  if (paginateOn && op.paginator) {
    const pageSize = values.get('page_size');
    const maxItems = values.get('max_items');
    const result = await paginate(
      op.paginator,
      params,
      {
        startingToken: values.get('starting_token') as string | undefined,
        pageSize: pageSize === undefined ? undefined : pyInt(pageSize),
        maxItems: maxItems === undefined ? undefined : pyInt(maxItems),
      },
      call,
    );
    if (format === 'text') {
      const keys = [op.paginator.result_key].flat();
      for (const page of result.pages) {
        const current: PyDict = {};
        for (const k of keys) if (k in page) current[k] = page[k];
        io.stdout.write(formatText(applyQuery(g.query, current)));
      }
      if (result.resumeToken) io.stdout.write(formatText(applyQuery(g.query, { NextToken: { NextToken: result.resumeToken } })));
    } else if (format === 'yaml-stream') {
      io.stdout.write(formatYamlStream(result.pages.map((p) => applyQuery(g.query, p))));
    } else {
      print(result.full);
    }
    return 0;
  }
  print(await call(params));
  return 0;
}

