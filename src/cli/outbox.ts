/**
 * `cognate outbox`: the SMS and email messages (codes, invitations) cognate recorded instead of sending them,
 * read from the server's admin endpoint `GET /_cognate/outbox`, newest first. The request is SigV4-signed
 * (service `cognito-idp`) with the credentials the cognito-idp commands would use; with none configured it
 * signs with a placeholder key, which a cognate started without access keys accepts.
 */
import http from 'node:http';
import https from 'node:https';
import { ArgParseError, parseKnownArgs, type OptionSpec } from './aws/argparse.js';
import { configuredEndpoint, findStaticCredentials, Profile, resolveOutput, type StaticCredentials } from './aws/config.js';
import { CliError, renderError } from './aws/errors.js';
import { sigv4Sign } from './aws/http.js';
import type { CliIo } from './aws/index.js';
import { formatOutput, type OutputFormat } from './aws/output.js';
import { isDict, pyJsonLoads, type PyDict, type PyValue } from './aws/python.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:9229';
const PLACEHOLDER_CREDENTIALS: StaticCredentials = { accessKeyId: 'COGNATELOCAL', secretAccessKey: 'cognate-local' };

const SPECS: OptionSpec[] = [
  { flag: '--endpoint-url', dest: 'endpoint_url', nargs: 'one' },
  { flag: '--pool-id', dest: 'pool_id', nargs: 'one' },
  { flag: '--username', dest: 'username', nargs: 'one' },
  { flag: '--channel', dest: 'channel', nargs: 'one', choices: ['SMS', 'EMAIL', 'sms', 'email'] },
  { flag: '--limit', dest: 'limit', nargs: 'one' },
  { flag: '--output', dest: 'output', nargs: 'one', choices: ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'] },
  { flag: '--code', dest: 'code', nargs: 'zero', constValue: true },
  { flag: '--region', dest: 'region', nargs: 'one' },
  { flag: '--profile', dest: 'profile', nargs: 'one' },
  { flag: '--help', dest: 'help', nargs: 'zero', constValue: true },
];

const USAGE = `usage: cognate outbox [--endpoint-url URL] [--pool-id ID] [--username NAME] [--channel SMS|EMAIL]
                      [--limit N] [--output json|text|table|yaml|yaml-stream|off] [--code] [--region R] [--profile P]

Lists the messages cognate recorded instead of sending, newest first. --code prints only the newest code.
Endpoint: --endpoint-url, else AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL or the profile's
endpoint_url (as for cognate cognito-idp), else ${DEFAULT_ENDPOINT}.
`;

interface Response {
  status: number;
  body: string;
}

function get(url: URL, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, { method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(60000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function signedGet(url: URL, credentials: StaticCredentials, region: string): Promise<Response> {
  const query = Object.fromEntries(url.searchParams);
  return get(url, await sigv4Sign({ service: 'cognito-idp', region, credentials }, url, { method: 'GET', query, headers: { host: url.host } }));
}

/**
 * A signed GET of one of the server's /_cognate/* listings: the endpoint and credentials resolved as for the
 * cognito-idp commands (--endpoint-url, --region, --profile in `v`), the query's defined members sent, the JSON
 * answer returned; an error status becomes the CLI's service error, naming `what`.
 */
export async function callDevEndpoint(
  v: Map<string, unknown>,
  env: NodeJS.ProcessEnv,
  path: string,
  what: string,
  query: Array<[string, string | undefined]>,
): Promise<PyValue> {
  const profile = new Profile(env, v.get('profile') as string | undefined);
  profile.assertExists();
  const endpoint = configuredEndpoint({ endpointUrl: v.get('endpoint_url') as string | undefined }, env, profile) ?? DEFAULT_ENDPOINT;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CliError('param', `Bad value for --endpoint-url "${endpoint}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`);
  }
  url.pathname = url.pathname.replace(/\/$/, '') + path;
  url.search = '';
  for (const [k, x] of query) if (x !== undefined) url.searchParams.set(k, x);
  const region = (v.get('region') as string | undefined) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profile.get('region') ?? 'us-east-1';
  const found = findStaticCredentials(env, profile);
  const credentials = found && found !== 'provider' ? found : PLACEHOLDER_CREDENTIALS;

  let res: Response;
  try {
    res = await signedGet(url, credentials, region);
  } catch {
    throw new CliError('general', `Could not connect to the endpoint URL: "${url.origin}${url.pathname}"`);
  }
  let body: PyValue = {};
  try {
    body = pyJsonLoads(res.body);
  } catch {
    body = { message: res.body };
  }
  if (res.status >= 300) {
    const b = isDict(body) ? body : {};
    const code = typeof b.__type === 'string' ? b.__type : String(res.status);
    const message = String(b.message ?? b.Message ?? '');
    throw new CliError('service', `An error occurred (${code}) when calling ${what}: ${message}`, code);
  }
  return body;
}

/** Prints a listing in the --output format (or the profile's), as the cognito-idp commands print their answers. */
export function printResult(io: CliIo, v: Map<string, unknown>, result: PyDict, title: string): void {
  const profile = new Profile(io.env, v.get('profile') as string | undefined);
  const output = resolveOutput({ output: v.get('output') as string | undefined }, io.env, profile) as OutputFormat;
  const tty = io.stdout as NodeJS.WriteStream;
  io.stdout.write(formatOutput(output, result, { title, color: tty.isTTY === true, terminalWidth: (tty.isTTY && tty.columns) || 80 }));
}

/**
 * The frame of a dev-endpoint command (`cognate outbox`, `cognate triggers`): its own options and usage, --help,
 * --limit checked, and errors printed as the cognito-idp commands print them (argument errors with this usage).
 */
export async function runDevCommand(
  argv: string[],
  io: CliIo,
  command: { name: string; specs: OptionSpec[]; usage: string },
  run: (v: Map<string, unknown>, limit: string | undefined, program: string) => Promise<number>,
): Promise<number> {
  const program = io.programName ?? 'cognate';
  try {
    let parsed;
    try {
      parsed = parseKnownArgs(command.specs, argv);
    } catch (e) {
      if (e instanceof ArgParseError) throw new CliError('argparse', e.message);
      throw e;
    }
    const v = parsed.values;
    if (v.get('help')) {
      io.stdout.write(command.usage);
      return 0;
    }
    if (parsed.extras.length) throw new CliError('unknown-options', `Unknown options: ${parsed.extras.join(', ')}`);
    const limit = v.get('limit') as string | undefined;
    if (limit !== undefined && !/^\d+$/.test(limit)) throw new CliError('argparse', `argument --limit: invalid int value: '${limit}'`);
    return await run(v, limit, program);
  } catch (e) {
    if (e instanceof CliError && (e.kind === 'argparse' || e.kind === 'unknown-options')) {
      // the command's own usage, not the AWS CLI's `aws <command> <subcommand>` block
      io.stderr.write(`\n${program}: [ERROR]: ${e.message.trim()}\n\n${command.usage}`);
      return e.exitCode;
    }
    if (e instanceof CliError) {
      io.stderr.write(renderError(e, 'enhanced', program));
      return e.exitCode;
    }
    throw e;
  }
}

export async function runOutbox(argv: string[], io: CliIo): Promise<number> {
  return runDevCommand(argv, io, { name: 'outbox', specs: SPECS, usage: USAGE }, async (v, limit, program) => {
    const body = await callDevEndpoint(v, io.env, '/_cognate/outbox', 'the outbox endpoint', [
      ['poolId', v.get('pool_id') as string | undefined],
      ['username', v.get('username') as string | undefined],
      ['channel', (v.get('channel') as string | undefined)?.toUpperCase()],
      ['limit', limit],
    ]);
    const messages = isDict(body) && Array.isArray(body.messages) ? (body.messages as PyDict[]) : [];
    if (v.get('code')) {
      const withCode = messages.find((m) => typeof m.code === 'string' && m.code !== '');
      if (!withCode) {
        io.stderr.write(`${program} outbox: no recorded message with a code matches\n`);
        return 1;
      }
      io.stdout.write(`${String(withCode.code)}\n`);
      return 0;
    }
    printResult(io, v, { messages }, 'Outbox');
    return 0;
  });
}
