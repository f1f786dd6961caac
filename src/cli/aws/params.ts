/**
 * From command-line words to the request parameters, the way the AWS CLI does it: the option table built
 * from the model (kebab-case names, member order, `--x`/`--no-x` for booleans, lists taking several words),
 * `file://` / `fileb://` parameter files, shorthand or JSON for complex values, scalar conversion, and
 * `--cli-input-json` / `--cli-input-yaml` filling only the members the command line did not set.
 */
import { readFileSync } from 'node:fs';
import { load as loadYaml } from 'js-yaml';
import type { OptionSpec } from './argparse.js';
import { expandUser, type Env } from './config.js';
import { CliError, paramError } from './errors.js';
import { asList, members, shapeOf, xformName, type NamedShape, type Operation, type ServiceModel } from './model.js';
import { isDict, pyFloat, pyInt, PyJsonDecodeError, pyJsonLoads, type PyDict, type PyValue } from './python.js';
import { applyShorthandTypes, ShorthandParseError, ShorthandParser } from './shorthand.js';

export interface ArgDef {
  spec: OptionSpec;
  /** the request member this option fills; absent for CLI-only options */
  member?: string;
  shape?: NamedShape;
}

export const PAGING_DESTS = ['starting_token', 'page_size', 'max_items'] as const;

export function buildArgTable(model: ServiceModel, op: Operation): ArgDef[] {
  const table: ArgDef[] = [];
  const input = op.input ? shapeOf(model, op.input) : undefined;
  const required = new Set(input?.required ?? []);
  for (const [name, shape] of input ? members(model, input) : []) {
    const flag = '--' + xformName(name);
    const dest = xformName(name, '_');
    if (shape.type === 'boolean') {
      table.push({ spec: { flag, dest, nargs: 'zero', constValue: true }, member: name, shape });
      table.push({ spec: { flag: '--no-' + xformName(name), dest, nargs: 'zero', constValue: false }, member: name, shape });
    } else {
      table.push({ spec: { flag, dest, nargs: shape.type === 'list' ? 'many' : 'one', required: required.has(name) }, member: name, shape });
    }
  }
  table.push({ spec: { flag: '--cli-input-json', dest: 'cli_input_json', nargs: 'one' } });
  table.push({ spec: { flag: '--cli-input-yaml', dest: 'cli_input_yaml', nargs: 'one' } });
  if (op.paginator) {
    table.push({ spec: { flag: '--starting-token', dest: 'starting_token', nargs: 'one' } });
    table.push({ spec: { flag: '--page-size', dest: 'page_size', nargs: 'one' } });
    table.push({ spec: { flag: '--max-items', dest: 'max_items', nargs: 'one' } });
  }
  table.push({
    spec: { flag: '--generate-cli-skeleton', dest: 'generate_cli_skeleton', nargs: 'optional', constValue: 'input', choices: ['input', 'output', 'yaml-input'] },
  });
  return table;
}

/** `--cli-input-json` etc. lift the required check only when they appear as separate words (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html). */
export function requiredLifted(args: readonly string[]): boolean {
  if (args.includes('--cli-input-json') || args.includes('--cli-input-yaml')) return true;
  const i = args.indexOf('--generate-cli-skeleton');
  return i >= 0 && args[i + 1] !== 'output';
}

function expandVars(p: string, env: Env): string {
  return p.replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? m);
}

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  EISDIR: [21, 'Is a directory'],
  ENOTDIR: [20, 'Not a directory'],
};

/** `file://` (text, kept verbatim incl. the trailing newline) and `fileb://` (bytes). undefined = not a file ref. */
export function loadParamFile(value: unknown, env: Env): PyValue | undefined {
  if (typeof value !== 'string') return undefined;
  const prefix = value.startsWith('file://') ? 'file://' : value.startsWith('fileb://') ? 'fileb://' : undefined;
  if (!prefix) return undefined;
  const path = expandUser(expandVars(value.slice(prefix.length), env), env);
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const [errno, text] = ERRNO[code] ?? [5, (e as Error).message];
    throw new ParamFileError(`Unable to load paramfile ${value}: [Errno ${errno}] ${text}: '${path}'`);
  }
  if (prefix === 'fileb://') return data;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new ParamFileError(
      `Unable to load paramfile (${path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.`,
    );
  }
}

export class ParamFileError extends Error {}

function isComplex(model: ServiceModel, s: NamedShape): boolean {
  if (s.type === 'list') return isComplex(model, shapeOf(model, s.member!));
  return s.type === 'structure' || s.type === 'map';
}

function startsLikeJson(v: unknown): boolean {
  return typeof v === 'string' && /^[[{]/.test(v.trim());
}

function loadJson(cliName: string, value: string): PyValue {
  try {
    return pyJsonLoads(value);
  } catch (e) {
    if (e instanceof PyJsonDecodeError) throw paramError(cliName, `Invalid JSON: ${e.message}\nJSON received: ${value}`);
    throw e;
  }
}

function unpackScalar(s: NamedShape, value: PyValue): PyValue {
  if (s.type === 'integer' || s.type === 'long') return pyInt(value);
  if (s.type === 'double' || s.type === 'float') return pyFloat(value);
  return value;
}

function unpackPlain(model: ServiceModel, s: NamedShape, value: PyValue, cliName: string): PyValue {
  if (s.type === 'structure' || s.type === 'map') {
    if (typeof value === 'string' && value.trimStart()[0] === '{') return loadJson(cliName, value);
    throw paramError(cliName, `Invalid JSON:\n${typeof value === 'string' ? value : String(value)}`);
  }
  if (s.type === 'list') {
    if (typeof value === 'string' && value.trimStart()[0] === '[') return loadJson(cliName, value);
    if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' && value[0].trim()[0] === '[') {
      return loadJson(cliName, value[0]);
    }
    const ms = shapeOf(model, s.member!);
    const items: PyValue[] = typeof value === 'string' ? [...value] : Array.isArray(value) ? value : [value];
    return items.map((v) => unpackPlain(model, ms, v, cliName));
  }
  return unpackScalar(s, value);
}

/** One option's value, as CLIArgument.add_to_params receives it after the param-file hook. */
export function unpackArgument(model: ServiceModel, def: ArgDef, raw: unknown, env: Env): PyValue {
  const s = def.shape!;
  const cliName = def.spec.flag;
  let value = raw as PyValue;
  if (def.spec.nargs === 'zero') return value;
  try {
    const single = Array.isArray(value) && value.length === 1 ? value[0] : value;
    const loaded = loadParamFile(single, env);
    if (loaded !== undefined) value = loaded;
  } catch (e) {
    if (e instanceof ParamFileError) throw paramError(cliName, e.message);
    throw e;
  }
  const checkValue = Array.isArray(value) ? value[0] : value;
  if (isComplex(model, s) && !startsLikeJson(checkValue) && (typeof value === 'string' || Array.isArray(value))) {
    return parseShorthand(model, s, value, cliName, env);
  }
  return unpackPlain(model, s, value, cliName);
}

function parseShorthand(model: ServiceModel, s: NamedShape, value: string | PyValue[], cliName: string, env: Env): PyValue {
  const parser = new ShorthandParser((v) => {
    try {
      return loadParamFile(v, env);
    } catch (e) {
      if (e instanceof ParamFileError) throw new ShorthandParseError(e.message);
      throw e;
    }
  });
  try {
    if (s.type === 'structure' && typeof value === 'string') {
      const ms = members(model, s);
      if (ms.length === 1 && ms[0][0] === 'Value' && ms[0][1].type === 'string' && !value.includes('=')) return { Value: value };
    }
    let parsed: PyValue;
    if (Array.isArray(value)) parsed = value.map((v) => parser.parse(String(v)));
    else parsed = parser.parse(value);
    applyShorthandTypes(model, s, parsed);
    return parsed;
  } catch (e) {
    if (e instanceof ShorthandParseError) throw paramError(cliName, e.message);
    throw e;
  }
}

/** `--cli-input-json` / `--cli-input-yaml`: top-level members not already set, in the document's order. */
export function mergeCliInput(params: PyDict, values: Map<string, unknown>, env: Env): void {
  const json = values.get('cli_input_json');
  const yml = values.get('cli_input_yaml');
  if (json === undefined && yml === undefined) return;
  if (json !== undefined && yml !== undefined) throw new CliError('param', 'Only one --cli-input- parameter may be specified.');
  const isJson = json !== undefined;
  let text: unknown = isJson ? json : yml;
  const cliName = isJson ? '--cli-input-json' : '--cli-input-yaml';
  try {
    const loaded = loadParamFile(text, env);
    if (loaded !== undefined) text = Buffer.isBuffer(loaded) ? loaded.toString('utf8') : loaded;
  } catch (e) {
    if (e instanceof ParamFileError) throw paramError(cliName, e.message);
    throw e;
  }
  let doc: PyValue;
  if (isJson) {
    try {
      doc = pyJsonLoads(String(text));
    } catch (e) {
      if (e instanceof PyJsonDecodeError) throw paramError('cli-input-json', 'Invalid JSON received.');
      throw e;
    }
  } else {
    try {
      doc = fromYaml(loadYaml(String(text)));
    } catch {
      throw paramError('cli-input-yaml', 'Invalid YAML received.');
    }
  }
  if (!isDict(doc)) {
    const type = Array.isArray(doc) ? 'list' : doc === null ? 'NoneType' : typeof doc === 'string' ? 'str' : typeof doc === 'boolean' ? 'bool' : 'int';
    throw paramError(cliName, `Invalid type: expecting map, received <class '${type}'>`);
  }
  for (const [k, v] of Object.entries(doc)) if (!Object.prototype.hasOwnProperty.call(params, k)) params[k] = v;
}

function fromYaml(v: unknown): PyValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(fromYaml);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' && !Number.isInteger(v)) return pyFloat(String(v));
  if (typeof v === 'object') {
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v as Uint8Array);
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromYaml(x)]));
  }
  return v as PyValue;
}

/** The paginator's own tokens and limit as option names: using one of them by hand turns auto-paging off. */
export function manualPagingDests(op: Operation): string[] {
  const p = op.paginator;
  if (!p) return [];
  return [...asList(p.input_token), ...(p.limit_key ? [p.limit_key] : [])].map((n) => xformName(n, '_'));
}
