/**
 * Golden tests of `help` against the AWS CLI's own rendering of the same model: test/cli/fixtures/help/*.txt are
 * `aws cognito-idp <command> help | col -bx` from AWS CLI 1.45.11 (botocore 1.43.11, the model cognate's is
 * generated from; regenerate with `AWS_PAGER= MANPAGER=cat PAGER=cat aws cognito-idp <command> help | col -bx`).
 *
 * The AWS CLI renders through groff, which hyphenates and justifies; cognate fills lines without either. So
 * prose is compared as text (whitespace, hyphens and characters groff's ASCII device drops are ignored), while
 * the structure is compared line for line: the sections, the command's options and their types, and the
 * shorthand and JSON syntax blocks. v1's global options and `--cli-input-json` entry differ from v2's (which
 * cognate follows: `--cli-input-yaml`, `--cli-binary-format`, …), so those parts are not compared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCognitoIdp } from '../../src/cli/aws/index.js';
import { Capture } from './harness.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'cli', 'fixtures', 'help');
const COMMANDS = ['set-user-mfa-preference', 'admin-create-user', 'list-users', 'get-user', 'initiate-auth'];

async function ours(command: string): Promise<string> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCognitoIdp([command, 'help'], { stdout, stderr, env: {} });
  assert.equal(code, 0, stderr.text());
  return stdout.text();
}

function sections(page: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of page.split('\n')) {
    if (/^[A-Z][A-Z ]+$/.test(line)) out.set(line, (current = []));
    else current?.push(line.replace(/\s+$/, ''));
  }
  return out;
}

/** prose as groff's ASCII rendering leaves it comparable: no whitespace, no hyphens, ASCII only */
const prose = (lines: string[]) => lines.join(' ').replace(/[^\x20-\x7e]/g, '').replace(/[\s-]/g, '');

/** the command's own options: everything before the `--cli-input-json` entry, plus the paging options */
function ownOptions(lines: string[]): string[] {
  const end = lines.findIndex((l) => l.startsWith('       --cli-input-json'));
  const paging = lines.findIndex((l) => l.startsWith('       --starting-token'));
  const pagingEnd = lines.findIndex((l, i) => i > paging && l.startsWith('       --generate-cli-skeleton (string)'));
  return [...lines.slice(0, end), ...(paging >= 0 ? lines.slice(paging, pagingEnd) : [])];
}

function syntaxBlocks(lines: string[]): string[][] {
  const blocks: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^ {7}(Shorthand Syntax|JSON Syntax|Syntax):$/.test(lines[i]!)) continue;
    const block = [lines[i]!];
    let j = i + 2;
    while (j < lines.length && (lines[j] === '' || lines[j]!.startsWith('          '))) {
      if (lines[j] === '' && lines[j + 1] !== undefined && !lines[j + 1]!.startsWith('          ')) break;
      block.push(lines[j]!);
      j++;
    }
    blocks.push(block);
  }
  return blocks;
}

for (const command of COMMANDS) {
  test(`help ${command}: the AWS CLI's sections, options, syntax blocks and text`, async () => {
    const real = sections(readFileSync(join(FIXTURES, `${command}.txt`), 'utf8'));
    const mine = sections(await ours(command));
    assert.deepEqual([...mine.keys()], [...real.keys()], 'sections');
    for (const name of ['NAME', 'DESCRIPTION', 'EXAMPLES', 'OUTPUT']) {
      if (real.has(name)) assert.equal(prose(mine.get(name)!), prose(real.get(name)!), name);
    }
    const [r, m] = [ownOptions(real.get('OPTIONS')!), ownOptions(mine.get('OPTIONS')!)];
    const headers = (ls: string[]) => ls.filter((l) => /^ {7}--\S+( \| --\S+)? \(/.test(l));
    assert.deepEqual(headers(m), headers(r), 'option headers');
    assert.deepEqual(syntaxBlocks(m), syntaxBlocks(r), 'syntax blocks');
    assert.equal(prose(m), prose(r), 'option text');
    const own = (ls: string[]) => ls.slice(1).filter((l) => !/--cli-input-json|--generate-cli-skeleton|^ {10}\[--(debug|endpoint-url|no-verify-ssl|no-paginate|output|query|profile|region|version|color|no-sign-request|ca-bundle|cli-|v2-debug|no-cli)/.test(l));
    assert.deepEqual(own(mine.get('SYNOPSIS')!), own(real.get('SYNOPSIS')!), 'synopsis');
  });
}

test('help for every command renders (no model shape breaks the renderer)', async () => {
  const { loadModel, commandTable } = await import('../../src/cli/aws/model.js');
  for (const command of commandTable(loadModel()).keys()) {
    const page = await ours(command);
    assert.match(page, /\nDESCRIPTION\n {7}\S/, command);
    assert.match(page, /\nOUTPUT\n/, command);
  }
});
