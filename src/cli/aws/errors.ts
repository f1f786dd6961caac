/**
 * How the current AWS CLI v2 (>= 2.34, "structured errors") reports failures: the exit code by kind
 * (252 parameters, 253 configuration, 254 service, 255 anything else) and the stderr layout of
 * https://github.com/aws/aws-cli/blob/v2/awscli/errorhandler.py, including `--cli-error-format`.
 */
import { pyJsonDumps, type PyDict } from './python.js';

export const USAGE =
  'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n' +
  'To see help text, you can run:\n\n' +
  '  aws help\n' +
  '  aws <command> help\n' +
  '  aws <command> <subcommand> help';

export type ErrorKind =
  | 'argparse' // argparse's own errors: message, then the usage block
  | 'unknown-options' // usage first, then "Unknown options: ..."
  | 'param' // shorthand, JSON, paramfile, validation, --query, --endpoint-url
  | 'config' // no region, no credentials
  | 'service' // HTTP >= 300 from the service, after retries
  | 'general'; // network, timeouts, TLS, crashes the real CLI does not anticipate

export class CliError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** for `config`: NoRegion | NoCredentials; for `service`: the error code */
    readonly code?: string,
    /** for `service`: the modelled members of the error body, for the json/yaml error formats */
    readonly details?: PyDict,
  ) {
    super(message);
  }

  get exitCode(): number {
    switch (this.kind) {
      case 'argparse':
      case 'unknown-options':
      case 'param':
        return 252;
      case 'config':
        return 253;
      case 'service':
        return 254;
      default:
        return 255;
    }
  }
}

export type ErrorFormat = 'enhanced' | 'legacy' | 'json' | 'yaml' | 'text' | 'table';

function structured(e: CliError): PyDict {
  if (e.kind === 'service') return { Message: e.details?.Message ?? '', Code: e.code ?? '', ...(e.details ?? {}) };
  const code = e.kind === 'config' ? (e.code ?? 'Configuration') : e.kind === 'general' ? 'Unknown' : 'ParamValidation';
  return { Code: code, Message: e.message.trim() };
}

/** The bytes the CLI writes to stderr for this error. `programName` replaces `aws` in the texts. */
export function renderError(e: CliError, format: ErrorFormat = 'enhanced', programName = 'aws'): string {
  const prefix = `${programName}: [ERROR]: `;
  const usage = USAGE.replace(/\baws\b/g, programName);
  if (format === 'json') return pyJsonDumps(structured(e), { indent: 4, ensureAscii: false }) + '\n';
  if (format === 'yaml' || format === 'text' || format === 'table') {
    const s = structured(e);
    if (format === 'yaml') return Object.entries(s).map(([k, v]) => `${k}: ${String(v)}`).join('\n') + '\n';
    return Object.values(s).map(String).join('\t') + '\n';
  }
  const wrap = (code: string, msg: string) => (format === 'legacy' ? msg : `An error occurred (${code}): ${msg}`);
  switch (e.kind) {
    case 'argparse':
      return `\n${prefix}${wrap('ParamValidation', e.message)}\n\n${usage}\n`;
    case 'unknown-options':
      return `\n${usage}\n\n\n${prefix}${e.message}\n`;
    case 'param':
      return `\n${prefix}${wrap('ParamValidation', e.message.trim())}\n`;
    case 'config':
      return `\n${prefix}${wrap(e.code ?? 'Configuration', e.message.trim())}\n`;
    default:
      return `\n${prefix}${e.message.trim()}\n`;
  }
}

export function paramError(cliName: string, message: string): CliError {
  return new CliError('param', `Error parsing parameter '${cliName}': ${message}`);
}

export const NO_REGION = () =>
  new CliError('config', 'You must specify a region. You can also configure your region by running "aws configure".', 'NoRegion');

export const NO_CREDENTIALS = () =>
  new CliError('config', 'Unable to locate credentials. You can configure credentials by running "aws login".', 'NoCredentials');
