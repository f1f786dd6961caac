/**
 * botocore's client-side parameter validation (ParamValidator), the source of every
 * "Parameter validation failed:" message: required and unknown members, Python types, and `min` constraints
 * (botocore checks neither `max`, `pattern` nor `enum`).
 */
import { members, shapeOf, type NamedShape, type ServiceModel } from './model.js';
import { isDict, PyFloat, pyStr, pyTypeName, type PyValue } from './python.js';

const VALID_TYPES: Record<string, string> = {
  string: "<class 'str'>",
  integer: "<class 'int'>",
  long: "<class 'int'>",
  double: "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
  float: "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
  boolean: "<class 'bool'>",
  list: "<class 'list'>, <class 'tuple'>",
  structure: "<class 'dict'>",
  map: "<class 'dict'>",
  blob: "<class 'bytes'>, <class 'bytearray'>, file-like object",
  timestamp: "<class 'datetime.datetime'>, timestamp-string",
};

export function isTimestampLike(v: unknown): boolean {
  if (typeof v === 'number' || v instanceof PyFloat) return true;
  if (typeof v !== 'string') return false;
  if (/^\s*-?\d+(\.\d+)?\s*$/.test(v)) return true;
  return !Number.isNaN(Date.parse(v));
}

/** Returns botocore's error lines (empty when valid). */
export function validateParams(model: ServiceModel, shape: NamedShape, params: PyValue): string[] {
  const errors: string[] = [];
  const label = (name: string) => (name === '' ? 'input' : name.startsWith('.') ? name.slice(1) : name);
  const invalidType = (name: string, v: unknown, s: NamedShape) =>
    errors.push(`Invalid type for parameter ${label(name)}, value: ${pyStr(v)}, type: ${pyTypeName(v)}, valid types: ${VALID_TYPES[s.type]}`);
  const rangeCheck = (name: string, n: number, s: NamedShape, kind: 'length' | 'value') => {
    if (s.min !== undefined && n < s.min) {
      errors.push(`Invalid ${kind} for parameter ${label(name)}, value: ${n}, valid min ${kind}: ${s.min}`);
    }
  };

  const visit = (v: PyValue, s: NamedShape, name: string): void => {
    if (s.document) return;
    switch (s.type) {
      case 'structure': {
        if (!isDict(v)) return void invalidType(name, v, s);
        for (const req of s.required ?? []) {
          if (!Object.prototype.hasOwnProperty.call(v, req)) errors.push(`Missing required parameter in ${label(name)}: "${req}"`);
        }
        const known = new Map(members(model, s));
        const valid = [...known.keys()].join(', ');
        const knownParams: string[] = [];
        for (const k of Object.keys(v)) {
          if (!known.has(k)) errors.push(`Unknown parameter in ${label(name)}: "${k}", must be one of: ${valid}`);
          else knownParams.push(k);
        }
        for (const k of knownParams) visit(v[k], known.get(k)!, `${name}.${k}`);
        return;
      }
      case 'list': {
        if (!Array.isArray(v)) return void invalidType(name, v, s);
        rangeCheck(name, v.length, s, 'length');
        const ms = shapeOf(model, s.member!);
        v.forEach((el, i) => visit(el, ms, `${name}[${i}]`));
        return;
      }
      case 'map': {
        if (!isDict(v)) return void invalidType(name, v, s);
        const ks = shapeOf(model, s.key!);
        const vs = shapeOf(model, s.value!);
        for (const [k, x] of Object.entries(v)) {
          visit(k, ks, `${name} (key: ${k})`);
          visit(x, vs, `${name}.${k}`);
        }
        return;
      }
      case 'string':
        if (typeof v !== 'string') return void invalidType(name, v, s);
        rangeCheck(name, [...v].length, s, 'length');
        return;
      case 'integer':
      case 'long':
        if (!((typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean')) return void invalidType(name, v, s);
        rangeCheck(name, Number(v), s, 'value');
        return;
      case 'double':
      case 'float':
        if (!(typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat)) return void invalidType(name, v, s);
        rangeCheck(name, v instanceof PyFloat ? v.value : Number(v), s, 'value');
        return;
      case 'boolean':
        if (typeof v !== 'boolean') invalidType(name, v, s);
        return;
      case 'blob':
        if (!(typeof v === 'string' || Buffer.isBuffer(v))) invalidType(name, v, s);
        return;
      case 'timestamp':
        if (!isTimestampLike(v)) invalidType(name, v, s);
        return;
    }
  };
  visit(params, shape, '');
  return errors;
}
