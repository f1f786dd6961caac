import { readFileSync } from 'node:fs';
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
  // dist/src/protocol/model.js and src/protocol/model.ts both sit three levels below the package root.
  cached ??= JSON.parse(readFileSync(new URL('../../../model/cognito-idp.json', import.meta.url), 'utf8')) as ApiModel;
  return cached;
}

/** The members of the structure `shape` that `source` sets (undefined left out): a stored record reported as that shape. */
export function modelledMembers(shape: string, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(loadModel().shapes[shape]!.members!)) if (source[name] !== undefined) out[name] = source[name];
  return out;
}
