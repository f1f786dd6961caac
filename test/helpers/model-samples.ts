import { loadModel, type ApiModel } from '../../src/protocol/model.js';
import { compilePattern } from '../../src/protocol/pattern.js';

/**
 * Made-up values the model accepts, for tests that must reach every operation past the protocol's validation
 * (test/ops/unsupported.test.ts, test/multiprocess/bundle.test.ts).
 */
const model: ApiModel = loadModel();

/** Values tried, in order, for a string member: the first that fits the shape's length and pattern is taken. */
const STRING_CANDIDATES = [
  'us-east-1_Nothing00',
  'us-east-1_00000000-0000-4000-8000-000000000000',
  'abcdefghijklmnopqrstuvwxyz',
  'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Nothing00',
  'https://example.com',
  'someone@example.com',
  '00000000-0000-4000-8000-000000000000',
  'import-00000000',
  'terms-of-use',
  '123456',
  'a',
];

function sampleString(name: string, shape: ApiModel['shapes'][string]): string {
  if (shape.enum) return shape.enum[0]!;
  const fits = (s: string) =>
    s.length >= (shape.min ?? 0) && s.length <= (shape.max ?? Infinity) && (!shape.pattern || compilePattern(shape.pattern, shape.max).test(s));
  const found = STRING_CANDIDATES.find(fits) ?? (shape.min ? 'a'.repeat(shape.min) : undefined);
  if (found === undefined || !fits(found)) throw new Error(`no sample value for string shape ${name}`);
  return found;
}

/** The smallest value of a shape that the model accepts: required members only, lists and maps at their minimum size. */
export function sample(shapeName: string): unknown {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'structure':
      return Object.fromEntries((shape.required ?? []).map((m) => [m, sample(shape.members![m]!.shape)]));
    case 'list':
      return Array.from({ length: shape.min ?? 0 }, () => sample(shape.member!));
    case 'map':
      return {};
    case 'string':
      return sampleString(shapeName, shape);
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return shape.min ?? 1;
    case 'boolean':
      return false;
    case 'blob':
      return new Uint8Array(shape.min ?? 0);
    case 'timestamp':
      return new Date(0);
  }
}

