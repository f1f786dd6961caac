import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { initiateAuth, passwordSignIn, respondToAuthChallenge, type AuthServices, type SignInStep } from '../auth/sign-in.js';
import { isAuthFlowAllowed } from '../clients/config.js';
import type { Deps } from '../deps.js';
import { continueSetup, loadSetupSession } from '../mfa/setup-session.js';
import { associateSoftwareToken, verifySoftwareToken } from '../mfa/software-token.js';
import { completeRegistration, isPasskeySignInConfigured, startRegistration } from '../mfa/webauthn.js';
import { countPasskeys } from '../mfa/webauthn-store.js';
import { allowedFirstAuthFactors, userPoolTier } from '../pools/config.js';

/**
 * The managed-login pages' sign-in: the API's own state machine (auth/sign-in.ts, auth/user-auth.ts, the MFA module)
 * driven with `withoutTokens`, so that a sign-in ends with the person signed in instead of tokens — the pages then
 * issue an authorization code (domain/oauth) and the app gets its tokens at the token endpoint.
 *
 * Every step between two pages is the API's challenge session (bound to pool, client, user and challenge; expiring;
 * single use); the pages keep its Session string in a sealed cookie, never in a URL or a page.
 *
 * The pages act for the person, not the app: an app client with a secret proves itself at the token endpoint with
 * it, and the sign-in here asks no SECRET_HASH (`forPages`). The password form needs none of the client's
 * ExplicitAuthFlows (Cognito's managed login signs in whatever they say); the other first factors use the choice-based
 * flow, which the client must allow (ALLOW_USER_AUTH), as in Cognito (docs/hosted-ui.md, "Sign-in").
 */
export type HostedStep =
  | { kind: 'signed-in'; user: UserRecord }
  | { kind: 'challenge'; challenge: string; parameters: Record<string, string>; session: string; available?: string[] };

export interface HostedRequest {
  pool: PoolRecord;
  client: ClientRecord;
  sourceIp?: string;
}

/** The app client as the pages act for it: no secret to prove (the token endpoint asks for it). */
export function forPages(client: ClientRecord): ClientRecord {
  const { clientSecret: _secret, ...rest } = client;
  return rest;
}

const hosted = (svc: AuthServices): AuthServices => ({ keys: svc.keys, secondFactor: svc.secondFactor, withoutTokens: true });

function toStep(step: SignInStep): HostedStep {
  if (step.signedIn) return { kind: 'signed-in', user: step.signedIn };
  if (!step.ChallengeName || !step.Session) throw new Error(`managed login: a sign-in step without a challenge or a person (${step.ChallengeName ?? 'none'})`);
  return {
    kind: 'challenge',
    challenge: step.ChallengeName,
    parameters: step.ChallengeParameters,
    session: step.Session,
    ...(step.AvailableChallenges ? { available: step.AvailableChallenges } : {}),
  };
}

/** The password form; `deviceKey` names the browser's remembered device (remembered-device.ts). */
export async function signInWithPassword(deps: Deps, svc: AuthServices, req: HostedRequest, username: string, password: string, deviceKey?: string): Promise<HostedStep> {
  const client = forPages(req.client);
  const params = { USERNAME: username, PASSWORD: password, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) };
  return toStep(await passwordSignIn(deps, hosted(svc), req.pool, client, params, { sourceIp: req.sourceIp, admin: false }));
}

/**
 * Whether the sign-in page offers the choice-based factors: the pool allows more than a password (Essentials or Plus)
 * and the client allows USER_AUTH.
 */
export function offersOtherFactors(pool: PoolRecord, client: ClientRecord): boolean {
  return userPoolTier(pool) !== 'LITE' && allowedFirstAuthFactors(pool).some((f) => f !== 'PASSWORD') && isAuthFlowAllowed(client, 'ALLOW_USER_AUTH');
}

/** USER_AUTH with only a user name: the factors this person may use (SELECT_CHALLENGE), or the one preferred. */
export async function startChoice(deps: Deps, svc: AuthServices, req: HostedRequest, username: string, preferred?: string): Promise<HostedStep> {
  const params: Record<string, string> = { USERNAME: username, ...(preferred ? { PREFERRED_CHALLENGE: preferred } : {}) };
  return toStep(await initiateAuth(deps, hosted(svc), { pool: req.pool, client: forPages(req.client), flow: 'USER_AUTH', params, admin: false, sourceIp: req.sourceIp }));
}

/** RespondToAuthChallenge for the page that showed `challenge`. */
export async function answerChallenge(
  deps: Deps,
  svc: AuthServices,
  req: HostedRequest,
  answer: { username: string; challenge: string; session: string; responses: Record<string, string> },
): Promise<HostedStep> {
  const step = await respondToAuthChallenge(deps, hosted(svc), {
    pool: req.pool,
    client: forPages(req.client),
    challengeName: answer.challenge,
    session: answer.session,
    responses: { ...answer.responses, USERNAME: answer.username },
    admin: false,
    sourceIp: req.sourceIp,
  });
  return toStep(step);
}

/**
 * MFA_SETUP by TOTP, first half (AssociateSoftwareToken with the Session): a new secret for the person, and the
 * session that continues the setup.
 */
export async function beginTotpSetup(deps: Deps, session: string): Promise<{ secret: string; session: string; user: UserRecord }> {
  const setup = await loadSetupSession(deps, session);
  const { secret, user } = await associateSoftwareToken(deps, setup.pool, setup.user);
  return { secret, user, session: await continueSetup(deps, { ...setup, user }, { totpVerified: false }) };
}

/**
 * MFA_SETUP by TOTP, second half: VerifySoftwareToken with the Session, then the MFA_SETUP answer that ends the
 * sign-in (as Amplify does it).
 */
export async function finishTotpSetup(deps: Deps, svc: AuthServices, req: HostedRequest, username: string, session: string, code: string): Promise<HostedStep> {
  const setup = await loadSetupSession(deps, session);
  const user = await verifySoftwareToken(deps, setup.pool, setup.user, code, 'Authenticator');
  const next = await continueSetup(deps, { ...setup, user }, { totpVerified: true });
  return answerChallenge(deps, svc, req, { username, challenge: 'MFA_SETUP', session: next, responses: {} });
}

/**
 * After a sign-in, managed login offers to add a passkey (Cognito's "passkey prompt") when the pool signs in with
 * passkeys, the client may use them, and the person has none yet.
 */
export async function offersPasskey(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<boolean> {
  if (!offersOtherFactors(pool, client) || !allowedFirstAuthFactors(pool).includes('WEB_AUTHN') || !isPasskeySignInConfigured(pool)) return false;
  return (await countPasskeys(deps, user)) === 0;
}

/** StartWebAuthnRegistration for the person who just signed in. */
export async function passkeyCreationOptions(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<Record<string, unknown>> {
  return startRegistration(deps, pool, user);
}

/** CompleteWebAuthnRegistration for the person who just signed in. */
export async function addPasskey(deps: Deps, pool: PoolRecord, user: UserRecord, credentialJson: string): Promise<void> {
  let credential: RegistrationResponseJSON;
  try {
    credential = JSON.parse(credentialJson) as RegistrationResponseJSON;
  } catch {
    credential = {} as RegistrationResponseJSON;
  }
  await completeRegistration(deps, pool, user, credential);
}
