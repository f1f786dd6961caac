import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidParameter } from '../errors.js';
import { eventUserAttributes } from './lifecycle.js';
import { invalidLambdaResponse, isObject, optionalBoolean, optionalString, optionalStringMap, runTrigger, triggerArn } from './triggers.js';

/**
 * The three custom-authentication triggers (CUSTOM_AUTH): define (what comes next, from the session's history), create
 * (the challenge to send) and verify (is the answer right). The flow itself is domain/auth/custom-flow.ts.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-challenge.html
 */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string | undefined;
}

export type DefineDecision = { kind: 'tokens' } | { kind: 'fail' } | { kind: 'challenge'; challengeName: string };

export interface CustomAuthCall {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  clientMetadata?: Record<string, string> | undefined;
  /**
   * A user name nobody has, in a client with PreventUserExistenceErrors ENABLED: the triggers run as for a user, with
   * no attributes and `userNotFound: true`, so that the function can answer with a challenge that gives nothing away.
   */
  userNotFound?: boolean;
}

/** Cognito's answer to CUSTOM_AUTH in a pool without the define trigger (*likely*, docs/triggers.md). */
export function requireCustomAuthTriggers(pool: PoolRecord): void {
  if (!triggerArn(pool, 'DefineAuthChallenge')) throw invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
}

function common(call: CustomAuthCall) {
  return { userName: call.user.username, clientId: call.client.clientId };
}

function requestBase(call: CustomAuthCall) {
  return { userAttributes: call.userNotFound ? {} : eventUserAttributes(call.user), ...(call.clientMetadata ? { clientMetadata: call.clientMetadata } : {}) };
}

/** The session history as the events carry it: challengeMetadata only where a create trigger gave one. */
function sessionOf(history: ChallengeResult[]) {
  return history.map((h) => ({ challengeName: h.challengeName, challengeResult: h.challengeResult, ...(h.challengeMetadata !== undefined ? { challengeMetadata: h.challengeMetadata } : {}) }));
}

export async function defineAuthChallenge(deps: Deps, call: CustomAuthCall, history: ChallengeResult[]): Promise<DefineDecision> {
  const response = await runTrigger(deps, call.pool, 'DefineAuthChallenge', 'DefineAuthChallenge_Authentication', {
    ...common(call),
    request: { ...requestBase(call), session: sessionOf(history), userNotFound: call.userNotFound === true },
    response: { challengeName: null, issueTokens: null, failAuthentication: null },
  });
  if (!response) throw invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
  if (optionalBoolean(response, 'failAuthentication')) return { kind: 'fail' };
  if (optionalBoolean(response, 'issueTokens')) return { kind: 'tokens' };
  const challengeName = optionalString(response, 'challengeName');
  if (challengeName !== 'CUSTOM_CHALLENGE' && challengeName !== 'PASSWORD_VERIFIER') throw invalidLambdaResponse();
  return { kind: 'challenge', challengeName };
}

export interface CreatedChallenge {
  publicChallengeParameters: Record<string, string>;
  privateChallengeParameters: Record<string, string>;
  challengeMetadata?: string | undefined;
}

export async function createAuthChallenge(deps: Deps, call: CustomAuthCall, history: ChallengeResult[]): Promise<CreatedChallenge> {
  const response = await runTrigger(deps, call.pool, 'CreateAuthChallenge', 'CreateAuthChallenge_Authentication', {
    ...common(call),
    request: { ...requestBase(call), challengeName: 'CUSTOM_CHALLENGE', session: sessionOf(history), userNotFound: call.userNotFound === true },
    response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  });
  // Without the create trigger there is no challenge to send: the function answering define asked for the impossible.
  if (!response) throw invalidLambdaResponse();
  return {
    publicChallengeParameters: optionalStringMap(response, 'publicChallengeParameters') ?? {},
    privateChallengeParameters: optionalStringMap(response, 'privateChallengeParameters') ?? {},
    challengeMetadata: optionalString(response, 'challengeMetadata'),
  };
}

export async function verifyAuthChallengeResponse(
  deps: Deps,
  call: CustomAuthCall,
  privateChallengeParameters: Record<string, string>,
  challengeAnswer: string,
): Promise<boolean> {
  const response = await runTrigger(deps, call.pool, 'VerifyAuthChallengeResponse', 'VerifyAuthChallengeResponse_Authentication', {
    ...common(call),
    request: { ...requestBase(call), privateChallengeParameters, challengeAnswer, userNotFound: call.userNotFound === true },
    response: { answerCorrect: null },
  });
  if (!response) throw invalidLambdaResponse();
  if (!isObject(response)) throw invalidLambdaResponse();
  return optionalBoolean(response, 'answerCorrect');
}
