import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { runTrigger, triggerArn } from './triggers.js';

/**
 * Triggers of a user's life after sign-up: post confirmation.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
 */

/** A user's attributes as trigger events carry them: with `sub` and `cognito:user_status`. */
export function eventUserAttributes(user: UserRecord): Record<string, string> {
  return { ...user.attributes, 'cognito:user_status': user.status };
}

/**
 * Post confirmation, after the confirmation (or the new password) is written: Cognito leaves the user confirmed when
 * the function fails, and so does cognate — the operation answers the function's error, the state stays.
 */
export async function postConfirmation(
  deps: Deps,
  pool: PoolRecord,
  source: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
  user: UserRecord,
  opts: { client?: ClientRecord | undefined; clientMetadata?: Record<string, string> | undefined },
): Promise<void> {
  if (!triggerArn(pool, 'PostConfirmation')) return;
  const current = (await deps.store.users.get(pool.id, user.usernameKey)) ?? user;
  await runTrigger(deps, pool, 'PostConfirmation', source, {
    userName: current.username,
    clientId: opts.client?.clientId,
    request: { userAttributes: eventUserAttributes(current), ...(opts.clientMetadata ? { clientMetadata: opts.clientMetadata } : {}) },
  });
}
