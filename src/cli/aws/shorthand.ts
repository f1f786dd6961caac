/**
 * The AWS CLI's shorthand syntax (`Enabled=true,PreferredMfa=false`), reproduced from the behaviour captured
 * in https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-shorthand.html for the current v2 CLI: the grammar, the backtracking of csv values, `key@=file://`,
 * duplicate-key detection, and the exact error texts (including v2's extra space before the echoed input).
 *
 * Parsing is purely syntactic and yields strings, lists and dicts; `applyShorthandTypes` then converts leaves by
 * the model as the CLI's BackCompatVisitor does (booleans only for true/false, ints with int(), scalars into
 * one-element lists).
 */
import { members, type NamedShape, type ServiceModel } from './model.js';
import { pyFloat, pyInt, pyLower, type PyValue, type PyDict, isDict } from './python.js';

export class ShorthandParseError extends Error {}

const WHITESPACE = ' \t\n\r\x0b\x0c';
const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;
const START_WORD = String.raw`!#-&(-+\--<>-Z\\-z|-\uffff`;
const FIRST_VALUE = new RegExp(String.raw`(\\,|[${START_WORD}])(\\,|[\s!#-&(-+\--\\^-|~-\uffff])*`, 'uy');
const SECOND_VALUE = new RegExp(String.raw`(\\,|[${START_WORD}])(\\,|[\s!#-&(-+\--<>-\uffff])*`, 'uy');
const SINGLE_QUOTED = /'(?:\\\\|\\'|[^'])*'/y;
const DOUBLE_QUOTED = /"(?:\\\\|\\"|[^"])*"/y;

function errorLocation(value: string, index: number): string {
  let consumed = value;
  let remaining = '';
  let spaces = index;
  const before = value.slice(0, index);
  if (before.includes('\n')) spaces = index - before.lastIndexOf('\n') - 1;
  const after = value.slice(index);
  if (after.includes('\n')) {
    const next = index + after.indexOf('\n');
    consumed = value.slice(0, next);
    remaining = value.slice(next);
  }
  return `${consumed}\n${' '.repeat(spaces)}^${remaining}`;
}

function syntaxError(value: string, expected: string, actual: string, index: number): ShorthandParseError {
  // v2 >= 2.24.21 prints one space before the echoed input (captured in sh-no-equals and friends).
  return new ShorthandParseError(`Expected: '${expected}', received: '${actual}' for input:\n ${errorLocation(value, index)}`);
}

class SyntaxFailure extends ShorthandParseError {}

export type FileResolver = (value: string) => PyValue | undefined;

export class ShorthandParser {
  private input = '';
  private index = 0;

  constructor(private readonly resolveParamFile: FileResolver) {}

  parse(value: string): PyDict {
    this.input = value;
    this.index = 0;
    return this.parameter();
  }

  private fail(expected: string, actual: string): SyntaxFailure {
    const e = syntaxError(this.input, expected, actual, this.index);
    return new SyntaxFailure(e.message);
  }

  private parameter(): PyDict {
    const params: PyDict = {};
    const [key, val] = this.keyval();
    params[key] = val;
    let lastIndex = this.index;
    while (this.index < this.input.length) {
      this.expect(',', true);
      const [k, v] = this.keyval();
      if (Object.prototype.hasOwnProperty.call(params, k)) {
        throw new ShorthandParseError(
          `Second instance of key "${k}" encountered for input:\n${errorLocation(this.input, lastIndex + 1)}\n` +
            'This is often because there is a preceding "," instead of a space.',
        );
      }
      params[k] = v;
      lastIndex = this.index;
    }
    return params;
  }

  private assignment(): boolean {
    this.consumeWhitespace();
    let fromFile = false;
    if (this.current() === '@') {
      this.index++;
      fromFile = true;
    }
    this.expect('=', true);
    return fromFile;
  }

  private keyval(): [string, PyValue] {
    const key = this.key();
    const fromFile = this.assignment();
    return [key, this.values(fromFile)];
  }

  private key(): string {
    const start = this.index;
    while (!this.atEof() && KEY_CHARS.test(this.input[this.index])) this.index++;
    return this.input.slice(start, this.index);
  }

  private values(fromFile: boolean): PyValue {
    if (this.atEof()) return '';
    if (this.current() === '[') return this.explicitList(fromFile);
    if (this.current() === '{') return this.hashLiteral();
    return this.csvValue(fromFile);
  }

  private csvValue(fromFile: boolean): PyValue {
    const first = this.firstValue(fromFile);
    this.consumeWhitespace();
    if (this.atEof() || this.input[this.index] !== ',') return first;
    this.expect(',', true);
    const list: PyValue[] = [first];
    for (;;) {
      try {
        const current = this.secondValue(fromFile);
        this.consumeWhitespace();
        if (this.atEof()) {
          list.push(current);
          break;
        }
        this.expect(',', true);
        list.push(current);
      } catch (e) {
        if (!(e instanceof SyntaxFailure) || this.atEof()) throw e;
        this.backtrackTo(',');
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private matchAt(re: RegExp): string | undefined {
    re.lastIndex = this.index;
    const m = re.exec(this.input);
    if (!m || m.index !== this.index || m[0].length === 0) return undefined;
    this.index += m[0].length;
    return m[0];
  }

  private mustMatch(re: RegExp, name: string): string {
    const m = this.matchAt(re);
    if (m === undefined) throw this.fail(`<${name}>`, '<none>');
    return m;
  }

  private value(fromFile: boolean): PyValue {
    const m = this.matchAt(FIRST_VALUE);
    if (m === undefined) return '';
    return this.resolve(m.replace(/\\,/g, ',').trimEnd(), fromFile);
  }

  private explicitList(fromFile: boolean): PyValue[] {
    this.expect('[', true);
    const values: PyValue[] = [];
    while (this.current() !== ']') {
      values.push(this.explicitValues(fromFile));
      this.consumeWhitespace();
      if (this.current() !== ']') {
        this.expect(',');
        this.consumeWhitespace();
      }
    }
    this.expect(']');
    return values;
  }

  private explicitValues(fromFile: boolean): PyValue {
    if (this.current() === '[') return this.explicitList(fromFile);
    if (this.current() === '{') return this.hashLiteral();
    return this.firstValue(fromFile);
  }

  private hashLiteral(): PyDict {
    this.expect('{', true);
    const out: PyDict = {};
    while (this.current() !== '}') {
      const key = this.key();
      const fromFile = this.assignment();
      const v = this.explicitValues(fromFile);
      this.consumeWhitespace();
      if (this.current() !== '}') {
        this.expect(',');
        this.consumeWhitespace();
      }
      out[key] = v;
    }
    this.expect('}');
    return out;
  }

  private firstValue(fromFile: boolean): PyValue {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, 'singled quoted', "'", fromFile);
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, 'double quoted', '"', fromFile);
    return this.value(fromFile);
  }

  private secondValue(fromFile: boolean): PyValue {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, 'singled quoted', "'", fromFile);
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, 'double quoted', '"', fromFile);
    const m = this.mustMatch(SECOND_VALUE, 'second');
    return this.resolve(m.replace(/\\,/g, ',').trimEnd(), fromFile);
  }

  private quoted(re: RegExp, name: string, q: string, fromFile: boolean): PyValue {
    const raw = this.mustMatch(re, name).slice(1, -1);
    return this.resolve(raw.split('\\' + q).join(q).split('\\\\').join('\\'), fromFile);
  }

  private resolve(v: string, fromFile: boolean): PyValue {
    if (!fromFile) return v;
    const loaded = this.resolveParamFile(v);
    return loaded === undefined ? v : loaded;
  }

  private expect(ch: string, consumeWhitespace = false): void {
    if (consumeWhitespace) this.consumeWhitespace();
    if (this.index >= this.input.length) throw this.fail(ch, 'EOF');
    const actual = this.input[this.index];
    if (actual !== ch) throw this.fail(ch, actual);
    this.index++;
    if (consumeWhitespace) this.consumeWhitespace();
  }

  private current(): string | undefined {
    return this.index < this.input.length ? this.input[this.index] : undefined;
  }

  private atEof(): boolean {
    return this.index >= this.input.length;
  }

  private backtrackTo(ch: string): void {
    while (this.index >= 0 && this.input[this.index] !== ch) this.index--;
  }

  private consumeWhitespace(): void {
    while (!this.atEof() && WHITESPACE.includes(this.input[this.index])) this.index++;
  }
}

export class DocumentTypeInShorthand extends ShorthandParseError {}

/** The CLI's BackCompatVisitor: model-driven conversion of the parser's strings. Mutates `parsed`. */
export function applyShorthandTypes(model: ServiceModel, shape: NamedShape, parsed: PyValue): void {
  const visit = (parent: PyDict | PyValue[], key: string | number, s: NamedShape, value: PyValue | undefined): void => {
    const set = (v: PyValue) => {
      (parent as Record<string | number, PyValue>)[key] = v;
    };
    if (s.type === 'structure') {
      if (s.document && value !== undefined && value !== null) {
        throw new DocumentTypeInShorthand('');
      }
      if (!isDict(value)) return;
      for (const [name, ms] of members(model, s)) {
        try {
          visit(value, name, ms, Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined);
        } catch (e) {
          if (e instanceof DocumentTypeInShorthand && e.message === '') {
            throw new ShorthandParseError(
              'Shorthand syntax does not support document types. Use JSON input for top-level argument to specify nested parameter: ' +
                name,
            );
          }
          throw e;
        }
      }
    } else if (s.type === 'list') {
      if (!Array.isArray(value)) {
        if (value !== undefined && value !== null) set([value]);
        return;
      }
      const ms = { ...model.shapes[s.member!], name: s.member! };
      value.forEach((el, i) => visit(value, i, ms, el));
    } else if (s.type === 'map') {
      if (!isDict(value)) return;
      const vs = { ...model.shapes[s.value!], name: s.value! };
      for (const k of Object.keys(value)) visit(value, k, vs, value[k]);
    } else {
      if (value === undefined || value === null) return;
      if (s.type === 'integer' || s.type === 'long') set(pyInt(value));
      else if (s.type === 'double' || s.type === 'float') set(pyFloat(value));
      else if (s.type === 'boolean') {
        const lower = pyLower(value);
        if (lower === 'true') set(true);
        else if (lower === 'false') set(false);
      }
    }
  };
  visit({}, '', shape, parsed);
}
