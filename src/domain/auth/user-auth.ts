import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { checkSecretHash } from '../clients/secret-hash.js';
import { preventsUserExistenceErrors } from '../clients/config.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, notAuthorized, userDoesNotExist } from '../errors.js';
import { checkSignInCode, mfaDecision, sendSignInCode } from '../mfa/sign-in.js';
import { mfaState } from '../mfa/state.js';
import { isPasskeySignInConfigured, startAssertion, verifyAssertion, type AssertionExpectation } from '../mfa/webauthn.js';
import { countPasskeys } from '../mfa/webauthn-store.js';
import { allowedFirstAuthFactors, isPoolPasskeyMfaEnabled, userPoolTier } from '../pools/config.js';
import { findUser, userData, usernameKey } from '../users/users.js';
import { decoyPasswordCheck } from './decoys.js';
import { namedDevice } from './device-flow.js';
import { ATTEMPTS_EXCEEDED, checkMayTry, checkPasswordSignIn, INCORRECT, requireFlow, requireParam, unknownUserError } from './first-factor.js';
import type { ContextDataInput } from '../threat/addresses.js';
import { noteFailedSignIn } from '../threat/sign-in.js';
import { afterFirstFactor, completeStep, type AuthServices, type InitiateRequest, type RespondRequest, type SignInStep } from './sign-in.js';
import { advanceSession, createSession } from './sessions.js';
import { startPasswordVerifier } from './srp-flow.js';

/**
 * Choice-based sign-in, `AuthFlow: USER_AUTH` (docs/compatibility.md "Choice-based sign-in";
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html).
 *
 *   InitiateAuth USERNAME [+ PREFERRED_CHALLENGE (+ PASSWORD | SRP_A)]
 *     ├─ preferred factor the user can use ─▶ that factor
 *     └─ otherwise ─▶ SELECT_CHALLENGE (AvailableChallenges) ─ ANSWER (+ PASSWORD | SRP_A) ─▶ that factor
 *   PASSWORD ─▶ the password sign-in's next step (NEW_PASSWORD_REQUIRED, devices, MFA)
 *   PASSWORD_SRP ─▶ PASSWORD_VERIFIER (the USER_SRP_AUTH exchange)
 *   EMAIL_OTP / SMS_OTP ─ EMAIL_OTP_CODE / SMS_OTP_CODE ─▶ tokens
 *   WEB_AUTHN (CREDENTIAL_REQUEST_OPTIONS) ─ CREDENTIAL ─▶ tokens (or MFA when the passkey does not satisfy it)
 *
 * Every step is a challenge session (sessions.ts) bound to pool, client, user and the next challenge, marked as this
 * flow's so that an EMAIL_OTP answer reaches the first-factor code and not the MFA one.
 */
export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

export const SELECT_CHALLENGE = 'SELECT_CHALLENGE';
/** The challenge names only this flow answers (EMAIL_OTP is shared with MFA; the session tells them apart). */
export const USER_AUTH_CHALLENGES: ReadonlySet<string> = new Set([SELECT_CHALLENGE, 'PASSWORD', 'PASSWORD_SRP', 'SMS_OTP', 'WEB_AUTHN']);
/** Cognito's text is not captured; cognate's wording after its other flows' (docs/compatibility.md). */
export const USER_AUTH_NOT_ENABLED = 'USER_AUTH flow not enabled for this client';
export const NOT_AVAILABLE = 'The ANSWER must be one of the AvailableChallenges.';

const FACTOR_ORDER: readonly FirstFactor[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

interface UserAuthData {
  userAuth: true;
  /** SELECT_CHALLENGE: what was offered. */
  available?: FirstFactor[];
  /** EMAIL_OTP / SMS_OTP: keyed hash of the code sent. */
  codeHash?: string;
  /** WEB_AUTHN: the challenge sent. */
  passkey?: AssertionExpectation;
  /** A name nobody has (PreventUserExistenceErrors): offers what a password-only user has; never succeeds. */
  decoy?: true;
}

export function isUserAuthSession(record: ChallengeSessionRecord): boolean {
  return (record.data as Partial<UserAuthData>).userAuth === true;
}

/**
 * The first factors this user can use now: a password (PASSWORD and PASSWORD_SRP); the pool's passwordless factors
 * (Essentials or Plus) for a verified email address, a verified phone number, a registered passkey. Where MFA applies
 * to the user, one-time codes are withheld and a passkey is offered only when it counts as MFA (passkey MFA on for the
 * pool and the user): docs/compatibility.md "Choice-based sign-in: MFA".
 */
export async function availableFactors(deps: Pick<Deps, 'store'>, pool: PoolRecord, user: UserRecord): Promise<FirstFactor[]> {
  const out: FirstFactor[] = [];
  if (userData(user).password) out.push('PASSWORD', 'PASSWORD_SRP');
  const allowed = allowedFirstAuthFactors(pool);
  if (userPoolTier(pool) === 'LITE') return out;
  const mfaApplies = mfaDecision(pool, user).kind !== 'none';
  const attrs = user.attributes;
  if (!mfaApplies && allowed.includes('EMAIL_OTP') && attrs.email && attrs.email_verified === 'true') out.push('EMAIL_OTP');
  if (!mfaApplies && allowed.includes('SMS_OTP') && attrs.phone_number && attrs.phone_number_verified === 'true') out.push('SMS_OTP');
  if (allowed.includes('WEB_AUTHN') && isPasskeySignInConfigured(pool) && (!mfaApplies || isPasskeyMfa(pool, user)) && (await countPasskeys(deps, user)) > 0) {
    out.push('WEB_AUTHN');
  }
  return FACTOR_ORDER.filter((f) => out.includes(f));
}

/** Passkey MFA: the pool counts a user-verifying passkey as two factors and the user turned WebAuthnMfaSettings on. */
function isPasskeyMfa(pool: PoolRecord, user: UserRecord): boolean {
  return isPoolPasskeyMfaEnabled(pool) && mfaState(user)?.webAuthn === true;
}

/** InitiateAuth / AdminInitiateAuth with AuthFlow USER_AUTH. */
export async function startUserAuth(deps: Deps, svc: AuthServices, req: InitiateRequest): Promise<SignInStep> {
  const { pool, client, params } = req;
  requireFlow(client, 'ALLOW_USER_AUTH', USER_AUTH_NOT_ENABLED);
  const username = requireParam(params, 'USERNAME');
  checkSecretHash(deps.sealer, client, username, params.SECRET_HASH);
  const preferred = params.PREFERRED_CHALLENGE as FirstFactor | undefined;
  const user = await findUser(deps, pool, username);
  if (!user) {
    if (!preventsUserExistenceErrors(client)) throw unknownUserError(client);
    const decoyAvailable: FirstFactor[] = ['PASSWORD', 'PASSWORD_SRP'];
    if (preferred && decoyAvailable.includes(preferred)) return decoyFactor(deps, pool, client, username, preferred, params);
    const decoyUser = { usernameKey: usernameKey(pool, username) } as UserRecord;
    const data: UserAuthData = { userAuth: true, available: decoyAvailable, decoy: true };
    return selectStep(await createSession(deps, { pool, client, user: decoyUser, challenge: SELECT_CHALLENGE, data: { ...data } }), decoyAvailable);
  }
  checkMayTry(user);
  const available = await availableFactors(deps, pool, user);
  // A preferred factor the user cannot use is not an error: the choice is offered instead (Amplify's documented
  // behaviour for preferredChallenge).
  if (preferred && available.includes(preferred)) return beginFactor(deps, svc, req, user, username, preferred, params);
  const data: UserAuthData = { userAuth: true, available };
  return selectStep(await createSession(deps, { pool, client, user, challenge: SELECT_CHALLENGE, data: { ...data } }), available);
}

function selectStep(session: string, available: FirstFactor[]): SignInStep {
  return { ChallengeName: SELECT_CHALLENGE, ChallengeParameters: {}, Session: session, AvailableChallenges: [...available] };
}

interface FactorRequest {
  pool: PoolRecord;
  client: ClientRecord;
  sourceIp?: string;
  /** Threat protection's view of the request (docs/threat-protection.md "Signals"). */
  admin: boolean;
  contextData?: ContextDataInput | undefined;
}

/** Starts (or, for PASSWORD, completes) the chosen factor; `params` are the AuthParameters or ChallengeResponses. */
async function beginFactor(
  deps: Deps,
  svc: AuthServices,
  req: FactorRequest,
  user: UserRecord,
  username: string,
  factor: FirstFactor,
  params: Record<string, string>,
): Promise<SignInStep> {
  const { pool, client } = req;
  switch (factor) {
    case 'PASSWORD': {
      const password = requireParam(params, 'PASSWORD');
      const { sourceIp, admin, contextData } = req;
      const { user: signedIn, mfaLockedUntil } = await checkPasswordSignIn(deps, pool, user, password).catch((e: unknown) =>
        noteFailedSignIn(deps, { pool, client, admin, sourceIp, contextData, flow: 'password' }, user, e),
      );
      const device = await namedDevice(deps, signedIn, params.DEVICE_KEY);
      return afterFirstFactor(deps, svc, pool, client, signedIn, { sourceIp, device, admin, contextData, password, mfaLockedUntil });
    }
    case 'PASSWORD_SRP': {
      const srpA = requireParam(params, 'SRP_A');
      const deviceKey = typeof params.DEVICE_KEY === 'string' && params.DEVICE_KEY !== '' ? params.DEVICE_KEY : undefined;
      return { ...(await startPasswordVerifier(deps, pool, client, user, username, srpA, { deviceKey })) };
    }
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const sent = await sendSignInCode(deps, pool, user, factor === 'SMS_OTP' ? 'SMS' : 'EMAIL');
      const data: UserAuthData = { userAuth: true, codeHash: sent.codeHash };
      const session = await createSession(deps, { pool, client, user, challenge: factor, data: { ...data } });
      return { ChallengeName: factor, ChallengeParameters: sent.parameters, Session: session };
    }
    case 'WEB_AUTHN': {
      const { options, expected } = await startAssertion(deps, pool, user);
      const data: UserAuthData = { userAuth: true, passkey: expected };
      const session = await createSession(deps, { pool, client, user, challenge: 'WEB_AUTHN', data: { ...data } });
      return { ChallengeName: 'WEB_AUTHN', ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) }, Session: session };
    }
  }
}

/** A decoy's password factors: as costly and as limited as a real attempt, and always wrong (decoys.ts). */
async function decoyFactor(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  factor: FirstFactor,
  params: Record<string, string>,
): Promise<SignInStep> {
  if (factor === 'PASSWORD_SRP') return { ...(await startPasswordVerifier(deps, pool, client, undefined, username, requireParam(params, 'SRP_A'))) };
  const password = requireParam(params, 'PASSWORD');
  throw notAuthorized((await decoyPasswordCheck(deps, pool, username, password)) === 'locked' ? ATTEMPTS_EXCEEDED : INCORRECT);
}

/** RespondToAuthChallenge / AdminRespondToAuthChallenge for a session of this flow (already loaded and checked). */
export async function answerUserAuth(deps: Deps, svc: AuthServices, req: RespondRequest, record: ChallengeSessionRecord): Promise<SignInStep> {
  const { pool, client, challengeName, responses } = req;
  const data = record.data as unknown as UserAuthData;
  const user = await deps.store.users.get(pool.id, record.usernameKey);
  if (challengeName === SELECT_CHALLENGE) {
    const answer = requireParam(responses, 'ANSWER') as FirstFactor;
    if (!data.available?.includes(answer)) throw invalidParameter(NOT_AVAILABLE);
    await advanceSession(deps, record);
    const username = requireParam(responses, 'USERNAME');
    if (data.decoy || !user) {
      if (!data.decoy) throw userDoesNotExist();
      return decoyFactor(deps, pool, client, username, answer, responses);
    }
    checkMayTry(user);
    return beginFactor(deps, svc, req, user, username, answer, responses);
  }
  if (!user) throw userDoesNotExist();
  checkMayTry(user);
  if (challengeName === 'EMAIL_OTP' || challengeName === 'SMS_OTP') {
    const sms = challengeName === 'SMS_OTP';
    const code = requireParam(responses, sms ? 'SMS_OTP_CODE' : 'EMAIL_OTP_CODE');
    await checkSignInCode(deps, pool, user, record, sms ? 'SMS' : 'EMAIL', code);
    await advanceSession(deps, record);
    return afterPasswordless(deps, svc, req, user, false);
  }
  if (challengeName === 'WEB_AUTHN') {
    const credential = requireParam(responses, 'CREDENTIAL');
    if (!data.passkey) throw notAuthorized('Invalid session for the user.');
    // Used up before the assertion is checked: every challenge gets exactly one verification, right or wrong.
    await advanceSession(deps, record);
    const { userVerified } = await verifyAssertion(deps, pool, user, data.passkey, credential);
    return afterPasswordless(deps, svc, req, user, userVerified);
  }
  throw invalidParameter(`cognate does not support the ${challengeName} challenge yet.`);
}

/**
 * After a one-time code or a passkey (docs/compatibility.md "Choice-based sign-in: MFA"): tokens when MFA does not
 * apply to the user, or when a user-verified passkey counts as MFA; otherwise — MFA switched on between the
 * challenge and the answer — the MFA the password flows would ask for, never less.
 */
async function afterPasswordless(deps: Deps, svc: AuthServices, req: FactorRequest, user: UserRecord, userVerified: boolean): Promise<SignInStep> {
  const { pool, client } = req;
  if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  const satisfied = mfaDecision(pool, user).kind === 'none' || (userVerified && isPasskeyMfa(pool, user));
  const outcome = satisfied ? { kind: 'tokens' as const, user } : await svc.secondFactor.decide(deps, { pool, client, user, rememberedDevice: false });
  return completeStep(deps, svc, pool, client, outcome, { sourceIp: req.sourceIp });
}
