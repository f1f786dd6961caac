import type { OperationName } from '../../model/names.js';
import type { Deps } from '../domain/deps.js';
import type { Services } from './services.js';

export interface RequestContext {
  requestId: string;
  sourceIp: string;
  userAgent?: string;
  deps: Deps;
  services: Services;
}

/** One modelled operation: its wire name and a handler from the decoded, validated input to the output shape. */
export interface Operation<I = any, O = any> {
  name: OperationName;
  handle(input: I, ctx: RequestContext): Promise<O>;
}

/**
 * Declares an operation. Each file in src/operations named after the wire operation (e.g. SetUserMFAPreference.ts)
 * default-exports one; the registry loads them all at start-up. Types come from the AWS SDK (`import type`).
 * Output timestamps may be Date objects: the encoder writes them as epoch seconds.
 */
export function operation<I, O>(name: OperationName, handle: (input: I, ctx: RequestContext) => Promise<O>): Operation<I, O> {
  return { name, handle };
}
