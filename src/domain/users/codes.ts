import { timingSafeEqual } from 'node:crypto';
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import { randomDigits } from '../../platform/random.js';
import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, codeMismatch, expiredCode, invalidParameter, limitExceeded } from '../errors.js';
import { maskDestination } from '../messaging/mask.js';
import { autoVerifiedAttributes, invitationMessage, recoveryMechanisms, verificationMessage } from '../pools/config.js';
import { CODE_ANSWERS, CODE_REQUESTS, releaseAttempts, reserveAttempt } from './attempts.js';
import { pendingAttributes, type VerifiableAttribute } from './attributes.js';
import { customMessage, type CustomMessageSource, type MessageCaller } from '../triggers/messages.js';
import { hasCustomSender, sendWithCustomSender, senderSourceOf } from '../triggers/senders.js';

/**
 * Verification codes (sign-up confirmation, attribute verification, forgot password): 6 random digits, kept only
 * as a keyed hash bound to (pool, user, purpose), one live code per (user, purpose), consumed once by a guarded
 * update. Sign-up and attribute codes live 24 hours, forgot-password codes 1 hour (docs/compatibility.md, Users: codes). The plaintext code
 * exists in exactly one place afterwards: the delivery record (outbox).
 */
export type CodePurpose = 'signup' | 'forgot-password' | 'verify:email' | 'verify:phone_number';
export type Channel = 'EMAIL' | 'SMS';

const HOUR = 3600_000;
export const CODE_LIFETIME_MS: Record<CodePurpose, number> = {
  signup: 24 * HOUR,
  'forgot-password': HOUR,
  'verify:email': 24 * HOUR,
  'verify:phone_number': 24 * HOUR,
};


export const CODE_MISMATCH = 'Invalid verification code provided, please try again.';
export const CODE_EXPIRED = 'Invalid code provided, please request a code again.';
export const ATTEMPT_LIMIT = 'Attempt limit exceeded, please try after some time.';
export const NO_RECOVERY_DESTINATION = 'Cannot reset password for the user as there is no registered/verified email or phone_number';

export interface DeliveryTarget {
  channel: Channel;
  attribute: VerifiableAttribute;
  destination: string;
}

const channelOf = (attribute: VerifiableAttribute): Channel => (attribute === 'email' ? 'EMAIL' : 'SMS');
const target = (attribute: VerifiableAttribute, destination: string): DeliveryTarget => ({ channel: channelOf(attribute), attribute, destination });

/**
 * Where a code for `purpose` goes:
 * - signup: the pool's AutoVerifiedAttributes the user has; the phone when both (Cognito sends sign-up codes by
 *   SMS when email and phone are both auto-verified), unless `preferredChannel` names the other;
 * - forgot-password: the AccountRecoverySetting mechanisms by priority (verified values only); without the setting
 *   the legacy order: verified phone, then verified email;
 * - verify:<attr>: the attribute's pending new value, else its current value.
 */
export function deliveryTarget(pool: PoolRecord, user: UserRecord, purpose: CodePurpose, preferredChannel?: Channel): DeliveryTarget | undefined {
  const a = user.attributes;
  if (purpose === 'signup') {
    const auto = autoVerifiedAttributes(pool);
    const candidates = (['phone_number', 'email'] as const).filter((n) => auto.includes(n) && a[n]);
    const chosen = candidates.find((n) => channelOf(n) === preferredChannel) ?? candidates[0];
    return chosen ? target(chosen, a[chosen]!) : undefined;
  }
  if (purpose === 'forgot-password') {
    const verified = (n: VerifiableAttribute) => Boolean(a[n]) && a[`${n}_verified`] === 'true';
    const mechanisms = recoveryMechanisms(pool);
    let order: VerifiableAttribute[] = ['phone_number', 'email'];
    if (mechanisms) {
      order = mechanisms
        .map((m) => (m.Name === 'verified_email' ? 'email' : m.Name === 'verified_phone_number' ? 'phone_number' : undefined))
        .filter((n): n is VerifiableAttribute => n !== undefined);
    }
    const candidates = order.filter(verified);
    const chosen = candidates.find((n) => channelOf(n) === preferredChannel) ?? candidates[0];
    return chosen ? target(chosen, a[chosen]!) : undefined;
  }
  const attribute = purpose === 'verify:email' ? 'email' : 'phone_number';
  const destination = pendingAttributes(user)[attribute] ?? a[attribute];
  return destination ? target(attribute, destination) : undefined;
}

// ---- masking (CodeDeliveryDetails.Destination, CODE_DELIVERY_DESTINATION) ----

export { maskDestination, maskEmail, maskPhone } from '../messaging/mask.js';

export function codeDeliveryDetails(t: DeliveryTarget): CodeDeliveryDetailsType {
  return { Destination: maskDestination(t.channel, t.destination), DeliveryMedium: t.channel, AttributeName: t.attribute };
}

// ---- messages ----

function fill(template: string, code: string, username: string): string {
  return template.split('{####}').join(code).split('{username}').join(username);
}

async function deliver(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  t: DeliveryTarget,
  purpose: string,
  secret: string,
  given: { subject?: string | undefined; body: string },
  opts: { recordCode: boolean; caller?: MessageCaller | undefined } = { recordCode: true },
): Promise<void> {
  const source = opts.caller?.source ?? MESSAGE_SOURCE[purpose] ?? 'CustomMessage_SignUp';
  if (hasCustomSender(pool, t.channel)) {
    const caller = opts.caller ?? {};
    await sendWithCustomSender(deps, pool, user, t.channel, { source: senderSourceOf(source), code: secret, clientId: caller.clientId, clientMetadata: caller.clientMetadata });
    return;
  }
  // The custom message trigger's answer replaces the pool's message (a failing function fails the request, unsent).
  const message = await customMessage(deps, pool, user, t.channel, source, given, opts.caller);
  try {
    await deps.delivery.send({
      poolId: pool.id,
      username: user.username,
      channel: t.channel,
      destination: t.destination,
      ...(message.subject !== undefined ? { subject: fill(message.subject, secret, user.username) } : {}),
      body: fill(message.body, secret, user.username),
      ...(opts.recordCode ? { code: secret } : {}),
      purpose,
    });
  } catch (e) {
    deps.log.error('message delivery failed', { poolId: pool.id, channel: t.channel, purpose, error: e instanceof Error ? e.message : String(e) });
    throw new CognitoError('CodeDeliveryFailureException', `Unable to deliver the message to the ${t.channel === 'EMAIL' ? 'email address' : 'phone number'}.`);
  }
}

/** The custom message trigger's triggerSource for each purpose, unless the caller names another. */
const MESSAGE_SOURCE: Record<string, CustomMessageSource> = {
  signup: 'CustomMessage_SignUp',
  'forgot-password': 'CustomMessage_ForgotPassword',
  'verify:email': 'CustomMessage_VerifyUserAttribute',
  'verify:phone_number': 'CustomMessage_VerifyUserAttribute',
  invitation: 'CustomMessage_AdminCreateUser',
};

// ---- codes ----

function codeHash(deps: Pick<Deps, 'hashSecret'>, pool: PoolRecord, user: UserRecord, purpose: CodePurpose, code: string): string {
  return deps.hashSecret(`code\u0000${pool.id}\u0000${user.usernameKey}\u0000${purpose}\u0000${code}`);
}

/**
 * Issues a fresh code for `purpose` (replacing any live one), delivers it and returns the masked delivery details.
 * No destination: `signup` returns undefined (no auto-verified attribute: nothing is sent); `forgot-password`
 * throws InvalidParameterException NO_RECOVERY_DESTINATION; `verify:<attr>` throws InvalidParameterException.
 */
export async function issueCode(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  purpose: CodePurpose,
  preferredChannel?: Channel,
  caller?: MessageCaller,
): Promise<CodeDeliveryDetailsType | undefined> {
  const t = deliveryTarget(pool, user, purpose, preferredChannel);
  if (!t) {
    if (purpose === 'signup') return undefined;
    if (purpose === 'forgot-password') throw invalidParameter(NO_RECOVERY_DESTINATION);
    throw invalidParameter(`User does not have a value for the attribute: ${purpose.slice('verify:'.length)}`);
  }
  const code = randomDigits(deps.random, 6);
  const now = deps.clock.now();
  await deps.store.codes.put({
    poolId: pool.id,
    usernameKey: user.usernameKey,
    purpose,
    codeHash: codeHash(deps, pool, user, purpose, code),
    createdAt: now,
    expiresAt: now + CODE_LIFETIME_MS[purpose],
    failures: 0,
  });
  await deliver(deps, pool, user, t, purpose, code, verificationMessage(pool, t.channel), { recordCode: true, caller });
  return codeDeliveryDetails(t);
}

/**
 * The per-user limit on asking for codes (ForgotPassword, ResendConfirmationCode, GetUserAttributeVerificationCode):
 * 5 per user and purpose per hour, counted whether or not a code goes out (users/attempts.ts CODE_REQUESTS), so that
 * asking again and again neither floods the user nor buys an attacker fresh tries.
 */
export async function limitCodeRequest(deps: Deps, pool: PoolRecord, usernameKey: string, purpose: CodePurpose): Promise<void> {
  if (!(await reserveAttempt(deps, pool, usernameKey, `send:${purpose}`, CODE_REQUESTS))) throw limitExceeded(ATTEMPT_LIMIT);
}

/**
 * Checks and consumes a code: exactly one caller succeeds with the right code. Every answer first takes a slot
 * (users/attempts.ts CODE_ANSWERS: 5 wrong answers per user and purpose, then LimitExceededException for an hour,
 * across codes); wrong code → CodeMismatchException; no live code, a used or an expired one → ExpiredCodeException.
 */
export async function verifyCode(deps: Deps, pool: PoolRecord, user: UserRecord, purpose: CodePurpose, code: string): Promise<void> {
  const now = deps.clock.now();
  const row = await deps.store.codes.get(pool.id, user.usernameKey, purpose);
  if (!row || row.usedAt !== undefined || row.expiresAt <= now) throw expiredCode(CODE_EXPIRED);
  if (!(await reserveAttempt(deps, pool, user.usernameKey, `code:${purpose}`, CODE_ANSWERS))) throw limitExceeded(ATTEMPT_LIMIT);
  const hash = codeHash(deps, pool, user, purpose, code);
  const a = Buffer.from(hash);
  const b = Buffer.from(row.codeHash);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw codeMismatch(CODE_MISMATCH);
  if (!(await deps.store.codes.consume(pool.id, user.usernameKey, purpose, hash, now))) throw expiredCode(CODE_EXPIRED);
  await releaseAttempts(deps, pool, user.usernameKey, `code:${purpose}`);
}

/**
 * AdminCreateUser's invitation: the name to sign in with and the temporary password, by each requested medium the
 * user has an address for. `signInName` is what the administrator gave as Username: in pools that sign in by email
 * or phone the stored user name is the sub, which the user never types. The message body is the delivery record:
 * the one place the temporary password appears.
 */
export async function sendInvitation(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  temporaryPassword: string,
  channels: Channel[],
  signInName: string = user.username,
): Promise<void> {
  for (const channel of channels) {
    const attribute: VerifiableAttribute = channel === 'EMAIL' ? 'email' : 'phone_number';
    const destination = user.attributes[attribute];
    if (!destination) continue;
    const message = invitationMessage(pool, channel);
    const named = { subject: message.subject?.split('{username}').join(signInName), body: message.body.split('{username}').join(signInName) };
    await deliver(deps, pool, user, target(attribute, destination), 'invitation', temporaryPassword, named, { recordCode: false });
  }
}
