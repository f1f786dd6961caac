import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { checkSecretHash } from '../clients/secret-hash.js';
import type { Deps } from '../deps.js';
import { invalidParameter, unsupportedOperation, userDoesNotExist } from '../errors.js';
import type { KeyService } from '../tokens/keys.js';
import { issueTokens, type AuthenticationResult } from '../tokens/tokens.js';
import { findUser } from '../users/users.js';
import { checkPasswordSignIn, findSignInUser, requireFlow, requireParam } from './first-factor.js';
import { answerNewPassword, NEW_PASSWORD_REQUIRED, newPasswordChallengeParameters } from './new-password.js';
import { checkRefreshSecretHash, refreshTokens, resolveRefreshToken } from './refresh.js';
import type { SecondFactor, SecondFactorOutcome } from './second-factor.js';
import { createSession, loadSession, advanceSession } from './sessions.js';
import { answerPasswordVerifier, PASSWORD_VERIFIER, sessionFromSecretBlock, startPasswordVerifier } from './srp-flow.js';

/**
 * InitiateAuth / AdminInitiateAuth and RespondToAuthChallenge / AdminRespondToAuthChallenge: the sign-in state machine.
 *
 *   first factor (password | SRP) ─▶ NEW_PASSWORD_REQUIRED (FORCE_CHANGE_PASSWORD users) ─▶ second factor ─▶ tokens
 *
 * Every step that leads to a challenge stores a challenge session (sessions.ts) bound to the pool, client, user and the
 * expected challenge; every answer loads it, checks it, and uses it up on success. The second factor is the MFA
 * module's (second-factor.ts): `decide` after the first factor, `answer` for the MFA challenge names.
 */
export interface AuthServices {
  keys: KeyService;
  secondFactor: SecondFactor;
}

export interface SignInStep {
  ChallengeName?: string;
  ChallengeParameters: Record<string, string>;
  Session?: string;
  AuthenticationResult?: AuthenticationResult;
}

export interface InitiateRequest {
  pool: PoolRecord;
  client: ClientRecord;
  flow: string;
  params: Record<string, string>;
  /** AdminInitiateAuth (IAM-authorized) rather than InitiateAuth. */
  admin: boolean;
}

const MFA_CHALLENGES = new Set(['SMS_MFA', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP']);
const DEVICE_CHALLENGES = new Set(['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
// Cognito's answer when a flow is sent to the wrong one of InitiateAuth / AdminInitiateAuth (reported from AWS in
// getmoto/moto#4623).
const WRONG_ENDPOINT = 'Initiate Auth method not supported.';

export async function initiateAuth(deps: Deps, svc: AuthServices, req: InitiateRequest): Promise<SignInStep> {
  const { pool, client, params, admin } = req;
  switch (req.flow) {
    case 'USER_PASSWORD_AUTH':
      if (admin) throw invalidParameter(WRONG_ENDPOINT);
      requireFlow(client, 'ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH flow not enabled for this client');
      return passwordSignIn(deps, svc, pool, client, params);
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      if (!admin) throw invalidParameter(WRONG_ENDPOINT);
      requireFlow(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'Auth flow not enabled for this client');
      return passwordSignIn(deps, svc, pool, client, params);
    case 'USER_SRP_AUTH': {
      requireFlow(client, 'ALLOW_USER_SRP_AUTH', 'USER_SRP_AUTH is not enabled for the client.');
      const username = requireParam(params, 'USERNAME');
      const srpA = requireParam(params, 'SRP_A');
      checkSecretHash(client, username, params.SECRET_HASH);
      const user = await findUser(deps, pool, username);
      const start = await startPasswordVerifier(deps, pool, client, user, username, srpA);
      return { ...start };
    }
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      const token = requireParam(params, 'REFRESH_TOKEN');
      const target = await resolveRefreshToken(deps, pool, client, token);
      checkRefreshSecretHash(client, target.user, params.SECRET_HASH);
      return { ChallengeParameters: {}, AuthenticationResult: await refreshTokens(deps, svc.keys, pool, client, target) };
    }
    case 'CUSTOM_AUTH':
      requireFlow(client, 'ALLOW_CUSTOM_AUTH', 'CUSTOM_AUTH is not enabled for the client.');
      throw unsupportedOperation('cognate does not support the CUSTOM_AUTH flow (Lambda challenges) yet.');
    case 'USER_AUTH':
      throw unsupportedOperation('cognate does not support the USER_AUTH flow (choice-based sign-in) yet.');
    default:
      throw invalidParameter(WRONG_ENDPOINT);
  }
}

async function passwordSignIn(deps: Deps, svc: AuthServices, pool: PoolRecord, client: ClientRecord, params: Record<string, string>): Promise<SignInStep> {
  const username = requireParam(params, 'USERNAME');
  const password = requireParam(params, 'PASSWORD');
  checkSecretHash(client, username, params.SECRET_HASH);
  const user = await findSignInUser(deps, pool, client, username);
  const signedIn = await checkPasswordSignIn(deps, pool, user, password);
  return afterFirstFactor(deps, svc, pool, client, signedIn);
}

/** The step after a correct first factor: NEW_PASSWORD_REQUIRED first, then whatever the second factor asks. */
export async function afterFirstFactor(deps: Deps, svc: AuthServices, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<SignInStep> {
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = await createSession(deps, { pool, client, user, challenge: NEW_PASSWORD_REQUIRED });
    return { ChallengeName: NEW_PASSWORD_REQUIRED, ChallengeParameters: newPasswordChallengeParameters(pool, user), Session: session };
  }
  const outcome = await svc.secondFactor.decide(deps, { pool, client, user, rememberedDevice: false });
  return completeStep(deps, svc, pool, client, outcome);
}

/**
 * Turns a second-factor outcome into the response: tokens, or the next challenge with a fresh session carrying the
 * outcome's sessionData. Exported for the MFA and device modules (e.g. an MFA_SETUP continued through
 * VerifySoftwareToken).
 */
export async function completeStep(deps: Deps, svc: AuthServices, pool: PoolRecord, client: ClientRecord, outcome: SecondFactorOutcome): Promise<SignInStep> {
  if (outcome.kind === 'tokens') {
    return { ChallengeParameters: {}, AuthenticationResult: await issueTokens(deps, svc.keys, { pool, client, user: outcome.user }) };
  }
  const session = await createSession(deps, { pool, client, user: outcome.user, challenge: outcome.challengeName, data: outcome.sessionData });
  return { ChallengeName: outcome.challengeName, ChallengeParameters: outcome.parameters, Session: session };
}

export interface RespondRequest {
  pool: PoolRecord;
  client: ClientRecord;
  challengeName: string;
  session?: string;
  responses: Record<string, string>;
  admin: boolean;
}

export async function respondToAuthChallenge(deps: Deps, svc: AuthServices, req: RespondRequest): Promise<SignInStep> {
  const { pool, client, challengeName, responses } = req;
  if (DEVICE_CHALLENGES.has(challengeName)) {
    throw invalidParameter(`cognate does not support device authentication (${challengeName}) yet.`);
  }
  if (challengeName !== PASSWORD_VERIFIER && challengeName !== NEW_PASSWORD_REQUIRED && !MFA_CHALLENGES.has(challengeName)) {
    throw invalidParameter(`cognate does not support the ${challengeName} challenge yet.`);
  }
  const username = requireParam(responses, 'USERNAME');
  checkSecretHash(client, username, responses.SECRET_HASH);
  const sessionString =
    req.session ?? (challengeName === PASSWORD_VERIFIER ? sessionFromSecretBlock(responses.PASSWORD_CLAIM_SECRET_BLOCK) : undefined);
  if (sessionString === undefined) throw invalidParameter('Missing required parameter Session');
  const record = await loadSession(deps, pool, { session: sessionString, client, challengeName, username });

  if (challengeName === PASSWORD_VERIFIER) {
    const user = await answerPasswordVerifier(deps, pool, record, {
      secretBlock: requireParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK'),
      timestamp: requireParam(responses, 'TIMESTAMP'),
      signature: requireParam(responses, 'PASSWORD_CLAIM_SIGNATURE'),
    });
    return afterFirstFactor(deps, svc, pool, client, user);
  }
  if (challengeName === NEW_PASSWORD_REQUIRED) {
    const user = await answerNewPassword(deps, pool, client, record, responses);
    const outcome = await svc.secondFactor.decide(deps, { pool, client, user, rememberedDevice: false });
    return completeStep(deps, svc, pool, client, outcome);
  }
  return answerSecondFactor(deps, svc, pool, client, record, challengeName, responses);
}

/** MFA challenge names go to the MFA module; the session is used up only when it accepted the answer. */
async function answerSecondFactor(
  deps: Deps,
  svc: AuthServices,
  pool: PoolRecord,
  client: ClientRecord,
  record: ChallengeSessionRecord,
  challengeName: string,
  responses: Record<string, string>,
): Promise<SignInStep> {
  const user = await deps.store.users.get(pool.id, record.usernameKey);
  if (!user) throw userDoesNotExist();
  const outcome = await svc.secondFactor.answer(deps, { pool, client, user, rememberedDevice: false, session: record, challengeName, responses });
  await advanceSession(deps, record);
  return completeStep(deps, svc, pool, client, outcome);
}
