import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, notAuthorized } from '../errors.js';
import { findUser } from '../users/users.js';
import { preventsUserExistenceErrors } from '../clients/config.js';
import {
  createAuthChallenge,
  defineAuthChallenge,
  requireCustomAuthTriggers,
  verifyAuthChallengeResponse,
  type ChallengeResult,
  type CustomAuthCall,
} from '../triggers/custom-auth.js';
import { invalidLambdaResponse } from '../triggers/triggers.js';
import { preAuthentication, preAuthenticationOfUnknown } from '../triggers/sign-in.js';
import { checkMayTry, INCORRECT, requireParam, unknownUserError } from './first-factor.js';
import { advanceSession, createSession, SESSION_INVALID } from './sessions.js';
import { decoyUser, startPasswordVerifier, type SrpStart } from './srp-flow.js';

/**
 * CUSTOM_AUTH: a state machine over the session's history that the define trigger drives. Each step appends what
 * happened ({challengeName, challengeResult, challengeMetadata}) and asks define again: issue tokens, fail, or send
 * another challenge — CUSTOM_CHALLENGE (the create trigger makes it, the verify trigger judges the ANSWER) or, when the
 * client started with SRP_A (CHALLENGE_NAME: SRP_A, as amazon-cognito-identity-js and Amplify's CUSTOM_WITH_SRP do),
 * PASSWORD_VERIFIER. Every challenge is a fresh session (the client's AuthSessionValidity, 3 minutes by default),
 * used up by its answer. https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-challenge.html
 */
export const CUSTOM_CHALLENGE = 'CUSTOM_CHALLENGE';

interface CustomSessionData {
  kind: 'custom';
  history: ChallengeResult[];
  privateChallengeParameters: Record<string, string>;
  challengeMetadata?: string;
  /** The flow of a user name nobody has (PreventUserExistenceErrors ENABLED): see unknownUserCall. */
  userNotFound?: true;
}

/** Whether a CUSTOM_CHALLENGE session belongs to the flow of a user name nobody has. */
export function isUnknownUserSession(record: ChallengeSessionRecord): boolean {
  return (record.data as Partial<CustomSessionData>).userNotFound === true;
}

/**
 * The custom flow of a user name nobody has, in a client with PreventUserExistenceErrors ENABLED: Cognito runs define,
 * create and verify with `userNotFound: true` (developer guide, define auth challenge parameters), so that the answers
 * look like a user's; the flow can never end in tokens. The stand-in user is never stored.
 */
export function unknownUserCall(pool: PoolRecord, client: ClientRecord, username: string, clientMetadata: Record<string, string> | undefined): CustomAuthCall {
  return { pool, client, user: decoyUser(pool, username), clientMetadata, userNotFound: true };
}

/** The end of a successful custom sign-in: tokens (the sign-in module's post authentication and token issue). */
export type FinishSignIn = (user: UserRecord) => Promise<SignInAnswer>;

export interface SignInAnswer {
  ChallengeName?: string;
  ChallengeParameters: Record<string, string>;
  Session?: string;
}

export async function startCustomAuth(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
  clientMetadata: Record<string, string> | undefined,
  finish: FinishSignIn,
): Promise<SignInAnswer> {
  requireCustomAuthTriggers(pool);
  const username = requireParam(params, 'USERNAME');
  const user = await findUser(deps, pool, username);
  let call: CustomAuthCall;
  if (user) {
    checkMayTry(user);
    if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    await preAuthentication(deps, pool, client, user, clientMetadata);
    call = { pool, client, user, clientMetadata };
  } else {
    if (!preventsUserExistenceErrors(client)) throw unknownUserError(client);
    await preAuthenticationOfUnknown(deps, pool, client, username, clientMetadata);
    call = unknownUserCall(pool, client, username, clientMetadata);
  }
  const srpA = params.SRP_A;
  if (typeof srpA === 'string' && srpA !== '') return nextStep(deps, call, [{ challengeName: 'SRP_A', challengeResult: true }], finish, srpA);
  return nextStep(deps, call, [], finish);
}

async function nextStep(deps: Deps, call: CustomAuthCall, history: ChallengeResult[], finish: FinishSignIn, srpA?: string): Promise<SignInAnswer> {
  const decision = await defineAuthChallenge(deps, call, history);
  if (decision.kind === 'fail') throw notAuthorized(INCORRECT);
  // Nobody to issue tokens to: an unknown user's flow ends as a wrong answer would.
  if (decision.kind === 'tokens') {
    if (call.userNotFound) throw notAuthorized(INCORRECT);
    return finish(call.user);
  }
  const { pool, client, user } = call;
  if (decision.challengeName === 'PASSWORD_VERIFIER') {
    // Only right after SRP_A: the exchange needs the client's A. An unknown user gets SRP's decoy exchange.
    if (!srpA) throw invalidLambdaResponse();
    const start: SrpStart = await startPasswordVerifier(deps, pool, client, call.userNotFound ? undefined : user, user.username, srpA, { customAuthHistory: history });
    return start;
  }
  const created = await createAuthChallenge(deps, call, history);
  const data: CustomSessionData = {
    kind: 'custom',
    history,
    privateChallengeParameters: created.privateChallengeParameters,
    ...(created.challengeMetadata !== undefined ? { challengeMetadata: created.challengeMetadata } : {}),
    ...(call.userNotFound ? { userNotFound: true } : {}),
  };
  const session = await createSession(deps, { pool, client, user, challenge: CUSTOM_CHALLENGE, data: { ...data } });
  return { ChallengeName: CUSTOM_CHALLENGE, ChallengeParameters: { ...created.publicChallengeParameters, USERNAME: user.username }, Session: session };
}

/** RespondToAuthChallenge CUSTOM_CHALLENGE: the session is used up, the verify trigger judges ANSWER, define decides. */
export async function answerCustomChallenge(
  deps: Deps,
  call: CustomAuthCall,
  record: ChallengeSessionRecord,
  responses: Record<string, string>,
  finish: FinishSignIn,
): Promise<SignInAnswer> {
  const data = record.data as unknown as CustomSessionData;
  if (data.kind !== 'custom') throw notAuthorized(SESSION_INVALID);
  const answer = requireParam(responses, 'ANSWER');
  await advanceSession(deps, record);
  const correct = await verifyAuthChallengeResponse(deps, call, data.privateChallengeParameters, answer);
  const result: ChallengeResult = { challengeName: CUSTOM_CHALLENGE, challengeResult: correct, challengeMetadata: data.challengeMetadata };
  return nextStep(deps, call, [...data.history, result], finish);
}

/** The history a PASSWORD_VERIFIER session of a custom flow carries (srp-flow.ts keeps it), if it is one. */
export function customAuthHistory(record: ChallengeSessionRecord): ChallengeResult[] | undefined {
  const history = (record.data as { customAuthHistory?: ChallengeResult[] }).customAuthHistory;
  return Array.isArray(history) ? history : undefined;
}

/** After the PASSWORD_VERIFIER of a custom flow was answered correctly: define decides what comes next. */
export function afterCustomPasswordVerifier(deps: Deps, call: CustomAuthCall, history: ChallengeResult[], finish: FinishSignIn): Promise<SignInAnswer> {
  return nextStep(deps, call, [...history, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }], finish);
}
