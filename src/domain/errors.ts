import type { ExceptionName } from '../../model/names.js';

/**
 * A Cognito exception: the class name from the model is the wire `__type`; the protocol layer decides its HTTP
 * status (protocol/errors.ts) and checks, in development and tests, that the operation models it.
 */
export class CognitoError extends Error {
  constructor(
    readonly type: ExceptionName | WireOnlyException,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
    this.name = type;
  }
}

/** Protocol-level errors that real AWS JSON endpoints send but that no operation models. */
export type WireOnlyException =
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'MissingAuthenticationTokenException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException'
  | 'IncompleteSignatureException'
  | 'RequestEntityTooLargeException'
  /** 403: a web page on a foreign origin calling an admin operation (docs/security.md, CORS). */
  | 'AccessDeniedException';

export const isCognitoError = (e: unknown): e is CognitoError => e instanceof CognitoError;

const make = (type: ExceptionName) => (message: string) => new CognitoError(type, message);
export const invalidParameter = make('InvalidParameterException');
export const notAuthorized = make('NotAuthorizedException');
export const resourceNotFound = make('ResourceNotFoundException');
export const userNotFound = make('UserNotFoundException');
export const usernameExists = make('UsernameExistsException');
export const codeMismatch = make('CodeMismatchException');
export const expiredCode = make('ExpiredCodeException');
export const limitExceeded = make('LimitExceededException');
export const invalidPassword = make('InvalidPasswordException');
export const userNotConfirmed = make('UserNotConfirmedException');
export const passwordResetRequired = make('PasswordResetRequiredException');
export const aliasExists = make('AliasExistsException');
export const unsupportedOperation = make('UnsupportedOperationException');

/** A record a store read found, or the error that says it does not exist (the get-or-throw of every lookup). */
export function orThrow<T>(found: T | undefined, missing: () => Error): T {
  if (found === undefined) throw missing();
  return found;
}

export const USER_DOES_NOT_EXIST = 'User does not exist.';
export const userDoesNotExist = () => userNotFound(USER_DOES_NOT_EXIST);

/** Cognito's validation error for a member the operation needs although its model does not mark it required. */
export const missingMember = (path: string) => invalidParameter(`1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
