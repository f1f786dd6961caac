import { CognitoError } from '../domain/errors.js';
import type { ApiModel, Shape } from './model.js';

/**
 * Input validation from the model, in the format Cognito (Coral) answers with:
 * `1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null`,
 * several joined with `; ` in model member order. Member paths are the member names with the first letter
 * lower-cased; list elements are `name.N.member` (1-based); map keys and values report the map's own path.
 * Sensitive values are never echoed (`Value at 'password' …`).
 * Type mismatches are SerializationException, as a JSON 1.1 endpoint raises them while deserializing.
 */
export function validateInput(model: ApiModel, shapeName: string, input: unknown): void {
  const violations: string[] = [];
  checkStructure(model, shapeName, input, '', violations, true);
  if (violations.length > 0) {
    const n = violations.length;
    throw new CognitoError(
      'InvalidParameterException',
      `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
    );
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function serialization(message: string): CognitoError {
  return new CognitoError('SerializationException', message);
}

const regexCache = new Map<string, RegExp>();
function compilePattern(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    // Model patterns are Java regexes matched against the whole value; a leading inline flag group such as
    // `(?s)` (SMSMessage: `(?s).*`) is not JavaScript syntax and becomes a RegExp flag instead.
    const inline = /^\(\?([a-z]+)\)/.exec(pattern);
    const body = inline ? pattern.slice(inline[0].length) : pattern;
    const flags = 'u' + (inline ? [...new Set(inline[1]!.split(''))].filter((f) => 'ims'.includes(f)).join('') : '');
    re = new RegExp(`^(?:${body})$`, flags);
    regexCache.set(pattern, re);
  }
  return re;
}

function display(value: unknown, shape: Shape): string {
  if (shape.sensitive) return 'Value';
  if (value === null || value === undefined) return 'Value null';
  if (Array.isArray(value)) return `Value '[${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}]'`;
  if (typeof value === 'object') return `Value '${JSON.stringify(value)}'`;
  return `Value '${String(value)}'`;
}

/** A structure's members as validation walks them, built once per shape: name, lower-cased path segment, required. */
type MemberPlan = Array<{ name: string; segment: string; shape: string; required: boolean }>;
const plans = new WeakMap<Shape, MemberPlan>();
function planOf(shape: Shape): MemberPlan {
  let plan = plans.get(shape);
  if (!plan) {
    const required = new Set(shape.required ?? []);
    plan = Object.entries(shape.members ?? {}).map(([name, member]) => ({ name, segment: lowerFirst(name), shape: member.shape, required: required.has(name) }));
    plans.set(shape, plan);
  }
  return plan;
}

function checkStructure(model: ApiModel, shapeName: string, value: unknown, path: string, out: string[], top = false): void {
  const shape = model.shapes[shapeName]!;
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw serialization(top ? 'Start of structure or map found where not expected.' : `Expected structure for ${path || 'input'}`);
  }
  const obj = value as Record<string, unknown>;
  for (const m of planOf(shape)) {
    const v = obj[m.name];
    const memberPath = path ? `${path}.${m.segment}` : m.segment;
    if (v === undefined || v === null) {
      if (m.required) out.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    checkValue(model, m.shape, v, memberPath, out);
  }
}

/**
 * Length in code points, as the model's length constraints count it — what `[...s].length` gives, without building
 * an array of one string per character (an access token is ~1,000 of them: ~5 % of a token-authorized request).
 */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Any UTF-16 surrogate: without one, the code-point length is the string's length (a native scan, not a JS loop). */
const SURROGATE = /[\uD800-\uDFFF]/;

function checkValue(model: ApiModel, shapeName: string, value: unknown, path: string, out: string[]): void {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'structure':
      if (shape.document) return;
      checkStructure(model, shapeName, value, path, out);
      return;
    case 'list': {
      if (!Array.isArray(value)) throw serialization(`Expected list or null at ${path}`);
      checkLength(value.length, shape, value, path, out);
      value.forEach((el, i) => {
        if (el !== null && el !== undefined) checkValue(model, shape.member!, el, `${path}.${i + 1}.member`, out);
      });
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw serialization('Expected map or null');
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(entries.length, shape, value, path, out);
      for (const [k, v] of entries) {
        checkValue(model, shape.key!, k, path, out);
        if (v !== null && v !== undefined) checkValue(model, shape.value!, v, path, out);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') throw serialization(`Expected String at ${path}`);
      if (shape.min !== undefined || shape.max !== undefined) {
        checkLength(SURROGATE.test(value) ? codePointLength(value) : value.length, shape, value, path, out);
      }
      if (shape.enum && !shape.enum.includes(value)) fail(value, shape, path, out, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      if (shape.pattern && !compilePattern(shape.pattern).test(value)) fail(value, shape, path, out, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw serialization(`Expected number at ${path}`);
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) throw serialization(`Expected integer at ${path}`);
      if (shape.min !== undefined && value < shape.min) fail(value, shape, path, out, `Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) fail(value, shape, path, out, `Member must have value less than or equal to ${shape.max}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw serialization(`Expected Boolean at ${path}`);
      return;
    case 'timestamp':
      if (typeof value !== 'number' && typeof value !== 'string') throw serialization(`Expected timestamp at ${path}`);
      return;
    case 'blob':
      if (typeof value !== 'string') throw serialization(`Expected blob at ${path}`);
      return;
  }
}

function fail(value: unknown, shape: Shape, path: string, out: string[], constraint: string): void {
  out.push(`${display(value, shape)} at '${path}' failed to satisfy constraint: ${constraint}`);
}

function checkLength(len: number, shape: Shape, value: unknown, path: string, out: string[]): void {
  if (shape.min !== undefined && len < shape.min) fail(value, shape, path, out, `Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && len > shape.max) fail(value, shape, path, out, `Member must have length less than or equal to ${shape.max}`);
}
