import type { LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider';
import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError } from '../errors.js';
import { lambdaConfig } from '../pools/config.js';
import type { FunctionOutcome } from './port.js';

/**
 * The one way the domain runs a user-pool trigger (docs/triggers.md): look the function up in the pool's LambdaConfig
 * (a pool without it costs one property read and nothing else), build Cognito's event, invoke through `deps.functions`,
 * and turn the outcome into the answer's `response` or into Cognito's exception. The three Lambda exceptions are in the
 * model of every operation that fires a trigger (SignUp, AdminCreateUser, ConfirmSignUp, InitiateAuth, …).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
 */
export type TriggerName =
  | 'PreSignUp'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'PreTokenGeneration'
  | 'CustomMessage'
  | 'UserMigration'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'CustomSMSSender'
  | 'CustomEmailSender';

type PoolSettings = Pick<PoolRecord, 'id' | 'config'>;

/** The function ARN a trigger calls, if the pool has one. PreTokenGenerationConfig wins over the legacy member. */
export function triggerArn(pool: Pick<PoolRecord, 'config'>, trigger: TriggerName): string | undefined {
  const config: LambdaConfigType = lambdaConfig(pool);
  switch (trigger) {
    case 'PreTokenGeneration':
      return config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration;
    case 'CustomSMSSender':
      return config.CustomSMSSender?.LambdaArn;
    case 'CustomEmailSender':
      return config.CustomEmailSender?.LambdaArn;
    default:
      return config[trigger];
  }
}

/** Cognito's `callerContext.clientId` when no app client is involved (admin operations). */
export const CLIENT_ID_NOT_APPLICABLE = 'CLIENT_ID_NOT_APPLICABLE';

export interface TriggerCall {
  userName: string;
  /** The app client of the request; admin operations without one send CLIENT_ID_NOT_APPLICABLE. */
  clientId?: string | undefined;
  request: Record<string, unknown>;
  response?: Record<string, unknown>;
  /** The event's `version` ('1' for most; PreTokenGeneration V2 sends '2'). */
  version?: string;
}

/** What a trigger answered: the `response` of the returned event (an empty object when it sent none). */
export type TriggerResponse = Record<string, unknown>;

/**
 * Runs `trigger` if the pool configures it: `undefined` when it does not. Throws UserLambdaValidationException
 * when the function fails, InvalidLambdaResponseException when its answer is not an event, UnexpectedLambdaException
 * when it cannot be run (messages: docs/triggers.md).
 */
export async function runTrigger(
  deps: Deps,
  pool: PoolSettings,
  trigger: TriggerName,
  triggerSource: string,
  call: TriggerCall,
): Promise<TriggerResponse | undefined> {
  const arn = triggerArn(pool, trigger);
  if (!arn) return undefined;
  const event: TriggerEvent = {
    version: call.version ?? '1',
    region: deps.region,
    userPoolId: pool.id,
    userName: call.userName,
    callerContext: { awsSdkVersion: AWS_SDK_VERSION, clientId: call.clientId ?? CLIENT_ID_NOT_APPLICABLE },
    triggerSource,
    request: call.request,
    response: call.response ?? {},
  };
  const { outcome, durationMs } = deps.functions
    ? await deps.functions.invoke(arn, event)
    : { outcome: { kind: 'unavailable', reason: 'AccessDeniedException' } as FunctionOutcome, durationMs: 0 };
  let response: TriggerResponse;
  try {
    response = answerOf(trigger, outcome);
  } catch (e) {
    if (e instanceof CognitoError) record(deps, arn, trigger, event, durationMs, { error: { type: e.type, message: e.message } });
    throw e;
  }
  record(deps, arn, trigger, event, durationMs, { response });
  return response;
}

/** Into the invocation log (domain/triggers/log.ts), with a password a UserMigration event carries masked. */
function record(
  deps: Deps,
  functionArn: string,
  trigger: TriggerName,
  event: TriggerEvent,
  durationMs: number,
  result: { response: TriggerResponse } | { error: { type: string; message: string } },
): void {
  if (!deps.triggerLog) return;
  const request = 'password' in event.request ? { ...event.request, password: '********' } : event.request;
  deps.triggerLog.record({
    poolId: event.userPoolId,
    username: event.userName,
    trigger,
    triggerSource: event.triggerSource,
    functionArn,
    event: { ...event, request },
    ...result,
    durationMs,
    createdAt: deps.clock.now(),
  });
}

interface TriggerEvent {
  version: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  triggerSource: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

/**
 * What Cognito puts in `callerContext.awsSdkVersion` for calls that do not come through an AWS SDK it recognises.
 * cognate does not look at the caller's user agent: the member is informative only.
 */
const AWS_SDK_VERSION = 'aws-sdk-unknown-unknown';

function answerOf(trigger: TriggerName, outcome: FunctionOutcome): TriggerResponse {
  if (outcome.kind === 'unavailable') throw unexpectedLambda(trigger, outcome.reason);
  if (outcome.kind === 'function-error') {
    throw new CognitoError('UserLambdaValidationException', `${trigger} failed with error ${outcome.errorMessage}.`);
  }
  // A custom sender's answer is not read: Cognito takes nothing back from it (the developer guide's examples return nothing).
  if (trigger === 'CustomSMSSender' || trigger === 'CustomEmailSender') return {};
  const payload = outcome.payload;
  if (!isObject(payload)) throw invalidLambdaResponse();
  const response = payload.response;
  if (response === undefined || response === null) return {};
  if (!isObject(response)) throw invalidLambdaResponse();
  return response;
}

export function unexpectedLambda(trigger: TriggerName, reason: string): CognitoError {
  return new CognitoError('UnexpectedLambdaException', `${trigger} invocation failed due to error ${reason}.`);
}

/** A function's answer Cognito cannot read: not an event, or a response member of the wrong type. */
export function invalidLambdaResponse(): CognitoError {
  return new CognitoError('InvalidLambdaResponseException', 'Unrecognizable lambda output');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads an optional boolean of a trigger's response; anything else there is an unreadable answer. */
export function optionalBoolean(response: TriggerResponse, name: string): boolean {
  const v = response[name];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw invalidLambdaResponse();
  return v;
}

/** Reads an optional string of a trigger's response. */
export function optionalString(response: TriggerResponse, name: string): string | undefined {
  const v = response[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidLambdaResponse();
  return v;
}

/** An optional string map (userAttributes, clientMetadata, claims): strings only. */
export function optionalStringMap(response: TriggerResponse, name: string): Record<string, string> | undefined {
  const v = response[name];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'string')) throw invalidLambdaResponse();
  return v as Record<string, string>;
}
