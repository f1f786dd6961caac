import { timingSafeEqual } from 'node:crypto';
import { customMessage } from '../triggers/messages.js';
import { hasCustomSender, sendWithCustomSender } from '../triggers/senders.js';
import { randomDigits } from '../../platform/random.js';
import type { ChallengeSessionRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { MfaChallengeName, SecondFactor, SecondFactorContext, SecondFactorOutcome } from '../auth/second-factor.js';
import type { Deps } from '../deps.js';
import { CognitoError, codeMismatch, expiredCode, invalidParameter, isCognitoError, notAuthorized } from '../errors.js';
import { deviceConfiguration, isPoolEmailMfaEnabled, isPoolSmsMfaEnabled, isPoolTotpEnabled, mfaCodeMessage, mfaConfiguration } from '../pools/config.js';
import { maskEmail, maskPhone } from '../users/codes.js';
import { isLockedOut, LOCKOUT, releaseAttempts, reserveAttempt } from '../users/attempts.js';
import { updateUser } from '../users/users.js';
import { checkTotpCode, noSoftwareToken, TOTP_REPLAYED } from './software-token.js';
import { UNABLE_TO_LOGIN } from '../threat/sign-in.js';
import { FACTOR_ORDER, hasVerifiedSoftwareToken, mfaState, softwareToken, userEnabledFactors, type MfaFactor, type MfaState } from './state.js';

/**
 * The second factor of every sign-in flow: the decision table of docs/compatibility.md, MFA: the sign-in decision (`decide`) and the MFA challenges
 * (`answer`). Codes sent by SMS or email live only as keyed hashes in the challenge session, which expires after the
 * client's AuthSessionValidity: so a code expires with its session and, as the session is used up on success, works
 * once. Wrong codes leave the session usable (docs/compatibility.md, MFA: the sign-in decision) but count towards an exponential lockout kept apart from
 * the password's, so that a correct password cannot reset the count of wrong MFA codes.
 */
export const NO_MFA_MECHANISM = 'No MFA mechanism registerd in the account.';
export const WRONG_DELIVERED_CODE = 'Invalid code or auth state for the user.';
export const WRONG_TOTP_CODE = 'Invalid code received for user';
export const MFA_ATTEMPTS_EXCEEDED = 'Password attempts exceeded';
export const BAD_SELECTION = 'The ANSWER must be one of the MFA types in MFAS_CAN_CHOOSE.';

const SMS_CODE_DIGITS = 6;
/** Email OTP codes are 8 digits like passwordless EMAIL_OTP (docs/compatibility.md, MFA: the sign-in decision). */
const EMAIL_CODE_DIGITS = 8;

/** What an MFA challenge session carries between steps. */
interface MfaSessionData {
  /** Keyed hash of the SMS/email code that was sent. */
  codeHash?: string;
  /** SELECT_MFA_TYPE: the factors offered. */
  choices?: MfaFactor[];
  /** MFA_SETUP: the factors that may be set up. */
  setup?: MfaFactor[];
  /** MFA_SETUP by email: the address given, stored on the user once its code is confirmed. */
  pendingEmail?: string;
  /** MFA_SETUP by TOTP: VerifySoftwareToken accepted a code with this session chain. */
  totpVerified?: boolean;
}

export function createSecondFactor(): SecondFactor {
  return { decide, answer };
}

// ---- the decision (docs/compatibility.md, MFA: the sign-in decision) ----

/** Whether the pool lets this factor be used. A verified TOTP stays usable when pool TOTP is later switched off (docs/compatibility.md, MFA: SetUserPoolMfaConfig). */
function poolAllows(pool: PoolRecord, user: UserRecord, factor: MfaFactor): boolean {
  if (factor === 'SMS_MFA') return isPoolSmsMfaEnabled(pool);
  if (factor === 'EMAIL_OTP') return isPoolEmailMfaEnabled(pool);
  return isPoolTotpEnabled(pool) || hasVerifiedSoftwareToken(user);
}

/** Whether the user has what the factor needs: a phone, an email address, a verified token. */
function canDeliver(user: UserRecord, factor: MfaFactor): boolean {
  if (factor === 'SMS_MFA') return Boolean(user.attributes.phone_number);
  if (factor === 'EMAIL_OTP') return Boolean(user.attributes.email);
  return hasVerifiedSoftwareToken(user);
}

/** Remembered devices stand in for MFA only when the pool says so (ChallengeRequiredOnNewDevice, docs/compatibility.md, Devices). */
function deviceReplacesMfa(pool: PoolRecord): boolean {
  return deviceConfiguration(pool)?.ChallengeRequiredOnNewDevice === true;
}

async function decide(deps: Deps, ctx: SecondFactorContext): Promise<SecondFactorOutcome> {
  const { pool, user } = ctx;
  const mode = mfaConfiguration(pool);
  if (mode === 'OFF' && !ctx.riskMfa) return { kind: 'tokens', user };
  if (ctx.rememberedDevice && deviceReplacesMfa(pool)) return { kind: 'tokens', user };
  const locked = ctx.mfaLockedUntil !== undefined ? ctx.mfaLockedUntil > deps.clock.now() : await isLockedOut(deps, pool, user.usernameKey, 'mfa');
  if (locked) throw notAuthorized(MFA_ATTEMPTS_EXCEEDED);

  const d = mfaDecision(pool, user, ctx.riskMfa);
  switch (d.kind) {
    case 'none':
      return { kind: 'tokens', user };
    case 'risk-block':
      throw notAuthorized(UNABLE_TO_LOGIN);
    case 'challenge':
      return challengeFor(deps, pool, user, d.factor, {});
    case 'select':
      return selectChallenge(user, d.factors);
    case 'setup':
      return {
        kind: 'challenge',
        challengeName: 'MFA_SETUP',
        parameters: { MFAS_CAN_SETUP: JSON.stringify(d.factors), USER_ID_FOR_SRP: user.username },
        sessionData: { setup: d.factors } satisfies MfaSessionData,
        user,
      };
    case 'not-found':
      throw mfaMethodNotFound();
  }
}

/** What a sign-in asks for after the first factor (devices and the lockout aside): no MFA, one challenge, a choice, MFA_SETUP, or MFAMethodNotFoundException. */
export type MfaDecision =
  | { kind: 'none' }
  | { kind: 'challenge'; factor: MfaFactor }
  | { kind: 'select'; factors: MfaFactor[] }
  | { kind: 'setup'; factors: MfaFactor[] }
  | { kind: 'not-found' }
  /** Threat protection's MFA_REQUIRED for a user who can receive no factor (docs/threat-protection.md). */
  | { kind: 'risk-block' };

/**
 * The decision table, pure: the user's MFA settings and attributes against the pool's MFA settings, and the MFA
 * threat protection asks for at this sign-in's risk (docs/compatibility.md "MFA with threat protection").
 */
export function mfaDecision(pool: PoolRecord, user: UserRecord, riskMfa?: 'IF_CONFIGURED' | 'REQUIRED'): MfaDecision {
  const mode = mfaConfiguration(pool);
  // Without a factor the user can receive, risk-based MFA lets MFA_IF_CONFIGURED through and refuses MFA_REQUIRED.
  const noRiskFactor: MfaDecision = riskMfa === 'REQUIRED' ? { kind: 'risk-block' } : { kind: 'none' };
  if (mode === 'OFF') return riskMfa ? noRiskFactor : { kind: 'none' };
  const enabled = userEnabledFactors(user).filter((f) => poolAllows(pool, user, f));
  if (enabled.length > 0) {
    const usable = enabled.filter((f) => canDeliver(user, f));
    if (usable.length === 0) return { kind: 'not-found' };
    const preferred = mfaState(user)?.preferred;
    if (preferred && usable.includes(preferred)) return { kind: 'challenge', factor: preferred };
    if (usable.length === 1) return { kind: 'challenge', factor: usable[0]! };
    return { kind: 'select', factors: usable };
  }
  if (mode === 'OPTIONAL' && !riskMfa) return { kind: 'none' };

  // MFA required and nothing switched on: a factor the user can already receive counts (implicit SMS MFA,
  // amplify-js#11258; email and a verified token by analogy: docs/compatibility.md, MFA "The sign-in decision"), else
  // set one up, else nothing can be done.
  const implicit = FACTOR_ORDER.filter((f) => poolAllows(pool, user, f) && canDeliver(user, f));
  if (implicit.length === 1) return { kind: 'challenge', factor: implicit[0]! };
  if (implicit.length > 1) return { kind: 'select', factors: implicit };
  if (mode === 'OPTIONAL') return noRiskFactor;
  const setup = setupChoices(pool);
  return setup.length > 0 ? { kind: 'setup', factors: setup } : { kind: 'not-found' };
}

/** MFA_SETUP can set up a software token or an email address; SMS needs a phone number given some other way. */
function setupChoices(pool: PoolRecord): MfaFactor[] {
  const out: MfaFactor[] = [];
  if (isPoolTotpEnabled(pool)) out.push('SOFTWARE_TOKEN_MFA');
  if (isPoolEmailMfaEnabled(pool)) out.push('EMAIL_OTP');
  return out;
}

function mfaMethodNotFound(): CognitoError {
  return new CognitoError('MFAMethodNotFoundException', NO_MFA_MECHANISM);
}

function selectChallenge(user: UserRecord, choices: MfaFactor[]): SecondFactorOutcome {
  return {
    kind: 'challenge',
    challengeName: 'SELECT_MFA_TYPE',
    // Compact JSON: Amplify JSON.parses it, Amplify-Swift splits it on ',' (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html).
    parameters: { MFAS_CAN_CHOOSE: JSON.stringify(choices), USER_ID_FOR_SRP: user.username },
    sessionData: { choices } satisfies MfaSessionData,
    user,
  };
}

function codeHash(deps: Deps, pool: PoolRecord, user: UserRecord, factor: MfaFactor, code: string): string {
  return deps.hashSecret(`mfa\u0000${pool.id}\u0000${user.usernameKey}\u0000${factor}\u0000${code}`);
}

function fill(template: string, code: string, username: string): string {
  return template.split('{####}').join(code).split('{username}').join(username);
}

/** The challenge for one factor; SMS and email codes are generated and sent now (docs/compatibility.md, MFA: the sign-in decision). */
async function challengeFor(deps: Deps, pool: PoolRecord, user: UserRecord, factor: MfaFactor, extra: MfaSessionData): Promise<SecondFactorOutcome> {
  const base = { kind: 'challenge' as const, challengeName: factor as MfaChallengeName, user };
  if (factor === 'SOFTWARE_TOKEN_MFA') {
    const name = softwareToken(user).verified?.friendlyDeviceName;
    return { ...base, parameters: { ...(name ? { FRIENDLY_DEVICE_NAME: name } : {}), USER_ID_FOR_SRP: user.username }, sessionData: { ...extra } };
  }
  const sms = factor === 'SMS_MFA';
  const code = randomDigits(deps.random, sms ? SMS_CODE_DIGITS : EMAIL_CODE_DIGITS);
  const destination = sms ? user.attributes.phone_number! : (extra.pendingEmail ?? user.attributes.email!);
  if (hasCustomSender(pool, sms ? 'SMS' : 'EMAIL')) await sendWithCustomSender(deps, pool, user, sms ? 'SMS' : 'EMAIL', { source: 'Authentication', code });
  else await sendCode(deps, pool, user, factor, destination, code);
  return {
    ...base,
    parameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: sms ? 'SMS' : 'EMAIL',
      CODE_DELIVERY_DESTINATION: sms ? maskPhone(destination) : maskEmail(destination),
      USER_ID_FOR_SRP: user.username,
    },
    sessionData: { ...extra, codeHash: codeHash(deps, pool, user, factor, code) } satisfies MfaSessionData,
  };
}

/** An SMS or email code of a sign-in into the delivery port, in the custom message trigger's words where it has some. */
async function sendCode(deps: Deps, pool: PoolRecord, user: UserRecord, factor: MfaFactor, destination: string, code: string): Promise<void> {
  const sms = factor === 'SMS_MFA';
  const message = await customMessage(deps, pool, user, sms ? 'SMS' : 'EMAIL', 'CustomMessage_Authentication', mfaCodeMessage(pool, sms ? 'SMS' : 'EMAIL'));
  try {
    await deps.delivery.send({
      poolId: pool.id,
      username: user.username,
      channel: sms ? 'SMS' : 'EMAIL',
      destination,
      ...(message.subject !== undefined ? { subject: fill(message.subject, code, user.username) } : {}),
      body: fill(message.body, code, user.username),
      code,
      purpose: sms ? 'mfa:sms' : 'mfa:email',
    });
  } catch (e) {
    deps.log.error('MFA code delivery failed', { poolId: pool.id, factor, error: e instanceof Error ? e.message : String(e) });
    throw new CognitoError('CodeDeliveryFailureException', `Unable to deliver the message to the ${sms ? 'phone number' : 'email address'}.`);
  }
}

// ---- the MFA lockout (docs/compatibility.md, MFA: the sign-in decision; docs/compatibility.md, Users: lockout): the password's policy, its own counter ----

/**
 * Takes the slot of one code attempt before the code is compared (users/attempts.ts): a burst of concurrent answers
 * is counted before any is judged. A wrong answer keeps its count; the session stays usable.
 */
async function reserveCodeAttempt(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<void> {
  if (!(await reserveAttempt(deps, pool, user.usernameKey, 'mfa', LOCKOUT))) throw notAuthorized(MFA_ATTEMPTS_EXCEEDED);
}

async function countFailure(deps: Deps, session: ChallengeSessionRecord): Promise<void> {
  await deps.store.sessions.recordFailure(session.idHash);
}

// ---- answers ----

function required(responses: Record<string, string>, name: string, ...aliases: string[]): string {
  for (const key of [name, ...aliases]) {
    const v = responses[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  throw invalidParameter(`Missing required parameter ${name}`);
}

function sameHash(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function answer(
  deps: Deps,
  ctx: SecondFactorContext & { session: ChallengeSessionRecord; challengeName: string; responses: Record<string, string> },
): Promise<SecondFactorOutcome> {
  const { pool, user, session, responses } = ctx;
  const data = session.data as MfaSessionData;
  switch (ctx.challengeName) {
    case 'SMS_MFA':
    case 'EMAIL_OTP': {
      const factor = ctx.challengeName as MfaFactor;
      const code = factor === 'SMS_MFA' ? required(responses, 'SMS_MFA_CODE') : required(responses, 'EMAIL_OTP_CODE', 'EMAIL_MFA_CODE');
      await reserveCodeAttempt(deps, pool, user);
      if (!sameHash(data.codeHash, codeHash(deps, pool, user, factor, code))) {
        await countFailure(deps, session);
        throw codeMismatch(WRONG_DELIVERED_CODE);
      }
      return { kind: 'tokens', user: await succeed(deps, pool, user, factor, data) };
    }
    case 'SOFTWARE_TOKEN_MFA': {
      const code = required(responses, 'SOFTWARE_TOKEN_MFA_CODE');
      const verified = softwareToken(user).verified;
      if (!verified) throw noSoftwareToken();
      await reserveCodeAttempt(deps, pool, user);
      // A correct code forgets the MFA failures with the claim of its step (one statement on PostgreSQL).
      const result = await checkTotpCode(deps, user, verified, code, 'mfa');
      if (result === 'mismatch') {
        await countFailure(deps, session);
        throw codeMismatch(WRONG_TOTP_CODE);
      }
      if (result === 'replayed') throw expiredCode(TOTP_REPLAYED);
      return { kind: 'tokens', user: await succeed(deps, pool, user, 'SOFTWARE_TOKEN_MFA', data, { released: true }) };
    }
    case 'SELECT_MFA_TYPE': {
      const raw = required(responses, 'ANSWER');
      const chosen = (raw === 'EMAIL_MFA' ? 'EMAIL_OTP' : raw) as MfaFactor;
      if (!data.choices?.includes(chosen)) throw invalidParameter(BAD_SELECTION);
      return challengeFor(deps, pool, user, chosen, {});
    }
    case 'MFA_SETUP': {
      if (data.totpVerified && hasVerifiedSoftwareToken(user)) {
        return { kind: 'tokens', user: await succeed(deps, pool, user, 'SOFTWARE_TOKEN_MFA', data) };
      }
      const email = responses.EMAIL;
      if (email && data.setup?.includes('EMAIL_OTP')) {
        if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalidParameter('Invalid email address format.');
        return challengeFor(deps, pool, user, 'EMAIL_OTP', { pendingEmail: email });
      }
      // MFA_SETUP answered before VerifySoftwareToken accepted a code in this session chain.
      throw noSoftwareToken();
    }
    default:
      throw invalidParameter(`Unsupported challenge ${ctx.challengeName}.`);
  }
}

/**
 * A correct second factor: the MFA failure count is cleared; a phone or email becomes verified after its first
 * successful MFA (docs/compatibility.md, MFA: SetUserMFAPreference); a factor set up through MFA_SETUP is switched on (and preferred, if nothing was).
 */
async function succeed(deps: Deps, pool: PoolRecord, user: UserRecord, factor: MfaFactor, data: MfaSessionData, opts: { released?: boolean } = {}): Promise<UserRecord> {
  if (!opts.released) await releaseAttempts(deps, pool, user.usernameKey, 'mfa');
  const change = (u: UserRecord, touchAttributes: boolean): UserRecord | undefined => {
    let changed = false;
    const setUp = data.pendingEmail !== undefined || data.totpVerified === true;
    if (setUp) {
      const prev = mfaState(u);
      const enabled = new Set<MfaFactor>(prev?.enabled ?? []);
      enabled.add(factor);
      const next: MfaState = { ...(prev ?? {}), configured: true, enabled: FACTOR_ORDER.filter((f) => enabled.has(f)), preferred: prev?.preferred ?? factor };
      u.data = { ...u.data, mfa: next };
      changed = true;
    }
    if (touchAttributes) {
      if (data.pendingEmail !== undefined) {
        u.attributes = { ...u.attributes, email: data.pendingEmail, email_verified: 'true' };
        changed = true;
      } else if (factor === 'SMS_MFA' && u.attributes.phone_number_verified !== 'true') {
        u.attributes = { ...u.attributes, phone_number_verified: 'true' };
        changed = true;
      } else if (factor === 'EMAIL_OTP' && u.attributes.email_verified !== 'true') {
        u.attributes = { ...u.attributes, email_verified: 'true' };
        changed = true;
      }
    }
    return changed ? u : undefined;
  };
  try {
    return await updateUser(deps, pool, user, (u) => change(u, true), { aliases: true });
  } catch (e) {
    // The address is another user's alias: sign-in still succeeds, the attribute stays as it was.
    if (!isCognitoError(e) || e.type !== 'AliasExistsException' || data.pendingEmail !== undefined) throw e;
    return updateUser(deps, pool, user, (u) => change(u, false));
  }
}

// ---- passwordless one-time codes (USER_AUTH EMAIL_OTP / SMS_OTP first factor) ----

/**
 * Sends a sign-in code the way MFA codes are sent (the pool's MFA message templates, the outbox, the same code
 * lengths) and returns the challenge parameters and the keyed hash the session keeps
 * (docs/compatibility.md "Choice-based sign-in").
 */
export async function sendSignInCode(deps: Deps, pool: PoolRecord, user: UserRecord, channel: 'EMAIL' | 'SMS'): Promise<{ parameters: Record<string, string>; codeHash: string }> {
  const outcome = await challengeFor(deps, pool, user, channel === 'SMS' ? 'SMS_MFA' : 'EMAIL_OTP', {});
  if (outcome.kind !== 'challenge') throw new Error('a code challenge was expected');
  return { parameters: outcome.parameters, codeHash: (outcome.sessionData as MfaSessionData).codeHash! };
}

/**
 * Checks a sign-in code against the session's hash with the MFA codes' attempt reservation and lockout: the attempt
 * is counted before the comparison, a wrong code leaves the session usable and counts, a right one clears the count.
 */
export async function checkSignInCode(deps: Deps, pool: PoolRecord, user: UserRecord, session: ChallengeSessionRecord, channel: 'EMAIL' | 'SMS', code: string): Promise<void> {
  const factor: MfaFactor = channel === 'SMS' ? 'SMS_MFA' : 'EMAIL_OTP';
  await reserveCodeAttempt(deps, pool, user);
  if (!sameHash((session.data as MfaSessionData).codeHash, codeHash(deps, pool, user, factor, code))) {
    await countFailure(deps, session);
    throw codeMismatch(WRONG_DELIVERED_CODE);
  }
  await releaseAttempts(deps, pool, user.usernameKey, 'mfa');
}
