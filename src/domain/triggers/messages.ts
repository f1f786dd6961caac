import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { eventUserAttributes } from './lifecycle.js';
import { optionalString, runTrigger, triggerArn } from './triggers.js';

/**
 * The custom message trigger: before a code or an invitation goes out, the function may rewrite the SMS, the email and
 * its subject. It gets the placeholders (`{####}` for the code, `{username}` for the user name of an invitation) and
 * must put them where the values go: cognate fills them into whatever message comes back, and the message that reaches
 * the outbox is the function's. https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html
 */
export type CustomMessageSource =
  | 'CustomMessage_SignUp'
  | 'CustomMessage_AdminCreateUser'
  | 'CustomMessage_ResendCode'
  | 'CustomMessage_ForgotPassword'
  | 'CustomMessage_UpdateUserAttribute'
  | 'CustomMessage_VerifyUserAttribute'
  | 'CustomMessage_Authentication';

/** Who asked for the message, for the event's callerContext and clientMetadata. */
export interface MessageCaller {
  source?: CustomMessageSource;
  clientId?: string | undefined;
  clientMetadata?: Record<string, string> | undefined;
}

export interface Message {
  subject?: string | undefined;
  body: string;
}

export const CODE_PARAMETER = '{####}';
export const USERNAME_PARAMETER = '{username}';

/** The message to send: the function's where it answered one for this channel, the pool's otherwise. */
export async function customMessage(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  channel: 'SMS' | 'EMAIL',
  source: CustomMessageSource,
  message: Message,
  caller: MessageCaller = {},
): Promise<Message> {
  if (!triggerArn(pool, 'CustomMessage')) return message;
  const response = await runTrigger(deps, pool, 'CustomMessage', source, {
    userName: user.username,
    clientId: caller.clientId,
    request: {
      userAttributes: eventUserAttributes(user),
      codeParameter: CODE_PARAMETER,
      linkParameter: '{##Click Here##}',
      usernameParameter: source === 'CustomMessage_AdminCreateUser' ? USERNAME_PARAMETER : null,
      ...(caller.clientMetadata ? { clientMetadata: caller.clientMetadata } : {}),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (!response) return message;
  const sms = optionalString(response, 'smsMessage');
  const email = optionalString(response, 'emailMessage');
  const subject = optionalString(response, 'emailSubject');
  if (channel === 'SMS') return { ...message, body: sms ?? message.body };
  return { subject: subject ?? message.subject, body: email ?? message.body };
}
