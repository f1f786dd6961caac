import type { ChallengeSessionRecord, ClientRecord, DeviceRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { checkSecretHash } from '../clients/secret-hash.js';
import type { Deps } from '../deps.js';
import { canSkipMfa, deviceDoesNotExist, getDevice, newDeviceMetadata } from '../devices/devices.js';
import { invalidParameter, notAuthorized, userDoesNotExist } from '../errors.js';
import type { KeyService } from '../tokens/keys.js';
import { issueTokens, type AuthenticationResult } from '../tokens/tokens.js';
import { findUser } from '../users/users.js';
import {
  answerDevicePasswordVerifier,
  answerDeviceSrpAuth,
  DEVICE_PASSWORD_VERIFIER,
  DEVICE_SRP_AUTH,
  deviceSrpChallenge,
  deviceSrpSession,
  namedDevice,
} from './device-flow.js';
import { decoyPasswordCheck } from './decoys.js';
import { preventsUserExistenceErrors, refreshTokenRotation } from '../clients/config.js';
import { ATTEMPTS_EXCEEDED, checkPasswordSignIn, INCORRECT, requireFlow, requireParam, unknownUserError } from './first-factor.js';
import { answerNewPassword, NEW_PASSWORD_REQUIRED, newPasswordChallengeParameters } from './new-password.js';
import { checkRefreshSecretHash, refreshTokens, resolveRefreshToken, ROTATION_REFRESH_FLOW } from './refresh.js';
import type { SecondFactor, SecondFactorOutcome } from './second-factor.js';
import { createSession, loadSessionWithUser, advanceSession } from './sessions.js';
import { answerPasswordVerifier, PASSWORD_VERIFIER, sessionFromSecretBlock, startPasswordVerifier } from './srp-flow.js';
import { postAuthentication, preAuthentication, preAuthenticationOfUnknown } from '../triggers/sign-in.js';
import { migrateUser } from '../triggers/migration.js';
import {
  afterCustomPasswordVerifier,
  answerCustomChallenge,
  CUSTOM_CHALLENGE,
  customAuthHistory,
  isUnknownUserSession,
  startCustomAuth,
  unknownUserCall,
  type FinishSignIn,
} from './custom-flow.js';
import type { ChallengeResult } from '../triggers/custom-auth.js';
import type { TokenGenerationSource } from '../triggers/tokens.js';
import { isDeviceTrackingOn } from '../devices/devices.js';
import { answerUserAuth, isUserAuthSession, startUserAuth, USER_AUTH_CHALLENGES } from './user-auth.js';
import type { ContextDataInput } from '../threat/addresses.js';
import { checkSignIn, completeEvent, decideUnderVerdict, noteFailedSignIn, refuseBlockedAddress, threatMode } from '../threat/sign-in.js';

/**
 * InitiateAuth / AdminInitiateAuth and RespondToAuthChallenge / AdminRespondToAuthChallenge: the sign-in state machine.
 *
 *   first factor (password | SRP | USER_AUTH: user-auth.ts) ─▶ NEW_PASSWORD_REQUIRED (FORCE_CHANGE_PASSWORD users) ─▶ second factor ─▶ tokens
 *
 * Every step that leads to a challenge stores a challenge session (sessions.ts) bound to the pool, client, user and the
 * expected challenge; every answer loads it, checks it, and uses it up on success. The second factor is the MFA
 * module's (second-factor.ts): `decide` after the first factor, `answer` for the MFA challenge names.
 *
 * Devices (docs/compatibility.md, Devices, device-flow.ts). Each request may name the client's device in DEVICE_KEY (InitiateAuth of the
 * password flows, the PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED and MFA answers); it must be the user's confirmed
 * device (`Device does not exist.` otherwise, before anything is used up, so clients can retry without it).
 *   - named device that may replace MFA (canSkipMfa) ─▶ DEVICE_SRP_AUTH ─▶ DEVICE_PASSWORD_VERIFIER ─▶ tokens
 *   - other named device ─▶ MFA as decided ─▶ DEVICE_SRP_AUTH (if the MFA answer names it) ─▶ … ─▶ tokens
 *   - no device ─▶ tokens with NewDeviceMetadata (pools that track devices)
 * Tokens of a device sign-in carry `device_key` and belong to the device (ForgetDevice revokes them).
 */
export interface AuthServices {
  keys: KeyService;
  secondFactor: SecondFactor;
  /**
   * Managed login (domain/hosted): a sign-in that succeeds ends with `signedIn` and no tokens; the app gets its tokens
   * from the token endpoint with the authorization code the pages issue for that person.
   */
  withoutTokens?: boolean;
}

export interface SignInStep {
  ChallengeName?: string;
  ChallengeParameters: Record<string, string>;
  Session?: string;
  AuthenticationResult?: AuthenticationResult;
  /** SELECT_CHALLENGE of USER_AUTH (user-auth.ts). */
  AvailableChallenges?: string[];
  /** Managed login only (`withoutTokens`): who signed in. Never part of an API answer. */
  signedIn?: UserRecord;
}

export interface InitiateRequest {
  pool: PoolRecord;
  client: ClientRecord;
  flow: string;
  params: Record<string, string>;
  /** AdminInitiateAuth (IAM-authorized) rather than InitiateAuth. */
  admin: boolean;
  /** The caller's address (a device's last_ip_used). */
  sourceIp?: string;
  /** The request's ClientMetadata, for the Lambda triggers the sign-in fires (domain/triggers). */
  clientMetadata?: Record<string, string> | undefined;
  /** ContextData (admin) or UserContextData: threat protection's signals (docs/threat-protection.md). */
  contextData?: ContextDataInput | undefined;
}

/** What a step knows besides pool, client and user. */
export interface StepContext {
  sourceIp?: string;
  /** The device this request named (DEVICE_KEY), checked to be the user's confirmed device. */
  device?: DeviceRecord;
  /** A device already proven by device SRP in this sign-in: the tokens are the device's. */
  provenDeviceKey?: string;
  /** The MFA session whose answer this step follows (a DEVICE_SRP_AUTH session becomes its successor). */
  answered?: ChallengeSessionRecord;
  /** The request's ClientMetadata, for the Lambda triggers. */
  clientMetadata?: Record<string, string> | undefined;
  /** Threat protection's view of the request (docs/threat-protection.md): who asked, and its context data. */
  admin?: boolean;
  contextData?: ContextDataInput | undefined;
  /** The plaintext password of the password flows (the breached-password check); never stored or logged. */
  password?: string;
  /** The pre token generation trigger's source when tokens end this step (default: TokenGeneration_Authentication). */
  tokenSource?: TokenGenerationSource;
  /** The MFA lock read as the first factor passed (FirstFactorPass): the MFA decision need not read it again. */
  mfaLockedUntil?: number;
}

/** Session-data key carrying a device proven by device SRP through an MFA challenge that followed it. */
const PROVEN_DEVICE = 'provenDeviceKey';

const MFA_CHALLENGES = new Set(['SMS_MFA', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP']);
const DEVICE_CHALLENGES = new Set(['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
// Cognito's answer when a flow is sent to the wrong one of InitiateAuth / AdminInitiateAuth (reported from AWS in
// getmoto/moto#4623).
const WRONG_ENDPOINT = 'Initiate Auth method not supported.';

export async function initiateAuth(deps: Deps, svc: AuthServices, req: InitiateRequest): Promise<SignInStep> {
  const { pool, client, params, admin } = req;
  if (threatMode(pool) === 'ENFORCED' && req.flow !== 'REFRESH_TOKEN_AUTH' && req.flow !== 'REFRESH_TOKEN') await refuseBlockedAddress(deps, req);
  switch (req.flow) {
    case 'USER_PASSWORD_AUTH':
      if (admin) throw invalidParameter(WRONG_ENDPOINT);
      requireFlow(client, 'ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH flow not enabled for this client');
      return passwordSignIn(deps, svc, pool, client, params, req);
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      if (!admin) throw invalidParameter(WRONG_ENDPOINT);
      requireFlow(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'Auth flow not enabled for this client');
      return passwordSignIn(deps, svc, pool, client, params, req);
    case 'USER_SRP_AUTH': {
      requireFlow(client, 'ALLOW_USER_SRP_AUTH', 'USER_SRP_AUTH is not enabled for the client.');
      const username = requireParam(params, 'USERNAME');
      const srpA = requireParam(params, 'SRP_A');
      checkSecretHash(deps.sealer, client, username, params.SECRET_HASH);
      const user = await findUser(deps, pool, username);
      if (user) await preAuthentication(deps, pool, client, user, req.clientMetadata);
      else await preAuthenticationOfUnknown(deps, pool, client, username, req.clientMetadata);
      const deviceKey = typeof params.DEVICE_KEY === 'string' && params.DEVICE_KEY !== '' ? params.DEVICE_KEY : undefined;
      const start = await startPasswordVerifier(deps, pool, client, user, username, srpA, { deviceKey });
      return { ...start };
    }
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      // Rotation replaces this flow with GetTokensFromRefreshToken (docs/compatibility.md "Refresh-token rotation").
      if (refreshTokenRotation(client).enabled) throw invalidParameter(ROTATION_REFRESH_FLOW);
      const token = requireParam(params, 'REFRESH_TOKEN');
      const target = await resolveRefreshToken(deps, pool, client, token);
      checkRefreshSecretHash(deps.sealer, client, target.user, params.SECRET_HASH);
      await namedDevice(deps, target.user, params.DEVICE_KEY);
      return { ChallengeParameters: {}, AuthenticationResult: await refreshTokens(deps, svc.keys, pool, client, target) };
    }
    case 'CUSTOM_AUTH':
      requireFlow(client, 'ALLOW_CUSTOM_AUTH', 'CUSTOM_AUTH is not enabled for the client.');
      checkSecretHash(deps.sealer, client, requireParam(params, 'USERNAME'), params.SECRET_HASH);
      return startCustomAuth(deps, pool, client, params, req.clientMetadata, tokensFinish(deps, svc, pool, client, { ...req, deviceKey: params.DEVICE_KEY }));
    case 'USER_AUTH':
      return startUserAuth(deps, svc, req);
    default:
      throw invalidParameter(WRONG_ENDPOINT);
  }
}

/**
 * How a custom flow ends when define issues tokens: as every sign-in does (post authentication, token issue) — and a
 * device the request names (DEVICE_KEY, as amazon-cognito-identity-js sends it) proves itself first (DEVICE_SRP_AUTH).
 */
function tokensFinish(deps: Deps, svc: AuthServices, pool: PoolRecord, client: ClientRecord, ctx: StepContext & { deviceKey?: unknown }): FinishSignIn {
  return async (user) => {
    await checkCustomSignIn(deps, pool, client, user, ctx);
    return completeStep(deps, svc, pool, client, { kind: 'tokens', user }, {
      sourceIp: ctx.sourceIp,
      clientMetadata: ctx.clientMetadata,
      device: ctx.device ?? (await namedDevice(deps, user, ctx.deviceKey)),
    });
  };
}

/**
 * Threat protection of custom sign-ins (CustomAuthMode): recorded, and BLOCK refuses; the custom challenges stand in
 * for the MFA actions (docs/threat-protection.md "Actions at sign-in").
 */
async function checkCustomSignIn(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, ctx: StepContext): Promise<void> {
  if (threatMode(pool, 'custom') !== 'OFF') await checkSignIn(deps, { pool, client, user, flow: 'custom', admin: ctx.admin ?? false, sourceIp: ctx.sourceIp, contextData: ctx.contextData });
}

/**
 * The password of a custom flow (PASSWORD_VERIFIER after SRP_A) is a first factor like USER_SRP_AUTH's: when MFA is due
 * (and no remembered device replaces it), Cognito itself asks for it and the tokens follow the code, without asking
 * define again (aws-amplify/amplify-js#3876); otherwise define decides what comes next.
 */
async function afterCustomPassword(deps: Deps, svc: AuthServices, req: RespondRequest, user: UserRecord, history: ChallengeResult[], device: DeviceRecord | undefined): Promise<SignInStep> {
  const { pool, client, sourceIp, clientMetadata } = req;
  if (!(device && canSkipMfa(pool, device))) {
    const outcome = await svc.secondFactor.decide(deps, { pool, client, user, rememberedDevice: false });
    if (outcome.kind !== 'tokens') {
      // The flow ends after this code without reaching tokensFinish: threat protection looks at it here.
      await checkCustomSignIn(deps, pool, client, user, req);
      return completeStep(deps, svc, pool, client, outcome, { sourceIp, device, clientMetadata });
    }
  }
  return afterCustomPasswordVerifier(deps, { pool, client, user, clientMetadata }, history, tokensFinish(deps, svc, pool, client, { ...req, device }));
}

/** USERNAME + PASSWORD after the flow checks (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH; managed login's sign-in form). */
export async function passwordSignIn(
  deps: Deps,
  svc: AuthServices,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
  req: Pick<InitiateRequest, 'sourceIp' | 'clientMetadata' | 'admin' | 'contextData'>,
): Promise<SignInStep> {
  const { sourceIp, clientMetadata, admin, contextData } = req;
  const username = requireParam(params, 'USERNAME');
  const password = requireParam(params, 'PASSWORD');
  checkSecretHash(deps.sealer, client, username, params.SECRET_HASH);
  const user = (await findUser(deps, pool, username)) ?? (await migrateUser(deps, pool, client, username, { password }, clientMetadata));
  if (!user) {
    if (!preventsUserExistenceErrors(client)) throw unknownUserError(client);
    await preAuthenticationOfUnknown(deps, pool, client, username, clientMetadata);
    // As costly as a real attempt, and limited like one (decoys.ts).
    throw notAuthorized((await decoyPasswordCheck(deps, pool, username, password)) === 'locked' ? ATTEMPTS_EXCEEDED : INCORRECT);
  }
  await preAuthentication(deps, pool, client, user, clientMetadata);
  const { user: signedIn, mfaLockedUntil } = await checkPasswordSignIn(deps, pool, user, password).catch((e: unknown) =>
    noteFailedSignIn(deps, { pool, client, admin, sourceIp, contextData, flow: 'password' }, user, e),
  );
  // Only after the password: a device key is looked up for someone who proved who they are.
  const device = await namedDevice(deps, signedIn, params.DEVICE_KEY);
  return afterFirstFactor(deps, svc, pool, client, signedIn, { sourceIp, device, clientMetadata, admin, contextData, password, mfaLockedUntil });
}

/** The step after a correct first factor: NEW_PASSWORD_REQUIRED first, then the device or the second factor. */
export async function afterFirstFactor(
  deps: Deps,
  svc: AuthServices,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  ctx: StepContext = {},
): Promise<SignInStep> {
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = await createSession(deps, { pool, client, user, challenge: NEW_PASSWORD_REQUIRED });
    return { ChallengeName: NEW_PASSWORD_REQUIRED, ChallengeParameters: newPasswordChallengeParameters(pool, user), Session: session };
  }
  return secondStep(deps, svc, pool, client, user, ctx);
}

/**
 * After the password (and a new one, if it had to change): a remembered device that may replace MFA goes to device
 * SRP without an MFA decision (docs/compatibility.md, Devices, Skipping MFA); everyone else gets the MFA module's decision.
 */
async function secondStep(deps: Deps, svc: AuthServices, pool: PoolRecord, client: ClientRecord, user: UserRecord, ctx: StepContext): Promise<SignInStep> {
  // Threat protection (docs/threat-protection.md): its decision comes before a remembered device may skip MFA, so BLOCK
  // still blocks there; with it OFF this is a look at the pool record only.
  const verdict =
    threatMode(pool) === 'OFF'
      ? undefined
      : await checkSignIn(deps, { pool, client, user, flow: 'password', admin: ctx.admin ?? false, sourceIp: ctx.sourceIp, contextData: ctx.contextData, device: ctx.device, password: ctx.password });
  if (ctx.device && canSkipMfa(pool, ctx.device)) return deviceSrpChallenge(deps, pool, client, user, ctx.device, false);
  const decide = () =>
    svc.secondFactor.decide(deps, {
      pool,
      client,
      user,
      rememberedDevice: false,
      ...(verdict?.mfa ? { riskMfa: verdict.mfa } : {}),
      ...(ctx.mfaLockedUntil !== undefined ? { mfaLockedUntil: ctx.mfaLockedUntil } : {}),
    });
  const outcome = verdict ? await decideUnderVerdict(deps, pool, verdict, decide) : await decide();
  return completeStep(deps, svc, pool, client, outcome, ctx);
}

/**
 * Turns a second-factor outcome into the response: tokens, or the next challenge with a fresh session carrying the
 * outcome's sessionData. With tokens due, a named device must still prove itself (DEVICE_SRP_AUTH); a proven one gets
 * the tokens; without a device, a pool that tracks devices issues a new one (NewDeviceMetadata). Exported for the MFA
 * and device modules (e.g. an MFA_SETUP continued through VerifySoftwareToken).
 */
export async function completeStep(
  deps: Deps,
  svc: AuthServices,
  pool: PoolRecord,
  client: ClientRecord,
  outcome: SecondFactorOutcome,
  ctx: StepContext = {},
): Promise<SignInStep> {
  if (outcome.kind === 'tokens') {
    const user = outcome.user;
    if (svc.withoutTokens) {
      await postAuthentication(deps, pool, client, user, { newDeviceUsed: false, clientMetadata: ctx.clientMetadata });
      return { ChallengeParameters: {}, signedIn: user };
    }
    const trigger = { clientMetadata: ctx.clientMetadata, ...(ctx.tokenSource ? { source: ctx.tokenSource } : {}) };
    if (ctx.provenDeviceKey) {
      // Forgotten meanwhile: the tokens would outlive ForgetDevice's revocation.
      await getDevice(deps, user, ctx.provenDeviceKey);
      await postAuthentication(deps, pool, client, user, { newDeviceUsed: false, clientMetadata: ctx.clientMetadata });
      const tokens = await issueTokens(deps, svc.keys, { pool, client, user, deviceKey: ctx.provenDeviceKey, trigger: { ...trigger, source: 'TokenGeneration_AuthenticateDevice' } });
      return { ChallengeParameters: {}, AuthenticationResult: tokens };
    }
    if (ctx.device) return deviceSrpChallenge(deps, pool, client, user, ctx.device, true, ctx.answered);
    await postAuthentication(deps, pool, client, user, { newDeviceUsed: isDeviceTrackingOn(pool), clientMetadata: ctx.clientMetadata });
    const metadata = await newDeviceMetadata(deps, pool, user, { sourceIp: ctx.sourceIp });
    const result = await issueTokens(deps, svc.keys, { pool, client, user, ...(metadata ? { deviceKey: metadata.DeviceKey } : {}), trigger });
    return { ChallengeParameters: {}, AuthenticationResult: metadata ? { ...result, NewDeviceMetadata: metadata } : result };
  }
  const data = ctx.provenDeviceKey ? { ...outcome.sessionData, [PROVEN_DEVICE]: ctx.provenDeviceKey } : outcome.sessionData;
  const session = await createSession(deps, { pool, client, user: outcome.user, challenge: outcome.challengeName, data });
  return { ChallengeName: outcome.challengeName, ChallengeParameters: outcome.parameters, Session: session };
}

export interface RespondRequest {
  pool: PoolRecord;
  client: ClientRecord;
  challengeName: string;
  session?: string;
  responses: Record<string, string>;
  admin: boolean;
  sourceIp?: string;
  clientMetadata?: Record<string, string> | undefined;
  contextData?: ContextDataInput | undefined;
}

/** The members of a (Admin)RespondToAuthChallenge request that carry the answer, as the RespondRequest fields. */
export function challengeAnswer(input: { ChallengeName?: string; Session?: string; ChallengeResponses?: Record<string, string>; ClientMetadata?: Record<string, string> }) {
  return { challengeName: input.ChallengeName!, session: input.Session, responses: input.ChallengeResponses ?? {}, clientMetadata: input.ClientMetadata };
}

export async function respondToAuthChallenge(deps: Deps, svc: AuthServices, req: RespondRequest): Promise<SignInStep> {
  const { pool, client, challengeName, responses } = req;
  if (
    challengeName !== PASSWORD_VERIFIER &&
    challengeName !== NEW_PASSWORD_REQUIRED &&
    !MFA_CHALLENGES.has(challengeName) &&
    !DEVICE_CHALLENGES.has(challengeName) &&
    challengeName !== CUSTOM_CHALLENGE &&
    !USER_AUTH_CHALLENGES.has(challengeName)
  ) {
    throw invalidParameter(`cognate does not support the ${challengeName} challenge yet.`);
  }
  const username = requireParam(responses, 'USERNAME');
  checkSecretHash(deps.sealer, client, username, responses.SECRET_HASH);
  let sessionString =
    req.session ?? (challengeName === PASSWORD_VERIFIER ? sessionFromSecretBlock(responses.PASSWORD_CLAIM_SECRET_BLOCK) : undefined);
  if (sessionString === undefined) throw invalidParameter('Missing required parameter Session');
  if (challengeName === DEVICE_SRP_AUTH) sessionString = await deviceSrpSession(deps, sessionString, (name) => MFA_CHALLENGES.has(name));
  // The session and its user in one read: every answer below needs the user (undefined: none, or a decoy's session).
  const { record, user: sessionUserRead } = await loadSessionWithUser(deps, pool, { session: sessionString, client, challengeName, username });
  if (isUserAuthSession(record)) return answerUserAuth(deps, svc, req, record);
  const { sourceIp, clientMetadata, admin, contextData } = req;

  if (challengeName === PASSWORD_VERIFIER) {
    const device = await passwordVerifierDevice(deps, record, sessionUserRead, responses);
    const history = customAuthHistory(record);
    const { user, mfaLockedUntil } = await answerPasswordVerifier(deps, pool, record, sessionUserRead, {
      secretBlock: requireParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK'),
      timestamp: requireParam(responses, 'TIMESTAMP'),
      signature: requireParam(responses, 'PASSWORD_CLAIM_SIGNATURE'),
    }).catch((e: unknown) => noteFailedSignIn(deps, { pool, client, admin, sourceIp, contextData, flow: history ? 'custom' : 'password' }, record.usernameKey, e));
    if (history) return afterCustomPassword(deps, svc, req, user, history, device);
    return afterFirstFactor(deps, svc, pool, client, user, { sourceIp, device, clientMetadata, admin, contextData, mfaLockedUntil });
  }
  if (challengeName === CUSTOM_CHALLENGE && isUnknownUserSession(record)) {
    return answerCustomChallenge(deps, unknownUserCall(pool, client, username, clientMetadata), record, responses, tokensFinish(deps, svc, pool, client, req));
  }
  const sessionUser = sessionUserRead;
  if (!sessionUser) throw userDoesNotExist();
  if (challengeName === NEW_PASSWORD_REQUIRED) {
    const device = await namedDevice(deps, sessionUser, responses.DEVICE_KEY);
    const user = await answerNewPassword(deps, pool, client, record, responses);
    // Tokens straight after the new password are TokenGeneration_NewPasswordChallenge (developer guide, pre token generation sources).
    return secondStep(deps, svc, pool, client, user, { sourceIp, device, clientMetadata, admin, contextData, tokenSource: 'TokenGeneration_NewPasswordChallenge' });
  }
  if (challengeName === CUSTOM_CHALLENGE) {
    return answerCustomChallenge(deps, { pool, client, user: sessionUser, clientMetadata }, record, responses, tokensFinish(deps, svc, pool, client, { ...req, deviceKey: responses.DEVICE_KEY }));
  }
  if (challengeName === DEVICE_SRP_AUTH) return answerDeviceSrpAuth(deps, pool, client, sessionUser, record, responses);
  if (challengeName === DEVICE_PASSWORD_VERIFIER) {
    const { device, secondFactorDone } = await answerDevicePasswordVerifier(deps, pool, sessionUser, record, responses, { sourceIp });
    const ctx: StepContext = { sourceIp, provenDeviceKey: device.deviceKey, clientMetadata };
    // Offered instead of MFA, but no longer remembered (or the pool changed) by the time it proved itself.
    if (!secondFactorDone && !canSkipMfa(pool, device)) {
      return completeStep(deps, svc, pool, client, await svc.secondFactor.decide(deps, { pool, client, user: sessionUser, rememberedDevice: false }), ctx);
    }
    return completeStep(deps, svc, pool, client, { kind: 'tokens', user: sessionUser }, ctx);
  }
  return answerSecondFactor(deps, svc, pool, client, sessionUser, record, challengeName, responses, sourceIp, clientMetadata);
}

/**
 * The device a PASSWORD_VERIFIER answer names: its DEVICE_KEY, or — when the answer has no DEVICE_KEY member at all —
 * the one USER_SRP_AUTH named. A member that is present but null or empty means none: that is how ACIJ retries after
 * `Device does not exist.`, with the same Session and proof, so the check comes before the session is used up.
 * A decoy exchange (no such user) answers `Device does not exist.` for any key, as a real user's unknown key does.
 */
async function passwordVerifierDevice(
  deps: Deps,
  record: ChallengeSessionRecord,
  sessionUser: UserRecord | undefined,
  responses: Record<string, string>,
): Promise<DeviceRecord | undefined> {
  const data = record.data as { decoy?: boolean; initiateDeviceKey?: string };
  const key: unknown = 'DEVICE_KEY' in responses ? responses.DEVICE_KEY : data.initiateDeviceKey;
  if (typeof key !== 'string' || key === '') return undefined;
  const user = data.decoy ? undefined : sessionUser;
  if (!user) throw deviceDoesNotExist();
  return namedDevice(deps, user, key);
}

/**
 * MFA challenge names go to the MFA module; the session is used up only when it accepted the answer. The answer's
 * DEVICE_KEY (checked before the code, so an unknown key leaves the session usable) leads to device SRP after a
 * correct code; a device proven before this challenge gets the tokens directly.
 */
async function answerSecondFactor(
  deps: Deps,
  svc: AuthServices,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  record: ChallengeSessionRecord,
  challengeName: string,
  responses: Record<string, string>,
  sourceIp: string | undefined,
  clientMetadata: Record<string, string> | undefined,
): Promise<SignInStep> {
  const proven = record.data[PROVEN_DEVICE];
  const provenDeviceKey = typeof proven === 'string' ? proven : undefined;
  const device = provenDeviceKey ? undefined : await namedDevice(deps, user, responses.DEVICE_KEY);
  const outcome = await svc.secondFactor.answer(deps, { pool, client, user, rememberedDevice: false, session: record, challengeName, responses });
  await advanceSession(deps, record);
  if (outcome.kind === 'tokens') await completeEvent(deps, pool, user, record.data);
  return completeStep(deps, svc, pool, client, outcome, { sourceIp, device, provenDeviceKey, answered: record, clientMetadata });
}
