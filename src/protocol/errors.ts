import type { ApiModel } from './model.js';

/**
 * What the wire makes of a CognitoError: its HTTP status, and whether the operation may send it at all.
 *
 * Client faults travel as HTTP 400, whatever the model's httpError trait says (what the real service sends);
 * Cognito's internal errors as 500; cognate's cross-origin refusal of an admin call as 403 (docs/security.md). An oversized body is answered 413 by the HTTP adapter before any operation runs.
 */
export function httpStatus(type: string): number {
  if (type === 'InternalErrorException' || type === 'InternalServerException') return 500;
  return type === 'AccessDeniedException' ? 403 : 400;
}

/**
 * Errors the protocol layer may answer for every operation, besides those the operation models (docs/compatibility.md
 * "Errors every operation may return"): AWS's common errors as an AWS JSON 1.1 endpoint names them, for the failures
 * that happen before an operation runs (routing, framing, SigV4) or that any operation may hit (an internal error).
 */
export const PROTOCOL_ERRORS: ReadonlySet<string> = new Set([
  'InternalErrorException',
  'UnknownOperationException',
  'SerializationException',
  'MissingAuthenticationTokenException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'RequestEntityTooLargeException',
  // A web page on a foreign origin calling an admin operation (docs/security.md, CORS).
  'AccessDeniedException',
  // Request-rate quotas, checked before the operation runs (docs/security.md, Quotas). Cognito throttles every
  // operation, also the few whose model omits it (e.g. SetUserMFAPreference).
  'TooManyRequestsException',
]);

/**
 * cognate's answer for what it does not do yet: an operation it has no file for (operations/registry.ts), or a part of
 * one (e.g. CreateUserImportJob's password hashes), whatever the operation models.
 */
export const NOT_YET_SUPPORTED = 'UnsupportedOperationException';

/**
 * Whether an operation may answer with this error type: the model lists it for the operation, or the protocol sends
 * it for every operation, or it is cognate's "not supported yet".
 */
export function isModelledError(model: ApiModel, operation: string, type: string): boolean {
  if (PROTOCOL_ERRORS.has(type)) return true;
  if (type === NOT_YET_SUPPORTED) return true;
  const op = model.operations[operation as keyof ApiModel['operations']];
  return op !== undefined && op.errors.includes(type);
}
