/**
 * `help` pages generated from the model: the service's command list and, per command, the synopsis, each
 * option with its type, the shorthand and JSON syntax of complex options, and the output shape. The real CLI
 * renders its reference pages with prose from the model's documentation, which the committed model does not carry.
 */
import { members, shapeOf, xformName, commandTable, type NamedShape, type Operation, type ServiceModel } from './model.js';
import { buildArgTable } from './params.js';

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

function shorthandSyntax(model: ServiceModel, s: NamedShape, depth = 0): string {
  if (s.type === 'structure') {
    const parts = members(model, s).map(([n, ms]) => `${n}=${shorthandSyntax(model, ms, depth + 1)}`);
    return depth === 0 ? parts.join(',') : `{${parts.join(',')}}`;
  }
  if (s.type === 'list') {
    const m = shapeOf(model, s.member!);
    const inner = shorthandSyntax(model, m, depth + 1);
    return depth === 0 ? `${inner} ${inner} ...` : `[${inner},${inner}]`;
  }
  if (s.type === 'map') return depth === 0 ? 'KeyName1=string,KeyName2=string' : '{KeyName1=string,KeyName2=string}';
  return s.enum ? s.enum.join('|') : s.type;
}

function jsonSyntax(model: ServiceModel, s: NamedShape, indent: number, stack: string[]): string {
  const pad = ' '.repeat(indent);
  if (s.type === 'structure') {
    if (stack.includes(s.name)) return '{ ... recursive ... }';
    const inner = members(model, s).map(([n, ms]) => `${pad}  "${n}": ${jsonSyntax(model, ms, indent + 2, [...stack, s.name])}`);
    return `{\n${inner.join(',\n')}\n${pad}}`;
  }
  if (s.type === 'list') return `[\n${pad}  ${jsonSyntax(model, shapeOf(model, s.member!), indent + 2, stack)}\n${pad}  ...\n${pad}]`;
  if (s.type === 'map') return `{"string": ${jsonSyntax(model, shapeOf(model, s.value!), indent + 2, stack)}\n${pad}  ...}`;
  if (s.enum) return s.enum.map((e) => `"${e}"`).join('|');
  if (s.type === 'boolean') return 'true|false';
  return s.type === 'string' ? '"string"' : s.type;
}

function describeShape(model: ServiceModel, s: NamedShape, indent: number, stack: string[]): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  if (s.type === 'structure' && !stack.includes(s.name)) {
    for (const [n, ms] of members(model, s)) {
      const req = (s.required ?? []).includes(n) ? ' [required]' : '';
      out.push(`${pad}${n} -> (${ms.type})${req}`);
      if (ms.enum) out.push(`${pad}   Possible values: ${ms.enum.join(', ')}`);
      out.push(...describeShape(model, ms, indent + 3, [...stack, s.name]));
    }
  } else if (s.type === 'list') {
    const m = shapeOf(model, s.member!);
    if (m.type === 'structure') out.push(...describeShape(model, m, indent, stack));
    else out.push(`${pad}(${m.type})`);
  } else if (s.type === 'map') {
    out.push(`${pad}key -> (${shapeOf(model, s.key!).type})`, `${pad}value -> (${shapeOf(model, s.value!).type})`);
  }
  return out;
}

export function operationHelp(model: ServiceModel, opName: string, op: Operation, program: string): string {
  const command = xformName(opName);
  const table = buildArgTable(model, op);
  const lines = [`${command.toUpperCase()}()`, '', 'NAME', `       ${command} -`, '', 'DESCRIPTION'];
  lines.push(`       Calls the ${opName} operation of ${model.metadata.serviceFullName}.`);
  lines.push(op.auth === 'none' ? '       The request is not signed: no IAM credentials are needed.' : '       The request is signed with SigV4 (IAM credentials).');
  if (op.paginator) lines.push(`       ${command} is a paginated operation; all pages are fetched unless --no-paginate is given.`);
  lines.push(`       Usage: ${program} cognito-idp ${command} [options]`, '', 'SYNOPSIS', `            ${command}`);
  for (const def of table) {
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
  for (const def of table) {
    if (!def.shape || !def.member) continue;
    if (def.shape.type === 'boolean' && def.spec.flag.startsWith('--no-')) continue;
    const s = def.shape;
    lines.push(`       ${def.spec.flag}${s.type === 'boolean' ? ` | --no-${def.spec.flag.slice(2)}` : ''} (${s.type})${def.spec.required ? ' [required]' : ''}`);
    if (s.enum) lines.push(`          Possible values: ${s.enum.join(', ')}`);
    lines.push(...describeShape(model, s, 10, []));
    if (s.type === 'structure' || s.type === 'map' || (s.type === 'list' && ['structure', 'map'].includes(shapeOf(model, s.member!).type))) {
      lines.push('', '       Shorthand Syntax:', '', `          ${shorthandSyntax(model, s)}`);
    } else if (s.type === 'list') {
      lines.push('', '       Syntax:', '', `          "string" "string" ...`);
    }
    if (s.type === 'structure' || s.type === 'list' || s.type === 'map') {
      lines.push('', '       JSON Syntax:', '', ...jsonSyntax(model, s, 10, []).split('\n').map((l) => `          ${l.trimStart() === l ? l : l}`));
    }
    lines.push('');
  }
  lines.push(
    '       --cli-input-json | --cli-input-yaml (string) Reads arguments from the JSON or YAML string provided.',
    '          Values given on the command line replace the corresponding top-level members.',
    '',
    '       --generate-cli-skeleton (string) Prints a JSON skeleton to standard output without sending an API',
    '          request. Values: input (default), yaml-input, output.',
    '',
    'OUTPUT',
  );
  const output = op.output ? shapeOf(model, op.output) : undefined;
  const outLines = output ? describeShape(model, output, 7, []) : [];
  lines.push(...(outLines.length ? outLines : ['       None']), '');
  return lines.join('\n') + '\n';
}
