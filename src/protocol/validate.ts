import { CognitoError } from '../domain/errors.js';
import type { ApiModel, Shape } from './model.js';
import { compilePattern, type PatternMatcher } from './pattern.js';

/**
 * Input validation from the model, in the format Cognito (Coral) answers with:
 * `1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null`,
 * several joined with `; ` in model member order. Member paths are the member names with the first letter
 * lower-cased; list elements are `name.N.member` (1-based); map keys and values report the map's own path.
 * Sensitive values are never echoed (`Value at 'password' …`), nor anything inside a sensitive map or structure
 * (AuthParameters' PASSWORD); other values are echoed cut to ECHO_MAX characters. Lengths are checked before
 * patterns, and a value over its maximum length is not matched at all (pattern.ts keeps matching linear).
 * Type mismatches are SerializationException, as a JSON 1.1 endpoint raises them while deserializing.
 */
export function validateInput(model: ApiModel, shapeName: string, input: unknown): void {
  const violations: string[] = [];
  checkStructure(model, shapeName, input, '', violations, false, true);
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

/**
 * Patterns Cognito does not apply to the request: DomainType's allows a prefix only, but the same member carries a custom
 * domain's full name (`auth.example.com`), which Cognito accepts; CreateUserPoolDomain checks prefixes with Cognito's own
 * message (docs/compatibility.md, "User-pool domains").
 */
const PATTERNS_CHECKED_BY_OPERATIONS: ReadonlySet<string> = new Set(['DomainType']);
const ANYTHING: PatternMatcher = { test: () => true, engine: 'native' };

/** One matcher per pattern shape, chosen by pattern.ts for the shape's maximum length. */
const matchers = new WeakMap<Shape, PatternMatcher>();
function matcherOf(shape: Shape, shapeName: string): PatternMatcher {
  let m = matchers.get(shape);
  if (!m) matchers.set(shape, (m = PATTERNS_CHECKED_BY_OPERATIONS.has(shapeName) ? ANYTHING : compilePattern(shape.pattern!, shape.max)));
  return m;
}

/**
 * Echoed values are cut to this many characters (docs/compatibility.md, *Protocol*): a message carries the value
 * twice on the wire (body and x-amzn-ErrorMessage), and an SDK refuses a response whose headers exceed 16 KB.
 */
export const ECHO_MAX = 256;

function display(value: unknown, sensitive: boolean): string {
  if (sensitive) return 'Value';
  if (value === null || value === undefined) return 'Value null';
  let text: string;
  if (Array.isArray(value)) text = `[${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}]`;
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  if (text.length > ECHO_MAX) text = `${text.slice(0, ECHO_MAX)}...`;
  return `Value '${text}'`;
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

function checkStructure(model: ApiModel, shapeName: string, value: unknown, path: string, out: string[], sensitive: boolean, top = false): void {
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
    checkValue(model, m.shape, v, memberPath, out, sensitive);
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

function checkValue(model: ApiModel, shapeName: string, value: unknown, path: string, out: string[], inSensitive: boolean): void {
  const shape = model.shapes[shapeName]!;
  const sensitive = inSensitive || shape.sensitive === true;
  switch (shape.type) {
    case 'structure':
      if (shape.document) return;
      checkStructure(model, shapeName, value, path, out, sensitive);
      return;
    case 'list': {
      if (!Array.isArray(value)) throw serialization(`Expected list or null at ${path}`);
      checkLength(value.length, shape, value, path, out, sensitive);
      value.forEach((el, i) => {
        if (el !== null && el !== undefined) checkValue(model, shape.member!, el, `${path}.${i + 1}.member`, out, sensitive);
      });
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw serialization('Expected map or null');
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(entries.length, shape, value, path, out, sensitive);
      for (const [k, v] of entries) {
        checkValue(model, shape.key!, k, path, out, sensitive);
        if (v !== null && v !== undefined) checkValue(model, shape.value!, v, path, out, sensitive);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') throw serialization(`Expected String at ${path}`);
      let tooLong = false;
      if (shape.min !== undefined || shape.max !== undefined) {
        const len = SURROGATE.test(value) ? codePointLength(value) : value.length;
        checkLength(len, shape, value, path, out, sensitive);
        tooLong = shape.max !== undefined && len > shape.max;
      }
      if (shape.enum && !shape.enum.includes(value)) fail(value, sensitive, path, out, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      if (shape.pattern && !tooLong && !matcherOf(shape, shapeName).test(value)) fail(value, sensitive, path, out, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw serialization(`Expected number at ${path}`);
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) throw serialization(`Expected integer at ${path}`);
      if (shape.min !== undefined && value < shape.min) fail(value, sensitive, path, out, `Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) fail(value, sensitive, path, out, `Member must have value less than or equal to ${shape.max}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw serialization(`Expected Boolean at ${path}`);
      return;
    case 'timestamp':
      if (typeof value !== 'number' && typeof value !== 'string') throw serialization(`Expected timestamp at ${path}`);
      return;
    case 'blob': {
      if (typeof value !== 'string') throw serialization(`Expected blob at ${path}`);
      // The constraint is on the decoded bytes; the service echoes a blob as the Java ByteBuffer it decoded into.
      const bytes = base64Length(value);
      if (shape.min !== undefined || shape.max !== undefined) {
        checkLength(bytes, shape, `java.nio.HeapByteBuffer[pos=0 lim=${bytes} cap=${bytes}]`, path, out, sensitive);
      }
      return;
    }
  }
}

/** The number of bytes a base64 text (as JSON carries it: no line breaks) decodes to, without decoding it. */
function base64Length(text: string): number {
  let n = text.length;
  while (n > 0 && text.charCodeAt(n - 1) === 61 /* = */) n--;
  return Math.floor((n * 3) / 4);
}

function fail(value: unknown, sensitive: boolean, path: string, out: string[], constraint: string): void {
  out.push(`${display(value, sensitive)} at '${path}' failed to satisfy constraint: ${constraint}`);
}

function checkLength(len: number, shape: Shape, value: unknown, path: string, out: string[], sensitive: boolean): void {
  if (shape.min !== undefined && len < shape.min) fail(value, sensitive, path, out, `Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && len > shape.max) fail(value, sensitive, path, out, `Member must have length less than or equal to ${shape.max}`);
}
