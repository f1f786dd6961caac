import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidParameter, notAuthorized, userDoesNotExist } from '../errors.js';
import { schemaAttributes } from '../pools/config.js';
import { applyAttributeChanges, checkAttributeUpdate, checkClientWrite } from '../users/attributes.js';
import { checkPasswordHistory, withNewPassword } from '../users/passwords.js';
import { checkPasswordPolicy, updateUser } from '../users/users.js';
import { requireParam } from './first-factor.js';
import { checkNewPassword } from '../threat/credentials.js';
import { threatMode } from '../threat/sign-in.js';
import { advanceSession, SESSION_INVALID } from './sessions.js';

/**
 * NEW_PASSWORD_REQUIRED: the first sign-in of a user an administrator created with a temporary password
 * (FORCE_CHANGE_PASSWORD). It comes before any MFA challenge (docs/compatibility.md, MFA: the sign-in decision). The challenge lists the user's
 * attributes and the pool's required attributes the user still lacks, prefixed `userAttributes.` as Amplify and
 * amazon-cognito-identity-js expect; the answer sets the password and may supply attributes as
 * `userAttributes.<name>` responses.
 */
export const NEW_PASSWORD_REQUIRED = 'NEW_PASSWORD_REQUIRED';
const ATTRIBUTE_PREFIX = 'userAttributes.';

function missingRequired(pool: PoolRecord, attributes: Record<string, string>): string[] {
  return schemaAttributes(pool)
    .filter((a) => a.Required && a.Name !== 'sub' && !attributes[a.Name])
    .map((a) => a.Name);
}

export function newPasswordChallengeParameters(pool: PoolRecord, user: UserRecord): Record<string, string> {
  const visible: Record<string, string> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name !== 'sub' && !name.startsWith('dev:')) visible[name] = value;
  }
  return {
    USER_ID_FOR_SRP: user.username,
    requiredAttributes: JSON.stringify(missingRequired(pool, user.attributes).map((n) => `${ATTRIBUTE_PREFIX}${n}`)),
    userAttributes: JSON.stringify(visible),
  };
}

/**
 * Checks and applies an answer; returns the user, now CONFIRMED with a permanent password. The session is used up
 * only once the answer is acceptable (a password the policy refuses can be corrected within the same session).
 */
export async function answerNewPassword(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  record: ChallengeSessionRecord,
  responses: Record<string, string>,
): Promise<UserRecord> {
  const newPassword = requireParam(responses, 'NEW_PASSWORD');
  const user = await deps.store.users.get(pool.id, record.usernameKey);
  if (!user) throw userDoesNotExist();
  if (user.status !== 'FORCE_CHANGE_PASSWORD') throw notAuthorized(SESSION_INVALID);

  const given: Record<string, string> = {};
  for (const [key, value] of Object.entries(responses)) {
    if (key.startsWith(ATTRIBUTE_PREFIX)) given[key.slice(ATTRIBUTE_PREFIX.length)] = value;
  }
  checkClientWrite(client, Object.keys(given));
  const changes = checkAttributeUpdate(pool, given);
  const missing = missingRequired(pool, { ...user.attributes, ...changes });
  if (missing.length) throw invalidParameter(`Invalid attributes given, ${missing.join(' and ')} is missing`);
  checkPasswordPolicy(pool, newPassword);
  checkPasswordHistory(pool, user, newPassword);
  if (threatMode(pool) !== 'OFF') await checkNewPassword(deps, pool, client.clientId, 'PASSWORD_CHANGE', newPassword, user);

  await advanceSession(deps, record);
  return updateUser(
    deps,
    pool,
    user,
    (u) => {
      if (u.status !== 'FORCE_CHANGE_PASSWORD') throw notAuthorized(SESSION_INVALID);
      return withNewPassword(deps, pool, applyAttributeChanges(pool, u, changes).user, newPassword, { temporary: false });
    },
    { aliases: true },
  );
}
