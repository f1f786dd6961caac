/**
 * The CLI's `--output` formats with their exact layouts (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html): json (indent 4,
 * non-ASCII raw), text (awscli/text.py), table (awscli/table.py, incl. column scaling with Python's round and the
 * colour bytes colorama's autoreset emits), yaml / yaml-stream (block style, sorted keys) and off.
 */
import { isDict, PyFloat, pyFloatRepr, pyJsonDumps, pyRound, PyRuntimeError, pyStr, pyTypeName, type PyValue } from './python.js';

/** A Python exception escaping the real CLI's formatter after part of the output was written. */
export class FormatterCrash extends PyRuntimeError {
  constructor(
    message: string,
    readonly partial: string,
  ) {
    super(message);
  }
}

const pyTypeShort = (v: unknown) => pyTypeName(v).slice(8, -2);

export type OutputFormat = 'json' | 'text' | 'table' | 'yaml' | 'yaml-stream' | 'off';

export interface FormatOptions {
  /** table title: the operation name */
  title: string;
  color: boolean;
  terminalWidth: number;
}

function pyTruthy(v: PyValue | undefined): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

const isEmptyDict = (v: PyValue | undefined) => isDict(v) && Object.keys(v).length === 0;

export function formatJson(v: PyValue | undefined): string {
  if (v === undefined || isEmptyDict(v)) return '';
  return pyJsonDumps(v, { indent: 4, ensureAscii: false }) + '\n';
}

// ---------------------------------------------------------------- text
export function formatText(v: PyValue | undefined): string {
  const out: string[] = [];
  const isScalar = (x: PyValue) => !Array.isArray(x) && !isDict(x);
  const scalarList = (els: PyValue[], id: string | null) => {
    if (id !== null) for (const e of els) out.push(`${id.toUpperCase()}\t${pyStr(e)}\n`);
    else out.push(els.map(pyStr).join('\t') + '\n');
  };
  const fmt = (item: PyValue, id: string | null, scalarKeys: string[] | null): void => {
    if (isDict(item)) {
      const scalars: string[] = [];
      const nonScalars: [string, PyValue][] = [];
      if (scalarKeys === null) {
        for (const k of Object.keys(item).sort()) {
          if (isScalar(item[k])) scalars.push(pyStr(item[k]));
          else nonScalars.push([k, item[k]]);
        }
      } else {
        for (const k of scalarKeys) scalars.push(Object.prototype.hasOwnProperty.call(item, k) ? pyStr(item[k]) : '');
        for (const k of Object.keys(item).filter((k) => !scalarKeys.includes(k)).sort()) nonScalars.push([k, item[k]]);
      }
      if (scalars.length) {
        if (id !== null) scalars.unshift(id.toUpperCase());
        out.push(scalars.join('\t') + '\n');
      }
      for (const [k, x] of nonScalars) fmt(x, k, null);
    } else if (Array.isArray(item)) {
      if (item.length === 0) return;
      if (item.some(isDict)) {
        const keys = new Set<string>();
        for (const el of item) {
          // awscli/text.py calls .items() on every element
          if (!isDict(el)) throw new FormatterCrash(`'${pyTypeShort(el)}' object has no attribute 'items'`, out.join(''));
          for (const [k, x] of Object.entries(el)) if (isScalar(x)) keys.add(k);
        }
        const all = [...keys].sort();
        for (const el of item) fmt(el, id, all);
      } else if (item.some(Array.isArray)) {
        const scalars = item.filter(isScalar);
        if (scalars.length) scalarList(scalars, id);
        for (const el of item.filter((x) => !isScalar(x))) fmt(el, id, null);
      } else {
        scalarList(item, id);
      }
    } else {
      out.push(pyStr(item) + '\n');
    }
  };
  if (v === undefined) return '';
  fmt(v, null, null);
  return out.join('');
}

// ---------------------------------------------------------------- table
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** awscli's get_text_length: East Asian wide and full-width characters count twice. */
export function textLength(s: string): number {
  let n = 0;
  for (const ch of s) n += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return n;
}

class Section {
  title = '';
  headers: string[] = [];
  rows: string[][] = [];
  indent = 0;
  private maxWidths: number[] = [];

  addHeader(h: string[]) {
    this.updateWidths(h);
    this.headers = h;
  }
  addRow(row: PyValue[]) {
    const r = row.map((x) => pyStr(x));
    this.rows.push(r);
    this.updateWidths(r);
  }
  private updateWidths(row: string[]) {
    if (!this.maxWidths.length) this.maxWidths = row.map(textLength);
    else row.forEach((el, i) => (this.maxWidths[i] = Math.max(textLength(el), this.maxWidths[i] ?? 0)));
  }
  columnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || !unscaled.length) return unscaled;
    const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => pyRound(scale * w));
    let off = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (off !== 0) {
      const order = [...scaled.keys()];
      if (off < 0) order.reverse();
      for (const i of order) {
        if (off > 0) {
          scaled[i]--;
          off--;
        } else {
          scaled[i]++;
          off++;
        }
        if (off === 0) break;
      }
    }
    return scaled;
  }
  totalWidth(padding: number, outer: number): number {
    let total = 0;
    for (const w of this.columnWidths()) total += w + padding;
    total += 2 + 2 * outer;
    return Math.max(textLength(this.title) + 2 + 2 * outer, total);
  }
}

function centerText(text: string, length: number, left: string, right: string, textLen: number): string {
  const start = Math.floor(length / 2) - Math.floor(textLen / 2) - 1;
  const soFar = left.length + start + textLen;
  return left + ' '.repeat(Math.max(0, start)) + text + ' '.repeat(Math.max(0, length - right.length - soFar)) + right;
}

function alignLeft(text: string, length: number, left: string, right: string, textLen: number): string {
  const padding = length - (textLen + 2 + left.length + right.length) >= 0 ? 2 : 0;
  const soFar = left.length + padding + textLen;
  return left + ' '.repeat(padding) + text + ' '.repeat(Math.max(0, length - soFar - right.length)) + right;
}

const RESET = '\x1b[0m';

function renderTable(sections: Section[], opts: FormatOptions): string {
  const parts: string[] = [];
  // colorama's autoreset appends a reset after every write, even an empty one (captured in gu-table-color).
  const write = (s: string) => {
    parts.push(s);
    if (opts.color) parts.push(RESET);
  };
  const styleRow = (s: string) => (opts.color ? `\x1b[1m\x1b[34m${s}${RESET}` : s);
  const indentChar = opts.color ? `\x1b[2m\x1b[33m|${RESET}` : '|';
  const maxWidthOf = () => Math.max(...sections.map((s) => s.totalWidth(4, s.indent)));
  let maxWidth = maxWidthOf();
  if (maxWidth > opts.terminalWidth) {
    for (let i = 0; i < sections.length; i++) {
      const s = sections[i];
      if (s.rows.length === 1 && s.headers.length) {
        const v = new Section();
        v.title = s.title;
        v.indent = s.indent;
        s.headers.forEach((h, j) => v.addRow([h, s.rows[0][j]]));
        sections[i] = v;
      }
    }
    maxWidth = maxWidthOf();
  }
  write('-'.repeat(maxWidth) + '\n');
  for (const section of sections) {
    const indented = (text: string) => {
      write(indentChar.repeat(section.indent));
      if (text.endsWith('\n')) {
        write(text.slice(0, -1));
        write(indentChar.repeat(section.indent));
        write('\n');
      } else write(text);
    };
    const width = maxWidth - section.indent * 2;
    const lineBreak = (widths: number[]) =>
      indented(widths.map((w, i) => (i === 0 ? '+' + '-'.repeat(w - 2) + '+' : '-'.repeat(w - 1) + '+')).join('') + '\n');
    if (section.title) {
      indented(centerText(section.title, width, '|', '|', textLength(section.title)) + '\n');
      if (!section.headers.length && !section.rows.length) indented('+' + '-'.repeat(width - 2) + '+\n');
    }
    if (section.headers.length) {
      const widths = section.columnWidths(4, width);
      let line = '';
      widths.forEach((w, i) => {
        const h = section.headers[i] ?? '';
        line += centerText(h, w, i === 0 ? '|' : '', '|', textLength(h));
      });
      lineBreak(widths);
      indented(line + '\n');
    }
    if (section.rows.length) {
      const widths = section.columnWidths(4, width);
      if (widths.length) {
        lineBreak(widths);
        for (const row of section.rows) {
          let line = '';
          widths.forEach((w, i) => {
            const el = row[i] ?? '';
            line += alignLeft(styleRow(el), w, i === 0 ? '|' : '', '|', textLength(el));
          });
          indented(line + '\n');
        }
        lineBreak(widths);
      }
    }
  }
  return parts.join('');
}

export function formatTable(v: PyValue | undefined, opts: FormatOptions): string {
  const sections: Section[] = [];
  let current: Section | undefined;
  const newSection = (title: string, indent: number) => {
    current = new Section();
    current.title = title;
    current.indent = indent;
    sections.push(current);
  };
  const isScalar = (x: PyValue) => !Array.isArray(x) && !isDict(x);
  const groupKeys = (d: Record<string, PyValue>): [string[], string[]] => {
    const headers: string[] = [];
    const more: string[] = [];
    for (const k of Object.keys(d)) (isScalar(d[k]) ? headers : more).push(k);
    return [headers.sort(), more.sort()];
  };
  const build = (title: string | null, cur: PyValue, indent = 0): boolean => {
    if (!pyTruthy(cur)) return false;
    if (title !== null) newSection(title, indent);
    if (Array.isArray(cur)) {
      if (isDict(cur[0])) fromList(cur, indent, title);
      else {
        for (const item of cur) {
          if (isScalar(item)) current!.addRow([item]);
          else if (Array.isArray(item) && item.every(isScalar)) current!.addRow(item);
          else build(null, item);
        }
      }
    }
    if (isDict(cur)) fromDict(cur, indent);
    return true;
  };
  const fromDict = (cur: Record<string, PyValue>, indent: number) => {
    const [headers, more] = groupKeys(cur);
    if (headers.length === 1) current!.addRow([headers[0], cur[headers[0]]]);
    else if (headers.length) {
      current!.addHeader(headers);
      current!.addRow(headers.map((k) => cur[k]));
    }
    for (const k of more) build(k, cur[k], indent + 1);
  };
  const fromList = (cur: PyValue[], indent: number, title: string | null) => {
    const hs = new Set<string>();
    const ms = new Set<string>();
    for (const el of cur) {
      // awscli/formatter.py indexes every element by its keys
      if (typeof el === 'string') throw new PyRuntimeError("string indices must be integers, not 'str'");
      if (Array.isArray(el)) throw new PyRuntimeError('list indices must be integers or slices, not str');
      if (!isDict(el)) throw new PyRuntimeError(`'${pyTypeShort(el)}' object is not iterable`);
      const [h, m] = groupKeys(el);
      h.forEach((x) => hs.add(x));
      m.forEach((x) => ms.add(x));
    }
    const headers = [...hs].sort();
    const more = [...ms].sort();
    current!.addHeader(headers);
    let first = true;
    for (const el of cur) {
      const d = isDict(el) ? el : {};
      if (!first && more.length) {
        newSection(title ?? '', indent);
        current!.addHeader(headers);
      }
      first = false;
      current!.addRow(headers.map((h) => (Object.prototype.hasOwnProperty.call(d, h) ? d[h] : '')));
      for (const k of more) if (Object.prototype.hasOwnProperty.call(d, k)) build(k, d[k], indent + 1);
    }
  };
  if (v === undefined || !build(opts.title, v)) return '';
  return renderTable(sections, opts);
}

// ---------------------------------------------------------------- yaml
const YAML_INDICATORS = '-?:,[]{}#&*!|>\'"%@`';
const YAML_SPECIAL = [
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:null|Null|NULL|~)$/,
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/,
  /^=$/,
];

function yamlString(s: string): string {
  if (s === '') return "''";
  if (/[\x00-\x08\x0b-\x1f\x7f\n\r\t\u0085\u2028\u2029]/.test(s)) return pyJsonDumps(s, { ensureAscii: false });
  const needsQuote =
    YAML_SPECIAL.some((re) => re.test(s)) ||
    /^\s|\s$/.test(s) ||
    s.includes(': ') ||
    s.includes(' #') ||
    s.endsWith(':') ||
    (YAML_INDICATORS.includes(s[0]) && !(('-?:'.includes(s[0])) && s.length > 1 && s[1] !== ' '));
  return needsQuote ? "'" + s.replace(/'/g, "''") + "'" : s;
}

function yamlScalar(v: PyValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  if (v instanceof PyFloat) {
    if (Number.isNaN(v.value)) return '.nan';
    if (!Number.isFinite(v.value)) return v.value > 0 ? '.inf' : '-.inf';
    return pyFloatRepr(v.value);
  }
  if (Buffer.isBuffer(v)) return yamlString(v.toString('base64'));
  return yamlString(String(v));
}

function yamlLines(v: PyValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    if (!v.length) return [pad + '[]'];
    const lines: string[] = [];
    for (const item of v) {
      if ((Array.isArray(item) && item.length) || (isDict(item) && Object.keys(item).length)) {
        const inner = yamlLines(item, indent + 2);
        lines.push(pad + '- ' + inner[0].slice(indent + 2), ...inner.slice(1));
      } else lines.push(pad + '- ' + (Array.isArray(item) ? '[]' : isDict(item) ? '{}' : yamlScalar(item)));
    }
    return lines;
  }
  if (isDict(v)) {
    const keys = Object.keys(v).sort();
    if (!keys.length) return [pad + '{}'];
    const lines: string[] = [];
    for (const k of keys) {
      const x = v[k];
      const key = yamlString(k);
      if (Array.isArray(x) && x.length) lines.push(`${pad}${key}:`, ...yamlLines(x, indent));
      else if (isDict(x) && Object.keys(x).length) lines.push(`${pad}${key}:`, ...yamlLines(x, indent + 2));
      else lines.push(`${pad}${key}: ${Array.isArray(x) ? '[]' : isDict(x) ? '{}' : yamlScalar(x)}`);
    }
    return lines;
  }
  return [pad + yamlScalar(v)];
}

/**
 * A top-level scalar (what `--query Username` or a `--query` that matches nothing gives) is written as JSON,
 * `"frank"` / `null`, with no YAML document-end marker: the AWS CLI v2 YAML formatter hands lone scalars to
 * its JSON dumper rather than to the YAML one.
 */
export function formatYaml(v: PyValue | undefined): string {
  if (v === undefined || isEmptyDict(v)) return '';
  if (!Array.isArray(v) && !isDict(v)) return formatJson(v);
  return yamlLines(v, 0).join('\n') + '\n';
}

/** One YAML list item per page; an empty result (no page carried anything) prints nothing. */
export function formatYamlStream(pages: PyValue[]): string {
  const kept = pages.filter((p) => p !== undefined && !isEmptyDict(p));
  if (!kept.length) return '';
  return yamlLines(kept, 0).join('\n') + '\n';
}

export function formatOutput(format: OutputFormat, v: PyValue | undefined, opts: FormatOptions): string {
  switch (format) {
    case 'json':
      return formatJson(v);
    case 'text':
      return formatText(v);
    case 'table':
      return formatTable(v, opts);
    case 'yaml':
      return formatYaml(v);
    case 'yaml-stream':
      return v === undefined ? '' : formatYamlStream([v]);
    default:
      return '';
  }
}
