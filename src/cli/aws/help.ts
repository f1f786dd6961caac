/**
 * `help` pages in the AWS CLI's layout, from the model and its documentation (model/cognito-idp.docs.json:
 * the documentation strings and the AWS CLI's examples, generated beside the model by scripts/generate-model.mjs).
 * The structure follows awscli/clidocs.py (OperationDocumentEventHandler); the text is what the CLI's man page
 * shows once rendered, without groff's hyphenation and justification.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fill, htmlBlocks, renderBlocks, rstBlocks, WIDTH } from './doc-text.js';
import { members, shapeOf, xformName, commandTable, type NamedShape, type Operation, type ServiceModel } from './model.js';
import { buildArgTable, manualPagingDests } from './params.js';

const GLOBAL_SYNOPSIS = [
  '[--debug]',
  '[--endpoint-url <value>]',
  '[--no-verify-ssl]',
  '[--no-paginate]',
  '[--output <value>]',
  '[--query <value>]',
  '[--profile <value>]',
  '[--region <value>]',
  '[--version <value>]',
  '[--color <value>]',
  '[--no-sign-request]',
  '[--ca-bundle <value>]',
  '[--cli-read-timeout <value>]',
  '[--cli-connect-timeout <value>]',
  '[--cli-binary-format <value>]',
  '[--no-cli-pager]',
  '[--cli-auto-prompt]',
  '[--no-cli-auto-prompt]',
  '[--cli-error-format <value>]',
];

export function serviceHelp(model: ServiceModel, program: string): string {
  const lines = [
    'COGNITO-IDP()',
    '',
    'NAME',
    '       cognito-idp -',
    '',
    'DESCRIPTION',
    `       ${model.metadata.serviceFullName} (API version ${model.metadata.apiVersion}), as served by cognate.`,
    `       Usage: ${program} cognito-idp <command> [parameters]`,
    '',
    'AVAILABLE COMMANDS',
    ...[...commandTable(model).keys()].sort().map((c) => `       o ${c}`),
    '',
  ];
  return lines.join('\n') + '\n';
}

// ------------------------------------------------------------------ documentation

interface Docs {
  service: string;
  operations: Record<string, string>;
  shapes: Record<string, string>;
  members: Record<string, string>;
  examples: Record<string, string>;
}

let docsCache: Docs | null | undefined;

/** model/cognito-idp.docs.json (generated beside the model); without it, pages carry no prose. */
function loadDocs(): Docs | null {
  if (docsCache !== undefined) return docsCache;
  let dir = dirname(fileURLToPath(import.meta.url));
  docsCache = null;
  for (let i = 0; i < 6; i++) {
    const f = join(dir, 'model', 'cognito-idp.docs.json');
    if (existsSync(f)) {
      docsCache = JSON.parse(readFileSync(f, 'utf8')) as Docs;
      break;
    }
    dir = dirname(dir);
  }
  return docsCache;
}

/** botocore's Shape.documentation: the member's own documentation, else its shape's. */
function memberDoc(docs: Docs | null, parent: string | undefined, member: string | undefined, shape: string): string {
  if (!docs) return '';
  return (parent && member ? docs.members[`${parent}.${member}`] : undefined) ?? docs.shapes[shape] ?? '';
}

const SCALARS = new Set(['string', 'integer', 'long', 'boolean', 'double', 'float', 'blob', 'timestamp', 'bigdecimal', 'biginteger']);

function typeName(s: NamedShape): string {
  return s.document ? 'document' : s.type;
}

/** clidocs `_doc_member`: `Name -> (type)`, its documentation, then its members, each level indented. */
function docMember(model: ServiceModel, docs: Docs | null, out: string[], name: string, s: NamedShape, doc: string, indent: number, stack: string[]): void {
  if (stack.includes(s.name)) {
    if (stack.filter((n) => n === s.name).length > 1) {
      if (s.type === 'structure') out.push(' '.repeat(indent) + '( ... recursive ... )');
      return;
    }
  }
  const next = [...stack, s.name];
  out.push(' '.repeat(indent) + (name ? `${name} -> (${typeName(s)})` : `(${typeName(s)})`));
  const body = renderBlocks(htmlBlocks(doc), indent + 4);
  if (body.length) out.push(...body);
  out.push('');
  docChildren(model, docs, out, s, indent + 4, next);
}

/** The members a shape documents under itself: a structure's members, a map's key and value, a list's member. */
function docChildren(model: ServiceModel, docs: Docs | null, out: string[], s: NamedShape, indent: number, stack: string[]): void {
  if (s.type === 'structure' && !s.document) {
    for (const [n, ms] of members(model, s)) docMember(model, docs, out, n, ms, memberDoc(docs, s.name, n, ms.name), indent, stack);
  } else if (s.type === 'map') {
    const k = shapeOf(model, s.key!);
    const v = shapeOf(model, s.value!);
    docMember(model, docs, out, 'key', k, memberDoc(docs, undefined, undefined, k.name), indent, stack);
    docMember(model, docs, out, 'value', v, memberDoc(docs, undefined, undefined, v.name), indent, stack);
  } else if (s.type === 'list') {
    const m = shapeOf(model, s.member!);
    docMember(model, docs, out, '', m, memberDoc(docs, undefined, undefined, m.name), indent, stack);
  }
}

/** argprocess.ParamShorthandDocGen */
function shorthandDoc(model: ServiceModel, s: NamedShape): string | null {
  if (s.type === 'structure') {
    const ms = members(model, s);
    if (ms.length === 1 && ms[0]![0] === 'Value' && ms[0]![1].type === 'string') return null;
  }
  const stack: string[] = [];
  const TOO_COMPLEX = new Error('too complex');
  // A member's docs, rendered one level deeper: the stack is what the nesting and recursion checks look at.
  const nested = (m: NamedShape): string => {
    stack.push(m.name);
    try {
      return docs(m);
    } finally {
      stack.pop();
    }
  };
  const docs = (m: NamedShape): string => {
    if (stack.length > 3) throw TOO_COMPLEX;
    if (m.type === 'structure') {
      const parts = members(model, m)
        .filter(([, ms]) => !ms.document)
        .map(([n, ms]) => (stack.includes(ms.name) ? `${n}=( ... recursive ... )` : `${n}=${nested(ms)}`));
      return stack.length ? `{${parts.join(',')}}` : parts.join(',');
    }
    if (m.type === 'list') {
      const el = shapeOf(model, m.member!);
      const d = nested(el);
      return ['structure', 'list', 'map'].includes(el.type) || stack.length > 1 ? `[${d},${d}]` : `${d},${d}`;
    }
    if (m.type === 'map') {
      const k = shapeOf(model, m.key!);
      const d = nested(shapeOf(model, m.value!));
      let start = `KeyName1=${d},KeyName2=${d}`;
      if (k.enum && !stack.length) start += '\n\nWhere valid key names are:\n' + k.enum.map((e) => `  ${e}\n`).join('');
      else if (stack.length) start = `{${start}}`;
      return start;
    }
    return m.type;
  };
  try {
    return s.type === 'list' ? docs(shapeOf(model, s.member!)) + ' ...' : docs(s);
  } catch (e) {
    if (e === TOO_COMPLEX) return '';
    throw e;
  }
}

function supportsShorthand(model: ServiceModel, s: NamedShape): boolean {
  // awscli.argprocess._supports_shorthand_syntax: structures, lists and maps, not documents
  if (s.document) return false;
  return s.type === 'structure' || s.type === 'map' || (s.type === 'list' && !SCALARS.has(shapeOf(model, s.member!).type));
}

function jsonExampleValue(s: NamedShape, withEnums = true): string {
  if (s.type === 'string') return s.enum && withEnums ? s.enum.map((e) => `"${e}"`).join('|') : '"string"';
  if (s.type === 'boolean') return 'true|false';
  return s.type;
}

/** clidocs `_json_example`, with the document writer's indentation (2 spaces per level). */
function jsonExample(model: ServiceModel, s: NamedShape): string[] {
  const lines: string[] = [''];
  let level = 0;
  const write = (t: string) => (lines[lines.length - 1] += t);
  const newLine = () => lines.push('  '.repeat(level));
  const stack: string[] = [];
  const example = (m: NamedShape): void => {
    if (stack.includes(m.name) && stack.filter((n) => n === m.name).length > 1) {
      if (m.type === 'structure') write('{ ... recursive ... }');
      return;
    }
    stack.push(m.name);
    try {
      if (m.type === 'list') {
        const el = shapeOf(model, m.member!);
        write('[');
        if (SCALARS.has(el.type)) write(`${jsonExampleValue(el)}, ...`);
        else {
          level++;
          newLine();
          example(el);
          newLine();
          write('...');
          level--;
          newLine();
        }
        write(']');
      } else if (m.type === 'map') {
        const k = shapeOf(model, m.key!);
        const v = shapeOf(model, m.value!);
        write('{');
        level++;
        write(`${jsonExampleValue(k)}: `);
        if (SCALARS.has(v.type)) write(jsonExampleValue(v));
        else {
          level++;
          example(v);
          level--;
        }
        newLine();
        write('...');
        level--;
        write('}');
      } else if (m.type === 'structure') {
        if (m.document) {
          write('{...}');
          return;
        }
        write('{');
        level++;
        newLine();
        const ms = members(model, m);
        ms.forEach(([n, x], i) => {
          if (SCALARS.has(x.type)) write(`"${n}": ${jsonExampleValue(x)}`);
          else {
            write(`"${n}": `);
            example(x);
          }
          if (i < ms.length - 1) {
            write(',');
            newLine();
          }
        });
        level--;
        newLine();
        write('}');
      }
    } finally {
      stack.pop();
    }
  };
  example(s);
  return lines;
}

const STARTING_TOKEN_HELP =
  '<p>A token to specify where to start paginating. This is the <code>NextToken</code> from a previously truncated response.</p><p>For usage examples, see <a>Pagination</a> in the <i>AWS Command Line Interface User Guide</i>.</p>';
const PAGE_SIZE_HELP =
  "<p>The size of each page to get in the AWS service call. This does not affect the number of items returned in the command's output. Setting a smaller page size results in more calls to the AWS service, retrieving fewer items in each call. This can help prevent the AWS service calls from timing out.</p><p>For usage examples, see <a>Pagination</a> in the <i>AWS Command Line Interface User Guide</i>.</p>";
const MAX_ITEMS_HELP =
  "<p>The total number of items to return in the command's output. If the total number of items available is more than the value specified, a <code>NextToken</code> is provided in the command's output. To resume pagination, provide the <code>NextToken</code> value in the <code>starting-token</code> argument of a subsequent command. <b>Do not</b> use the <code>NextToken</code> response element directly outside of the AWS CLI.</p><p>For usage examples, see <a>Pagination</a> in the <i>AWS Command Line Interface User Guide</i>.</p>";

const GLOBAL_OPTIONS: [string, string, string | string[]][] = [
  ['--debug', 'boolean', 'Turn on debug logging.'],
  ['--endpoint-url', 'string', "Override command's default URL with the given URL."],
  ['--no-verify-ssl', 'boolean', 'By default, the AWS CLI uses SSL when communicating with AWS services. For each SSL connection, the AWS CLI will verify SSL certificates. This option overrides the default behavior of verifying SSL certificates.'],
  ['--no-paginate', 'boolean', 'Disable automatic pagination. If automatic pagination is disabled, the AWS CLI will only make one call, for the first page of results.'],
  ['--output', 'string', ['The formatting style for command output.', 'json', 'text', 'table', 'yaml', 'yaml-stream', 'off']],
  ['--query', 'string', 'A JMESPath query to use in filtering the response data.'],
  ['--profile', 'string', 'Use a specific profile from your credential file.'],
  ['--region', 'string', 'The region to use. Overrides config/env settings.'],
  ['--version', 'string', 'Display the version of this tool.'],
  ['--color', 'string', ['Turn on/off color output.', 'on', 'off', 'auto']],
  ['--no-sign-request', 'boolean', 'Do not sign requests. Credentials will not be loaded if this argument is provided.'],
  ['--ca-bundle', 'string', 'The CA certificate bundle to use when verifying SSL certificates. Overrides config/env settings.'],
  ['--cli-read-timeout', 'int', 'The maximum socket read time in seconds. If the value is set to 0, the socket read will be blocking and not timeout. The default value is 60 seconds.'],
  ['--cli-connect-timeout', 'int', 'The maximum socket connect time in seconds. If the value is set to 0, the socket connect will be blocking and not timeout. The default value is 60 seconds.'],
  ['--cli-binary-format', 'string', ['The formatting style to be used for binary blobs. The default format is base64. The base64 format expects binary blobs to be provided as a base64 encoded string. The raw-in-base64-out format preserves compatibility with AWS CLI V1 behavior and binary values must be passed literally. When providing contents from a file that map to a binary blob fileb:// will always be treated as binary and use the file contents directly regardless of the cli-binary-format setting. When using file:// the file contents will need to properly formatted for the configured cli-binary-format.', 'base64', 'raw-in-base64-out']],
  ['--no-cli-pager', 'boolean', 'Disable cli pager for output.'],
  ['--cli-auto-prompt', 'boolean', 'Automatically prompt for CLI input parameters.'],
  ['--no-cli-auto-prompt', 'boolean', 'Disable automatically prompt for CLI input parameters.'],
  ['--cli-error-format', 'string', ['The formatting style for error output.', 'legacy', 'json', 'yaml', 'text', 'table', 'enhanced']],
];

const EXAMPLES_NOTE = [
  '<note><p>To use the following examples, you must have the AWS CLI installed and configured. See the <a>Getting started guide</a> in the <i>AWS CLI User Guide</i> for more information.</p>',
  "<p>Unless otherwise stated, all examples have unix-like quotation rules. These examples will need to be adapted to your terminal's quoting rules. See <a>Using quotation marks with strings</a> in the <i>AWS CLI User Guide</i> .</p></note>",
].join('');

/**
 * A command's reference page in the AWS CLI's layout: NAME, DESCRIPTION (the operation's documentation and the
 * API reference cross-link), SYNOPSIS, OPTIONS (each with its documentation, enum values, nested members, and
 * the shorthand / JSON syntax blocks), GLOBAL OPTIONS, EXAMPLES (the AWS CLI's own) and OUTPUT.
 */
export function operationHelp(model: ServiceModel, opName: string, op: Operation, program: string): string {
  const docs = loadDocs();
  const command = xformName(opName);
  const table = buildArgTable(model, op);
  const title = `${command.toUpperCase()}()`;
  const lines = [title + ' '.repeat(Math.max(1, WIDTH - 1 - 2 * title.length)) + title, '', '', '', 'NAME', `       ${command} -`, '', 'DESCRIPTION'];
  const description = renderBlocks(htmlBlocks(docs?.operations[opName] ?? ''), 7);
  lines.push(...description, ...(description.length ? [''] : []), '       See also: AWS API Documentation', '');
  if (op.paginator) {
    const keys = [op.paginator.result_key].flat().join(', ');
    lines.push(
      ...fill(
        `${command} is a paginated operation. Multiple API calls may be issued in order to retrieve the entire data set of results. You can disable pagination by providing the --no-paginate argument. When using --output text and the --query argument on a paginated response, the --query argument must extract data from the results of the following query expressions: ${keys}`,
        7,
      ),
      '',
    );
  }
  lines.push('SYNOPSIS', `            ${command}`);
  const input = op.input ? shapeOf(model, op.input) : undefined;
  // a paginated command's own token and limit options are undocumented in favour of the CLI's paging options
  const hidden = new Set(manualPagingDests(op));
  const shown = table.filter((d) => !hidden.has(d.spec.dest));
  for (const def of shown) {
    const value = def.spec.nargs === 'zero' ? '' : ' <value>';
    const flag = def.spec.flag;
    if (def.spec.required) lines.push(`          ${flag}${value}`);
    else if (def.shape?.type === 'boolean' && flag.startsWith('--no-')) continue;
    else if (def.shape?.type === 'boolean') lines.push(`          [${flag} | --no-${flag.slice(2)}]`);
    else if (flag === '--cli-input-json') lines.push('          [--cli-input-json | --cli-input-yaml]');
    else if (flag === '--cli-input-yaml') continue;
    else lines.push(`          [${flag}${value}]`);
  }
  lines.push(...GLOBAL_SYNOPSIS.map((g) => `          ${g}`), '', 'OPTIONS');
  for (const def of shown) {
    const flag = def.spec.flag;
    if (def.shape && def.member) {
      const s = def.shape;
      if (s.type === 'boolean' && flag.startsWith('--no-')) continue;
      lines.push(`       ${flag}${s.type === 'boolean' ? ` | --no-${flag.slice(2)}` : ''} (${typeName(s)})`);
      const body = renderBlocks(htmlBlocks(memberDoc(docs, input?.name, def.member, s.name)), 10);
      lines.push(...body);
      if (s.enum) lines.push(...(body.length ? [''] : []), '          Possible values:', '', ...s.enum.flatMap((e, i) => [...(i ? [''] : []), `          o ${e}`]));
      const nested: string[] = [];
      docChildren(model, docs, nested, s, 10, [s.name]); // clidocs `_document_nested_structure`
      if (nested.length) lines.push('', ...nested);
      else lines.push('');
      if (supportsShorthand(model, s)) {
        const sh = shorthandDoc(model, s);
        if (sh === null) continue;
        if (sh) lines.push('       Shorthand Syntax:', '', ...sh.split('\n').map((l) => (l ? `          ${l}` : '')), '');
      }
      if (s.type === 'list' && SCALARS.has(shapeOf(model, s.member!).type)) {
        const el = shapeOf(model, s.member!);
        const ex = jsonExampleValue(el, false);
        lines.push('       Syntax:', '', `          ${ex} ${ex} ...`, '');
        if (el.enum) lines.push('          Where valid values are:', ...el.enum.map((e) => `            ${e}`), '');
      } else if (!SCALARS.has(s.type)) {
        lines.push('       JSON Syntax:', '', ...jsonExample(model, s).map((l) => `          ${l}`), '');
      }
      while (lines[lines.length - 1] === '' && lines[lines.length - 2] === '') lines.pop();
      continue;
    }
    if (flag === '--cli-input-json') {
      lines.push(
        ...fill(
          '--cli-input-json | --cli-input-yaml (string) Reads arguments from the JSON string provided. The JSON string follows the format provided by --generate-cli-skeleton. If other arguments are provided on the command line, those values will override the JSON-provided values. It is not possible to pass arbitrary binary values using a JSON-provided value as the string will be taken literally. This may not be specified along with --cli-input-yaml.',
          7,
        ),
        '',
      );
    } else if (flag === '--starting-token' || flag === '--page-size' || flag === '--max-items') {
      const help = flag === '--starting-token' ? STARTING_TOKEN_HELP : flag === '--page-size' ? PAGE_SIZE_HELP : MAX_ITEMS_HELP;
      lines.push(`       ${flag} (${flag === '--starting-token' ? 'string' : 'integer'})`, ...renderBlocks(htmlBlocks(help), 10), '');
    } else if (flag === '--generate-cli-skeleton') {
      lines.push(
        ...fill(
          '--generate-cli-skeleton (string) Prints a JSON skeleton to standard output without sending an API request. If provided with no value or the value input, prints a sample input JSON that can be used as an argument for --cli-input-json. Similarly, if provided yaml-input it will print a sample input YAML that can be used with --cli-input-yaml. If provided with the value output, it validates the command inputs and returns a sample output JSON for that command. The generated JSON skeleton is not stable between versions of the AWS CLI and there are no backwards compatibility guarantees in the JSON skeleton generated.',
          7,
        ),
        '',
      );
    }
  }
  lines.push('GLOBAL OPTIONS');
  for (const [flag, type, doc] of GLOBAL_OPTIONS) {
    lines.push(`       ${flag} (${type})`, '');
    if (typeof doc === 'string') lines.push(...fill(doc, 7), '');
    else {
      lines.push(...fill(doc[0], 7), '');
      for (const choice of doc.slice(1)) lines.push(`       o ${choice}`, '');
    }
  }
  const example = docs?.examples[command];
  if (example) {
    lines.push('EXAMPLES', ...renderBlocks(htmlBlocks(EXAMPLES_NOTE), 7), '', ...renderBlocks(rstBlocks(example), 7), '');
  }
  lines.push('OUTPUT');
  const output = op.output ? shapeOf(model, op.output) : undefined;
  const outMembers = output ? members(model, output) : [];
  if (!outMembers.length) lines.push('       None', '');
  else for (const [n, ms] of outMembers) docMember(model, docs, lines, n, ms, memberDoc(docs, output!.name, n, ms.name), 7, []);
  lines.push('', '', '', ' '.repeat(Math.max(1, WIDTH - title.length - 5)) + title);
  void program;
  return lines.join('\n') + '\n';
}
