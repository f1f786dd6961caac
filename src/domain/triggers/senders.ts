import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { lambdaConfig } from '../pools/config.js';
import { eventUserAttributes } from './lifecycle.js';
import type { CustomMessageSource } from './messages.js';
import { runTrigger, triggerArn, unexpectedLambda, type TriggerName } from './triggers.js';

/**
 * The custom sender triggers: when a pool names CustomSMSSender (CustomEmailSender), every SMS (email) Cognito would
 * send goes to that function instead — with the code, or the temporary password of an invitation, encrypted — and
 * Cognito itself sends nothing: no message text, no custom message trigger for that channel, nothing in cognate's
 * outbox. https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sender-triggers.html
 */
export type SenderChannel = 'SMS' | 'EMAIL';

/** Why the message goes out: the suffix of the event's triggerSource (`CustomSMSSender_SignUp`, …). */
export type SenderSource =
  | 'SignUp'
  | 'ResendCode'
  | 'ForgotPassword'
  | 'UpdateUserAttribute'
  | 'VerifyUserAttribute'
  | 'AdminCreateUser'
  | 'Authentication'
  | 'AccountTakeOverNotification';

/** The sender's triggerSource suffix for a message the custom message trigger would see as `source`. */
export function senderSourceOf(source: CustomMessageSource): SenderSource {
  return source.slice('CustomMessage_'.length) as SenderSource;
}

const TRIGGER: Record<SenderChannel, TriggerName> = { SMS: 'CustomSMSSender', EMAIL: 'CustomEmailSender' };
const REQUEST_TYPE: Record<SenderChannel, string> = { SMS: 'customSMSSenderRequestV1', EMAIL: 'customEmailSenderRequestV1' };

/** Whether messages of `channel` go to a custom sender function in this pool (one property read when not). */
export function hasCustomSender(pool: Pick<PoolRecord, 'config'>, channel: SenderChannel): boolean {
  return triggerArn(pool, TRIGGER[channel]) !== undefined;
}

export interface SenderCall {
  source: SenderSource;
  /** The secret to encrypt into `request.code`; `null` where the message carries none (account-takeover notices). */
  code: string | null;
  clientId?: string | undefined;
  clientMetadata?: Record<string, string> | undefined;
}

/**
 * Hands one message to the pool's sender function. A function that fails fails the request as any trigger does
 * (docs/triggers.md, Errors). A KMSKeyID the server has no key for is UnexpectedLambdaException: the code cannot be
 * encrypted, so the function cannot be invoked (the server's log says which setting is missing).
 */
export async function sendWithCustomSender(deps: Deps, pool: PoolRecord, user: UserRecord, channel: SenderChannel, call: SenderCall): Promise<void> {
  const trigger = TRIGGER[channel];
  let code: string | null = null;
  if (call.code !== null) {
    const kmsKeyId = lambdaConfig(pool).KMSKeyID;
    const encrypted = kmsKeyId ? await deps.senderCodes?.encrypt(kmsKeyId, call.code) : undefined;
    if (encrypted === undefined) {
      deps.log.warn('custom sender: no key for the pool\'s KMSKeyID in the server configuration (sender-keys, docs/triggers.md)', { poolId: pool.id, kmsKeyId: kmsKeyId ?? null });
      throw unexpectedLambda(trigger, 'KMSKeyNotConfigured');
    }
    code = encrypted;
  }
  await runTrigger(deps, pool, trigger, `${trigger}_${call.source}`, {
    userName: user.username,
    clientId: call.clientId,
    request: {
      type: REQUEST_TYPE[channel],
      code,
      clientMetadata: call.clientMetadata ?? null,
      userAttributes: eventUserAttributes(user),
    },
  });
}
