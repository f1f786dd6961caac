import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { eventUserAttributes } from './lifecycle.js';
import { preventsUserExistenceErrors } from '../clients/config.js';
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
    request: { userAttributes: eventUserAttributes(user), validationData: clientMetadata ?? null, ...userNotFoundMember(client, false) },
  });
}

/**
 * Pre authentication for a user name nobody has, in a client with PreventUserExistenceErrors ENABLED: Cognito invokes
 * the function as for a user (no attributes, `userNotFound: true`), so that its cost and its refusals do not tell the
 * two apart (developer guide, pre authentication parameters). Without the setting nothing is invoked: the sign-in
 * answers UserNotFoundException.
 */
export async function preAuthenticationOfUnknown(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  clientMetadata: Record<string, string> | undefined,
): Promise<void> {
  if (!triggerArn(pool, 'PreAuthentication') || !preventsUserExistenceErrors(client)) return;
  await runTrigger(deps, pool, 'PreAuthentication', 'PreAuthentication_Authentication', {
    userName: username,
    clientId: client.clientId,
    request: { userAttributes: {}, validationData: clientMetadata ?? null, userNotFound: true },
  });
}

/** `userNotFound` is in the events only where the client prevents user existence errors (developer guide). */
function userNotFoundMember(client: ClientRecord, notFound: boolean): { userNotFound?: boolean } {
  return preventsUserExistenceErrors(client) ? { userNotFound: notFound } : {};
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
