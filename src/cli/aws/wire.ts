/**
 * The AWS JSON 1.1 body in both directions, as botocore does it: the request is Python `json.dumps` of the
 * parameters in the order they were built (blobs base64, timestamps epoch seconds); the response is walked
 * through the output shape, so members come out in model order, unknown members are dropped and timestamps
 * become ISO 8601 strings (the v2 CLI's default `cli_timestamp_format`).
 */
import { isTimestampLike } from './validate.js';
import { members, shapeOf, type NamedShape, type ServiceModel } from './model.js';
import { CliError } from './errors.js';
import { isDict, PyFloat, pyJsonDumps, type PyDict, type PyValue } from './python.js';

export type BinaryFormat = 'base64' | 'raw-in-base64-out';

function toEpochSeconds(v: PyValue): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (v instanceof PyFloat) return Math.trunc(v.value);
  const s = String(v).trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Math.trunc(Number(s));
  return Math.floor(Date.parse(s) / 1000);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Converts blobs and timestamps for the wire; other values are sent as given (already validated). */
export function toWire(model: ServiceModel, shape: NamedShape, v: PyValue, binaryFormat: BinaryFormat): PyValue {
  if (v === null) return v;
  switch (shape.type) {
    case 'structure': {
      if (shape.document || !isDict(v)) return v;
      const known = new Map(members(model, shape));
      const out: PyDict = {};
      for (const [k, x] of Object.entries(v)) out[k] = known.has(k) ? toWire(model, known.get(k)!, x, binaryFormat) : x;
      return out;
    }
    case 'list': {
      if (!Array.isArray(v)) return v;
      const ms = shapeOf(model, shape.member!);
      return v.map((x) => toWire(model, ms, x, binaryFormat));
    }
    case 'map': {
      if (!isDict(v)) return v;
      const vs = shapeOf(model, shape.value!);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(model, vs, x, binaryFormat)]));
    }
    case 'blob':
      if (Buffer.isBuffer(v)) return v.toString('base64');
      if (typeof v === 'string') {
        if (binaryFormat === 'raw-in-base64-out') return Buffer.from(v, 'utf8').toString('base64');
        if (!BASE64.test(v)) throw new CliError('param', `Invalid base64: "${v}"`);
        return v;
      }
      return v;
    case 'timestamp':
      return isTimestampLike(v) ? toEpochSeconds(v) : v;
    default:
      return v;
  }
}

export function requestBody(model: ServiceModel, inputShape: NamedShape | undefined, params: PyDict, binaryFormat: BinaryFormat): string {
  const wire = inputShape ? toWire(model, inputShape, params, binaryFormat) : params;
  return pyJsonDumps(wire);
}

/** Python's `datetime.fromtimestamp(t, tzlocal()).isoformat()`. */
export function isoLocal(epochSeconds: number): string {
  const totalMicro = Math.round(epochSeconds * 1e6);
  const secs = Math.floor(totalMicro / 1e6);
  const micro = totalMicro - secs * 1e6;
  const offsetMin = -new Date(secs * 1000).getTimezoneOffset();
  const local = new Date(secs * 1000 + offsetMin * 60000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base =
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const frac = micro ? '.' + pad(micro, 6) : '';
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${base}${frac}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A parsed response body walked through the output shape. */
export function fromWire(model: ServiceModel, shape: NamedShape, v: PyValue): PyValue {
  if (v === null) return v;
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return v;
      if (!isDict(v)) return v;
      const out: PyDict = {};
      for (const [name, ms] of members(model, shape)) {
        if (Object.prototype.hasOwnProperty.call(v, name) && v[name] !== null) out[name] = fromWire(model, ms, v[name]);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(v)) return v;
      const ms = shapeOf(model, shape.member!);
      return v.map((x) => fromWire(model, ms, x));
    }
    case 'map': {
      if (!isDict(v)) return v;
      const vs = shapeOf(model, shape.value!);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(model, vs, x)]));
    }
    case 'timestamp': {
      if (typeof v === 'number') return isoLocal(v);
      if (v instanceof PyFloat) return isoLocal(v.value);
      if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return isoLocal(Date.parse(v) / 1000);
      return v;
    }
    default:
      return v;
  }
}
