/**
 * The AWS CLI is a Python program and its observable output carries Python's fingerprints: `json.dumps`
 * separators and escapes in request bodies, `json.loads` error texts, `str()`/`repr()` of values and types in
 * validation messages, `int()` parsing. This module reproduces exactly those fingerprints and nothing more.
 *
 * Values flow through the CLI as plain JS data with three additions that Python distinguishes and JS does not:
 * `PyFloat` (a JSON number written with a fraction or exponent: Python keeps `1.0` a float), `Buffer` (bytes from
 * `fileb://`) and `null` (Python's None).
 */

export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyValue = string | number | boolean | null | PyFloat | Buffer | PyValue[] | PyDict;
export interface PyDict {
  [key: string]: PyValue;
}

export function isDict(v: unknown): v is PyDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat) && !Buffer.isBuffer(v);
}

/** `type(v)` as Python prints it in botocore's "Invalid type for parameter" message. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (v instanceof PyFloat) return "<class 'float'>";
  if (Buffer.isBuffer(v)) return "<class 'bytes'>";
  if (Array.isArray(v)) return "<class 'list'>";
  return "<class 'dict'>";
}

/** Python's `repr(float)`: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expPart] = x.toExponential().split('e');
  const exp = Number(expPart);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) out = '0.' + '0'.repeat(-exp - 1) + digits;
    else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length) + '.0';
    else out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  } else {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    out = m + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  }
  return (negative ? '-' : '') + out;
}

function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

function pyBytesRepr(b: Buffer): string {
  const quote = b.includes(0x27) && !b.includes(0x22) ? '"' : "'";
  let out = 'b' + quote;
  for (const c of b) {
    if (c === 0x5c) out += '\\\\';
    else if (c === quote.charCodeAt(0)) out += '\\' + quote;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += String.fromCharCode(c);
  }
  return out + quote;
}

/** Python's `repr()`. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return pyStrRepr(v);
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (isDict(v)) return '{' + Object.entries(v).map(([k, x]) => pyStrRepr(k) + ': ' + pyRepr(x)).join(', ') + '}';
  return pyStr(v);
}

/** Python's `str()`: what `'%s' % value` prints. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (Buffer.isBuffer(v)) return pyBytesRepr(v);
  return pyRepr(v);
}

export interface DumpOptions {
  /** `json.dumps(indent=N)`: newline + N spaces per level, item separator `,`. Without it: `, ` and `: `. */
  indent?: number;
  /** `ensure_ascii` (default true): escape every non-ASCII UTF-16 unit as `\uXXXX`. */
  ensureAscii?: boolean;
}

function dumpString(s: string, ensureAscii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Python's `json.dumps`, key order as given. Bytes are not JSON; callers convert them first. */
export function pyJsonDumps(v: unknown, opts: DumpOptions = {}): string {
  const ensureAscii = opts.ensureAscii ?? true;
  const indent = opts.indent;
  const walk = (x: unknown, level: number): string => {
    if (x === null || x === undefined) return 'null';
    if (typeof x === 'boolean') return x ? 'true' : 'false';
    if (typeof x === 'number') return Number.isInteger(x) ? String(x) : pyFloatRepr(x);
    if (x instanceof PyFloat) return pyFloatRepr(x.value);
    if (typeof x === 'string') return dumpString(x, ensureAscii);
    if (Buffer.isBuffer(x)) return dumpString(x.toString('base64'), ensureAscii);
    const entries: [string | null, unknown][] = Array.isArray(x)
      ? x.map((e) => [null, e])
      : Object.entries(x as Record<string, unknown>);
    const [open, close] = Array.isArray(x) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return open + close;
    const items = entries.map(([k, e]) => (k === null ? '' : dumpString(k, ensureAscii) + ': ') + walk(e, level + 1));
    if (indent === undefined) return open + items.join(', ') + close;
    const pad = '\n' + ' '.repeat(indent * (level + 1));
    return open + pad + items.join(',' + pad) + '\n' + ' '.repeat(indent * level) + close;
  };
  return walk(v, 0);
}

export class PyJsonDecodeError extends Error {
  constructor(
    readonly msg: string,
    readonly doc: string,
    readonly pos: number,
  ) {
    const lineno = countNewlines(doc, pos) + 1;
    const lastNl = doc.lastIndexOf('\n', pos - 1);
    const colno = pos - lastNl;
    super(`${msg}: line ${lineno} column ${colno} (char ${pos})`);
  }
}

function countNewlines(s: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < s.length; i++) if (s[i] === '\n') n++;
  return n;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER_RE = /(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?/y;

/** Python's `json.loads` (strict, ordered), with its exact error messages; floats become `PyFloat`. */
export function pyJsonLoads(doc: string): PyValue {
  let i = 0;
  const skip = () => {
    while (i < doc.length && WS.has(doc[i])) i++;
  };
  const value = (): PyValue => {
    const ch = doc[i];
    if (ch === '"') return str();
    if (ch === '{') return obj();
    if (ch === '[') return arr();
    if (doc.startsWith('null', i)) return (i += 4), null;
    if (doc.startsWith('true', i)) return (i += 4), true;
    if (doc.startsWith('false', i)) return (i += 5), false;
    if (doc.startsWith('NaN', i)) return (i += 3), new PyFloat(NaN);
    if (doc.startsWith('Infinity', i)) return (i += 8), new PyFloat(Infinity);
    if (doc.startsWith('-Infinity', i)) return (i += 9), new PyFloat(-Infinity);
    NUMBER_RE.lastIndex = i;
    const m = NUMBER_RE.exec(doc);
    if (m && m[0].length > 0 && m.index === i) {
      i += m[0].length;
      if (m[2] || m[3]) return new PyFloat(Number(m[0]));
      return Number(m[1]);
    }
    throw new PyJsonDecodeError('Expecting value', doc, i);
  };
  const str = (): string => {
    const begin = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= doc.length) throw new PyJsonDecodeError('Unterminated string starting at', doc, begin);
      const ch = doc[i];
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch === '\\') {
        const esc = doc[i + 1];
        if (esc === undefined) throw new PyJsonDecodeError('Unterminated string starting at', doc, begin);
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (esc in simple) {
          out += simple[esc];
          i += 2;
          continue;
        }
        if (esc === 'u') {
          const hex = doc.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PyJsonDecodeError('Invalid \\uXXXX escape', doc, i + 1);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        throw new PyJsonDecodeError(`Invalid \\escape: ${pyRepr(esc)}`, doc, i);
      }
      if (ch.charCodeAt(0) < 0x20) throw new PyJsonDecodeError('Invalid control character at', doc, i);
      out += ch;
      i++;
    }
  };
  const obj = (): PyDict => {
    const out: PyDict = {};
    i++;
    skip();
    if (doc[i] === '}') return i++, out;
    for (;;) {
      if (doc[i] !== '"') throw new PyJsonDecodeError('Expecting property name enclosed in double quotes', doc, i);
      const key = str();
      skip();
      if (doc[i] !== ':') throw new PyJsonDecodeError("Expecting ':' delimiter", doc, i);
      i++;
      skip();
      out[key] = value();
      skip();
      if (doc[i] === '}') return i++, out;
      if (doc[i] !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", doc, i);
      i++;
      skip();
    }
  };
  const arr = (): PyValue[] => {
    const out: PyValue[] = [];
    i++;
    skip();
    if (doc[i] === ']') return i++, out;
    for (;;) {
      out.push(value());
      skip();
      if (doc[i] === ']') return i++, out;
      if (doc[i] !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", doc, i);
      i++;
      skip();
    }
  };
  skip();
  const v = value();
  skip();
  if (i !== doc.length) throw new PyJsonDecodeError('Extra data', doc, i);
  return v;
}

/** Python's `int(str)`, with its ValueError text. */
export function pyInt(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') {
    throw new PyRuntimeError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(v).slice(8, -2)}'`);
  }
  const t = v.trim();
  if (/^[+-]?\d+(_\d+)*$/.test(t)) return Number(t.replace(/_/g, ''));
  throw new PyRuntimeError(`invalid literal for int() with base 10: ${pyRepr(v)}`);
}

/** Python's `float(str)`. */
export function pyFloat(v: unknown): PyFloat {
  if (typeof v === 'number') return new PyFloat(v);
  if (typeof v !== 'string') {
    throw new PyRuntimeError(`float() argument must be a string or a real number, not '${pyTypeName(v).slice(8, -2)}'`);
  }
  const t = v.trim().replace(/_/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return new PyFloat(Number(t));
  if (/^[+-]?(inf|infinity)$/i.test(t)) return new PyFloat(t.startsWith('-') ? -Infinity : Infinity);
  if (/^[+-]?nan$/i.test(t)) return new PyFloat(NaN);
  throw new PyRuntimeError(`could not convert string to float: ${pyRepr(v)}`);
}

/**
 * An error the real CLI does not anticipate (a Python exception escaping to its catch-all): printed as its bare
 * message with exit code 255, e.g. `'list' object has no attribute 'lower'`.
 */
export class PyRuntimeError extends Error {}

/** `value.lower()` as the shorthand visitor calls it on whatever the parser produced. */
export function pyLower(v: unknown): string {
  if (typeof v === 'string') return v.toLowerCase();
  throw new PyRuntimeError(`'${pyTypeName(v).slice(8, -2)}' object has no attribute 'lower'`);
}

/** Python 3's `round()` (half to even), as the table layout uses it. */
export function pyRound(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5) return r % 2 === 0 ? r : r - 1;
  return r;
}

/** difflib.SequenceMatcher(None, a, b).ratio() for short strings (no junk: autojunk needs len(b) >= 200). */
function sequenceRatio(a: string, b: string): number {
  const b2j = new Map<string, number[]>();
  for (let j = 0; j < b.length; j++) b2j.set(b[j], [...(b2j.get(b[j]) ?? []), j]);
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let best: [number, number, number] = [alo, blo, 0];
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i]) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > best[2]) best = [i - k + 1, j - k + 1, k];
      }
      j2len = next;
    }
    return best;
  };
  let matches = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (!k) continue;
    matches += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  const total = a.length + b.length;
  return total ? (2 * matches) / total : 1;
}

/** difflib.get_close_matches(word, possibilities, n=3, cutoff): best first, ties by the larger string first. */
export function pyCloseMatches(word: string, possibilities: readonly string[], cutoff = 0.6, n = 3): string[] {
  const scored = possibilities.map((x) => [sequenceRatio(x, word), x] as const).filter(([r]) => r >= cutoff);
  scored.sort((p, q) => q[0] - p[0] || (q[1] > p[1] ? 1 : q[1] < p[1] ? -1 : 0));
  return scored.slice(0, n).map(([, x]) => x);
}
