import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OperationName } from '../../model/names.js';

/** The compact API model generated from the official Cognito model (scripts/generate-model.mjs). */
export interface ShapeMember {
  shape: string;
  deprecated?: boolean;
}
export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  members?: Record<string, ShapeMember>;
  required?: string[];
  member?: string;
  key?: string;
  value?: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  exception?: boolean;
  fault?: boolean;
  document?: boolean;
}
export interface OperationModel {
  input: string | null;
  output: string | null;
  errors: string[];
  auth: 'none' | 'sigv4';
  paginator?: Record<string, unknown>;
}
export interface ApiModel {
  metadata: { targetPrefix: string; signingName: string; endpointPrefix: string; apiVersion: string };
  operations: Record<OperationName, OperationModel>;
  shapes: Record<string, Shape>;
}

let cached: ApiModel | undefined;

export function loadModel(): ApiModel {
  cached ??= JSON.parse(readFileSync(modelFile(), 'utf8')) as ApiModel;
  return cached;
}

/**
 * model/cognito-idp.json at the package root, looked up from this module's folder upwards: the module runs from
 * dist/src/protocol/ and, bundled, from dist/bundle/cognate/ (scripts/bundle.mjs). The CLI's model reads the same file.
 */
export function modelFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'model', 'cognito-idp.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('model/cognito-idp.json not found above ' + fileURLToPath(import.meta.url));
}

/** The members of the structure `shape` that `source` sets (undefined left out): a stored record reported as that shape. */
export function modelledMembers(shape: string, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(loadModel().shapes[shape]!.members!)) if (source[name] !== undefined) out[name] = source[name];
  return out;
}
