import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { eventUserAttributes } from './lifecycle.js';
import { runTrigger, triggerArn } from './triggers.js';

/**
 * The triggers around a sign-in: pre authentication (before the password or SRP proof is checked; a failing function
 * refuses the sign-in) and post authentication (after every factor passed, before tokens are issued: a failing
 * function refuses the tokens). https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-authentication.html,
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html
 */
export async function preAuthentication(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  clientMetadata: Record<string, string> | undefined,
): Promise<void> {
  if (!triggerArn(pool, 'PreAuthentication')) return;
  await runTrigger(deps, pool, 'PreAuthentication', 'PreAuthentication_Authentication', {
    userName: user.username,
    clientId: client.clientId,
    // The developer guide: the request's ClientMetadata reaches this trigger as validationData.
    request: { userAttributes: eventUserAttributes(user), validationData: clientMetadata ?? null },
  });
}

export async function postAuthentication(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  opts: { newDeviceUsed: boolean; clientMetadata?: Record<string, string> | undefined },
): Promise<void> {
  if (!triggerArn(pool, 'PostAuthentication')) return;
  await runTrigger(deps, pool, 'PostAuthentication', 'PostAuthentication_Authentication', {
    userName: user.username,
    clientId: client.clientId,
    request: {
      userAttributes: eventUserAttributes(user),
      newDeviceUsed: opts.newDeviceUsed,
      ...(opts.clientMetadata ? { clientMetadata: opts.clientMetadata } : {}),
    },
  });
}
