import { randomUuid } from '../platform/random.js';
import type { OperationName } from '../../model/names.js';
import { CognitoError, isCognitoError } from '../domain/errors.js';
import type { Deps } from '../domain/deps.js';
import { describeError } from '../platform/log.js';
import { StoreUnavailableError } from '../store/types.js';
import type { Registry } from '../operations/registry.js';
import type { Services } from '../operations/services.js';
import { httpStatus, isModelledError } from './errors.js';
import type { ApiModel } from './model.js';
import { validateInput } from './validate.js';
import { verifySigV4, type SignedRequest } from './sigv4.js';
import type { AccessKey } from '../config/config.js';
import { rateExceeded, type QuotaLimiter } from '../domain/quotas/limiter.js';

/**
 * AWS JSON 1.1 for Cognito: route (X-Amz-Target) → authenticate (SigV4 for IAM operations) → decode → validate
 * (from the model) → invoke → encode. Every failure leaves as `{"__type","message"}` with x-amzn-ErrorType;
 * anything unexpected is logged against the request id and answered as InternalErrorException without details.
 */
export interface ProtocolRequest extends SignedRequest {
  sourceIp: string;
}
export interface ProtocolResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The request named an admin (SigV4) operation: the HTTP layer answers CORS for it only to trusted origins. */
  admin?: boolean;
}

export interface ProtocolOptions {
  model: ApiModel;
  registry: Registry;
  deps: Deps;
  services: Services;
  accessKeys: AccessKey[];
  /** Whether a request with this Origin header may call admin operations (http/cors.ts); absent: any may. */
  adminAllowed?: (origin: string | undefined) => boolean;
  /** Request-rate quotas to enforce (domain/quotas/limiter.ts); absent: none (--quotas off). */
  quotas?: QuotaLimiter;
  /**
   * Development and tests only (`checkModelledErrors` in config): a CognitoError the operation does not model (nor
   * the protocol, see errors.ts) is reported here and answered as a 500 that names the operation and the error.
   * Absent in production: nothing is checked, nothing costs.
   */
  onUnmodelledError?: (violation: UnmodelledError) => void;
}

/** The refusal of an admin call from a web origin that is not trusted (docs/security.md, CORS). */
export function crossOriginRefused(): CognitoError {
  return new CognitoError(
    'AccessDeniedException',
    'Cross-origin requests to admin operations are refused: list the origin in --cors-origins (COGNATE_CORS_ORIGINS) or configure access keys.',
  );
}

export interface UnmodelledError {
  operation: string;
  error: string;
  message: string;
}

const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']);

export function createProtocolHandler(opts: ProtocolOptions) {
  const { model, registry, deps, services, quotas, onUnmodelledError } = opts;
  const prefix = model.metadata.targetPrefix + '.';

  return async function handle(req: ProtocolRequest): Promise<ProtocolResponse> {
    const requestId = randomUuid(deps.random);
    let opName: string | undefined;
    let admin = false;
    try {
      const target = header(req.headers['x-amz-target']);
      if (!target || !target.startsWith(prefix) || !registry.has(target.slice(prefix.length) as OperationName)) {
        throw new CognitoError('UnknownOperationException', target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header');
      }
      opName = target.slice(prefix.length);
      const contentType = (header(req.headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase();
      if (!JSON_TYPES.has(contentType)) {
        throw new CognitoError('UnknownOperationException', `Unsupported Content-Type: ${contentType || '(none)'}`);
      }
      const opModel = model.operations[opName as OperationName];
      if (opModel.auth === 'sigv4') {
        admin = true;
        if (opts.adminAllowed && !opts.adminAllowed(header(req.headers.origin))) throw crossOriginRefused();
        await verifySigV4(req, opts.accessKeys, deps.clock.now());
      }

      const input = decode(req.body);
      // After authentication (an unsigned admin call spends nothing) and decoding (a challenge answer's category
      // depends on its ChallengeName); before anything else. Synchronous unless this process must lease more.
      if (quotas) {
        const admitted = quotas.admit(opName, input);
        if (admitted !== true && (admitted === false || !(await admitted))) throw rateExceeded();
      }
      if (opModel.input) validateInput(model, opModel.input, input);
      const op = registry.get(opName as OperationName)!;
      const output = await op.handle(input, { requestId, sourceIp: req.sourceIp, userAgent: header(req.headers['user-agent']), deps, services });
      return { status: 200, headers: baseHeaders(requestId), body: encode(output ?? {}), admin };
    } catch (e) {
      if (onUnmodelledError && opName !== undefined && isCognitoError(e)) {
        if (!isModelledError(model, opName, e.type)) {
          const violation = { operation: opName, error: e.type, message: e.message };
          deps.log.error('unmodelled error', { requestId, ...violation });
          onUnmodelledError(violation);
          const text = `cognate bug: ${opName} answered ${e.type}, which the model does not list for ${opName} (${e.message})`;
          return { ...errorResponse(new CognitoError('InternalErrorException', text), requestId, opName, deps), admin };
        }
      }
      return { ...errorResponse(e, requestId, opName, deps), admin };
    }
  };
}

function header(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function baseHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId };
}

function decode(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new CognitoError('SerializationException', 'Unexpected character in JSON input; the request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CognitoError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return value as Record<string, unknown>;
}

/** JSON with timestamps as epoch seconds (fractional milliseconds), as Cognito sends them. */
export function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

export function errorResponse(e: unknown, requestId: string, opName: string | undefined, deps: Deps): ProtocolResponse {
  let err: CognitoError;
  if (isCognitoError(e)) {
    err = e;
  } else {
    if (e instanceof StoreUnavailableError) {
      // An outage is expected operation, not a bug: one line per request, no stack.
      const cause = e.cause instanceof Error ? e.cause.message : String(e.cause);
      deps.log.warn('store unavailable', { requestId, operation: opName, cause });
    } else {
      deps.log.error('unexpected failure', { requestId, operation: opName, ...describeError(e) });
    }
    err = new CognitoError('InternalErrorException', 'An internal error occurred.');
  }
  const body = { __type: err.type, message: err.message, ...err.extra };
  return {
    status: httpStatus(err.type),
    headers: {
      ...baseHeaders(requestId),
      'x-amzn-errortype': `${err.type}:`,
      'x-amzn-errormessage': encodeHeader(err.message),
    },
    body: JSON.stringify(body),
  };
}

/**
 * Header values must be latin-1 without control characters, and short: clients refuse responses whose headers
 * exceed 16 KB, and the body carries the whole message anyway.
 */
const HEADER_MESSAGE_MAX = 1024;
function encodeHeader(s: string): string {
  const cut = s.length > HEADER_MESSAGE_MAX ? `${s.slice(0, HEADER_MESSAGE_MAX - 3)}...` : s;
  return cut.replace(/[^\x20-\x7e]/g, '?');
}
