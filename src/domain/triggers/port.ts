/**
 * How the domain reaches a trigger's function: the server configuration maps an ARN or name to a module, an HTTP
 * endpoint or a Lambda Invoke API (platform/functions.ts, docs/triggers.md). The domain sees only the outcome.
 */
export type FunctionOutcome =
  /** The function answered; `payload` is its JSON answer, parsed (`undefined`: the answer was not JSON). */
  | { kind: 'answer'; payload: unknown }
  /** The function threw (or called back with an error): Lambda's `errorType` / `errorMessage`. */
  | { kind: 'function-error'; errorType: string; errorMessage: string }
  /** The function could not be run: nothing maps it, it is unreachable, it timed out. `reason` names the error. */
  | { kind: 'unavailable'; reason: string };

export interface FunctionInvoker {
  /** Runs the function the ARN (or name) maps to; `durationMs` is the wall time the invocation took. */
  invoke(arn: string, event: object): Promise<{ outcome: FunctionOutcome; durationMs: number }>;
}

/**
 * Encrypts the code a custom sender trigger receives under the key the server configuration gives for a pool's
 * KMSKeyID (platform/sender-codes.ts): the base64 AWS Encryption SDK message, or `undefined` when no key is configured.
 */
export interface CodeEncrypter {
  encrypt(kmsKeyId: string, plaintext: string): Promise<string | undefined>;
}
