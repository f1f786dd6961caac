import type { AccountTakeoverActionType, CompromisedCredentialsEventActionType } from '@aws-sdk/client-cognito-identity-provider';
import type { ClientRecord, DeviceRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { randomString, randomUuid } from '../../platform/random.js';
import type { SecondFactorOutcome } from '../auth/second-factor.js';
import type { Deps } from '../deps.js';
import { CognitoError, isCognitoError, notAuthorized } from '../errors.js';
import { advancedSecurityMode, customAuthSecurityMode } from '../pools/config.js';
import { effectiveRisk } from '../pools/risk.js';
import { updateUser } from '../users/users.js';
import { inRanges, riskAddress, type ContextDataInput } from './addresses.js';
import { isBreachedPassword } from './breached-passwords.js';
import { amendEvent, feedbackTokenInput, history, recordEvent } from './events.js';
import { assessRisk, type RiskLevel } from './model.js';
import { sendRiskNotification } from './notify.js';

/**
 * Threat protection at sign-in (docs/threat-protection.md): the one decision the sign-in flows (domain/auth/sign-in.ts)
 * ask for after a correct first factor, the pre-authentication address check, and the record of failed attempts.
 * The flows call in only when `threatMode` is not OFF, so a pool without threat protection pays for a look at its
 * configuration and nothing else.
 */
export const UNABLE_TO_LOGIN = 'Unable to login because of security reasons.';
export const REQUEST_NOT_ALLOWED = 'Request not allowed due to security reasons.';
export const PASSWORD_RESET_REQUIRED = 'Password reset required for the user';
/** Session-data key of an MFA challenge threat protection's event is waiting on. */
export const THREAT_EVENT = 'threatEventId';

export type SignInFlow = 'password' | 'custom';
export type ThreatMode = 'OFF' | 'AUDIT' | 'ENFORCED';

/** The mode that applies to a sign-in of this kind: the pool's, or CustomAuthMode for CUSTOM_AUTH. Pure. */
export function threatMode(pool: PoolRecord, flow: SignInFlow = 'password'): ThreatMode {
  return flow === 'custom' ? customAuthSecurityMode(pool) : advancedSecurityMode(pool);
}

export interface SignInRequest {
  pool: PoolRecord;
  client: ClientRecord;
  /** AdminInitiateAuth / AdminRespondToAuthChallenge: ContextData is trusted. */
  admin: boolean;
  sourceIp?: string | undefined;
  contextData?: ContextDataInput | undefined;
}

export interface SignInCheck extends SignInRequest {
  user: UserRecord;
  flow: SignInFlow;
  /** The remembered device the request named, if any. */
  device?: DeviceRecord | undefined;
  /** The plaintext password of USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH, for the breached-password check. */
  password?: string | undefined;
}

/** What the decision asks of the rest of the sign-in (ENFORCED only; AUDIT never asks anything). */
export interface ThreatVerdict {
  eventId: string;
  usernameKey: string;
  mfa?: 'IF_CONFIGURED' | 'REQUIRED';
}

const ACTION_OF_LEVEL: Record<RiskLevel, 'LowAction' | 'MediumAction' | 'HighAction'> = { Low: 'LowAction', Medium: 'MediumAction', High: 'HighAction' };

function fingerprintOf(deps: Pick<Deps, 'hashSecret'>, pool: PoolRecord, encoded: string | undefined): string {
  return encoded ? deps.hashSecret(`device-fingerprint\u0000${pool.id}\u0000${encoded}`) : '';
}

/** BlockedIPRangeList (ENFORCED): refused before any password is looked at. */
export async function refuseBlockedAddress(deps: Pick<Deps, 'store' | 'clock'>, req: SignInRequest): Promise<void> {
  const config = await effectiveRisk(deps, req.pool.id, req.client.clientId);
  const address = riskAddress(req.client, req.admin, req.sourceIp, req.contextData);
  if (inRanges(address, config.RiskExceptionConfiguration?.BlockedIPRangeList)) throw notAuthorized(REQUEST_NOT_ALLOWED);
}

/**
 * After a correct first factor: evaluates the risk, records the event, notifies, and in ENFORCED mode acts — throws
 * for BLOCK and for a breached password under BLOCK, or returns the MFA the risk level asks for.
 */
export async function checkSignIn(deps: Deps, req: SignInCheck): Promise<ThreatVerdict> {
  const { pool, user } = req;
  const enforced = threatMode(pool, req.flow) === 'ENFORCED';
  const config = await effectiveRisk(deps, pool.id, req.client.clientId);
  const ipAddress = riskAddress(req.client, req.admin, req.sourceIp, req.contextData);
  const fingerprint = fingerprintOf(deps, pool, req.contextData?.EncodedData);
  const skipped = inRanges(ipAddress, config.RiskExceptionConfiguration?.SkippedIPRangeList);

  const compromisedConfig = config.CompromisedCredentialsRiskConfiguration;
  const checksSignIn = !compromisedConfig?.EventFilter || compromisedConfig.EventFilter.includes('SIGN_IN');
  const compromised = req.password !== undefined && checksSignIn && (await isBreachedPassword(req.password));
  const compromisedAction: CompromisedCredentialsEventActionType = compromisedConfig?.Actions?.EventAction ?? 'NO_ACTION';

  const assessment = skipped ? { reasons: [] } : assessRisk(await history(deps, pool, user), { ipAddress, fingerprint, rememberedDevice: req.device !== undefined, now: deps.clock.now() });
  const level = 'level' in assessment ? assessment.level : undefined;
  const action: AccountTakeoverActionType | undefined = level ? config.AccountTakeoverRiskConfiguration?.Actions?.[ACTION_OF_LEVEL[level]] : undefined;
  const eventAction = action?.EventAction ?? 'NO_ACTION';
  const blocks = eventAction === 'BLOCK' || (compromised && compromisedAction === 'BLOCK');
  const notifies = enforced && action?.Notify === true && config.AccountTakeoverRiskConfiguration?.NotifyConfiguration !== undefined;
  const token = notifies ? randomString(deps.random, 43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') : undefined;

  const eventId = randomUuid(deps.random);
  await recordEvent(
    deps,
    pool,
    user,
    {
      eventType: 'SignIn',
      response: enforced && blocks ? 'Fail' : 'Pass',
      riskDecision: blocks ? 'Block' : level ? 'AccountTakeover' : 'NoRisk',
      ...(level ? { riskLevel: level } : {}),
      compromised,
      // A custom flow's challenges are the functions' own: the model's ChallengeName has no name for them.
      challenges: req.flow === 'custom' ? [] : [{ name: 'Password', response: 'Success' }],
      reasons: [...assessment.reasons, ...(compromised ? ['compromised-credentials'] : [])],
      ...(ipAddress ? { ipAddress } : {}),
      fingerprint,
      ...(req.device?.name ? { deviceName: req.device.name } : {}),
      ...(token ? { feedbackTokenHash: deps.hashSecret(feedbackTokenInput(pool, user, eventId, token)) } : {}),
    },
    eventId,
  );
  deps.log.info('threat protection evaluated a sign-in', { poolId: pool.id, eventId, level: level ?? 'none', reasons: assessment.reasons, compromised, enforced });

  if (notifies && token) {
    const kind = eventAction === 'BLOCK' ? 'BLOCK' : eventAction === 'NO_ACTION' ? 'NO_ACTION' : 'MFA';
    await sendRiskNotification(deps, pool, user, config.AccountTakeoverRiskConfiguration?.NotifyConfiguration, kind, {
      eventId, token, ...(ipAddress ? { ipAddress } : {}), ...(req.device?.name ? { deviceName: req.device.name } : {}),
    });
  }
  if (enforced && compromised && compromisedAction === 'BLOCK') {
    // Cognito: "When Amazon Cognito blocks sign-in for a user, it sets the user's UserStatus to RESET_REQUIRED."
    await updateUser(deps, pool, user, (u) => ({ ...u, status: 'RESET_REQUIRED' }));
    throw new CognitoError('PasswordResetRequiredException', PASSWORD_RESET_REQUIRED);
  }
  if (enforced && eventAction === 'BLOCK') throw notAuthorized(UNABLE_TO_LOGIN);
  const mfa = !enforced ? undefined : eventAction === 'MFA_IF_CONFIGURED' ? 'IF_CONFIGURED' : eventAction === 'MFA_REQUIRED' ? 'REQUIRED' : undefined;
  return { eventId, usernameKey: user.usernameKey, ...(mfa ? { mfa } : {}) };
}

/**
 * Runs the MFA decision under a verdict: a challenge leaves the event InProgress (and carries its id in the session,
 * so the answer can complete it); a refusal of MFA_REQUIRED for a user with no factor marks it a blocked failure.
 */
export async function decideUnderVerdict(
  deps: Pick<Deps, 'store'>,
  pool: PoolRecord,
  verdict: ThreatVerdict,
  decide: () => Promise<SecondFactorOutcome>,
): Promise<SecondFactorOutcome> {
  let outcome: SecondFactorOutcome;
  try {
    outcome = await decide();
  } catch (e) {
    if (isCognitoError(e) && e.message === UNABLE_TO_LOGIN) {
      await amendEvent(deps, pool.id, verdict.usernameKey, verdict.eventId, (d) => ({ ...d, response: 'Fail', riskDecision: 'Block' }));
    }
    throw e;
  }
  if (outcome.kind === 'tokens') return outcome;
  await amendEvent(deps, pool.id, verdict.usernameKey, verdict.eventId, (d) => ({ ...d, response: 'InProgress' }));
  return { ...outcome, sessionData: { ...outcome.sessionData, [THREAT_EVENT]: verdict.eventId } };
}

/** An MFA challenge of a recorded sign-in was answered correctly: the event passes, with its MFA step. */
export async function completeEvent(deps: Pick<Deps, 'store'>, pool: PoolRecord, user: UserRecord, sessionData: Record<string, unknown>): Promise<void> {
  const eventId = sessionData[THREAT_EVENT];
  if (typeof eventId !== 'string') return;
  await amendEvent(deps, pool.id, user.usernameKey, eventId, (d) => ({ ...d, response: 'Pass', challenges: [...d.challenges, { name: 'Mfa', response: 'Success' }] }));
}

/**
 * A first factor was refused: a wrong password or proof of an existing user of a pool with threat protection on is a
 * failed sign-in (the failure-burst signal); anything else is passed on untouched. Always rethrows.
 */
export async function noteFailedSignIn(deps: Deps, req: SignInRequest & { flow: SignInFlow }, user: UserRecord | string, e: unknown): Promise<never> {
  if (threatMode(req.pool, req.flow) !== 'OFF' && isCognitoError(e) && e.type === 'NotAuthorizedException' && e.message === 'Incorrect username or password.') {
    const found = typeof user === 'string' ? await deps.store.users.get(req.pool.id, user) : user;
    if (found) {
      const ipAddress = riskAddress(req.client, req.admin, req.sourceIp, req.contextData);
      await recordEvent(deps, req.pool, found, {
        eventType: 'SignIn', response: 'Fail', riskDecision: 'NoRisk', compromised: false, challenges: [{ name: 'Password', response: 'Failure' }], reasons: [],
        ...(ipAddress ? { ipAddress } : {}), fingerprint: fingerprintOf(deps, req.pool, req.contextData?.EncodedData),
      });
    }
  }
  throw e;
}
