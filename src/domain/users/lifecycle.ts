import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { aliasExists, notAuthorized, usernameExists } from '../errors.js';
import { aliasAttributes, autoVerifiedAttributes } from '../pools/config.js';
import { applyAttributeChanges, isVerifiable, markVerified, pendingAttributes, type Attributes, type VerifiableAttribute } from './attributes.js';
import { issueCode } from './codes.js';
import { aliasesOf, updateUser } from './users.js';

/**
 * Steps that several user operations share: alias ownership when a value becomes verified (ForceAliasCreation),
 * confirming a sign-up, and PreventUserExistenceErrors.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-aliases
 */

/**
 * The other user who holds `value` as a verified alias of kind `attribute` (email / phone_number aliases only:
 * with UsernameAttributes the value is a user name and a clash is UsernameExistsException at creation).
 */
export async function aliasOwner(
  deps: Pick<Deps, 'store'>,
  pool: PoolRecord,
  user: Pick<UserRecord, 'sub' | 'usernameKey'>,
  attribute: VerifiableAttribute,
  value: string,
): Promise<UserRecord | undefined> {
  if (!aliasAttributes(pool).includes(attribute)) return undefined;
  const entry = aliasesOf(pool, { sub: user.sub, attributes: { [attribute]: value, [`${attribute}_verified`]: 'true' } }).find((a) => a.kind === attribute);
  if (!entry) return undefined;
  const owner = await deps.store.users.findByAlias(pool.id, entry.kind, entry.valueKey);
  return owner && owner.usernameKey !== user.usernameKey ? owner : undefined;
}

export const aliasTaken = (attribute: string) => aliasExists(`An account with the given ${attribute} already exists.`);

/**
 * Before `attribute` = `value` becomes a verified alias of `user`: if another user holds it, either fail with
 * AliasExistsException or (force) take it over — the previous holder keeps the value but it is no longer verified,
 * so it no longer signs them in (AdminCreateUser/ConfirmSignUp ForceAliasCreation docs).
 */
export async function claimAlias(
  deps: Pick<Deps, 'store' | 'clock'>,
  pool: PoolRecord,
  user: Pick<UserRecord, 'sub' | 'usernameKey'>,
  attribute: VerifiableAttribute,
  value: string,
  force: boolean,
): Promise<void> {
  const owner = await aliasOwner(deps, pool, user, attribute, value);
  if (!owner) return;
  if (!force) throw aliasTaken(attribute);
  await updateUser(deps, pool, owner, (u) => {
    u.attributes = { ...u.attributes, [`${attribute}_verified`]: 'false' };
    return u;
  }, { aliases: true });
}

/**
 * Aliases of a new user's verified email/phone (AdminCreateUser), checked (or taken over) before it is stored. A
 * taken one is UsernameExistsException with the alias's message: AdminCreateUser does not model AliasExistsException,
 * and Cognito answers so (boto/boto3#3213).
 */
export async function claimNewUserAliases(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord, user: UserRecord, force: boolean): Promise<void> {
  for (const attribute of ['email', 'phone_number'] as const) {
    const value = user.attributes[attribute];
    if (!value || user.attributes[`${attribute}_verified`] !== 'true') continue;
    if (!force && (await aliasOwner(deps, pool, user, attribute, value))) {
      throw usernameExists(`An account with the given ${attribute} already exists.`);
    }
    await claimAlias(deps, pool, user, attribute, value, force);
  }
}

export function notConfirmable(user: UserRecord) {
  return notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
}

/** UNCONFIRMED → CONFIRMED; the attribute the confirmation code went to (if any) becomes verified. */
export async function confirmUser(
  deps: Pick<Deps, 'store' | 'clock'>,
  pool: PoolRecord,
  user: UserRecord,
  verified?: string,
): Promise<UserRecord> {
  return updateUser(deps, pool, user, (u) => {
    if (u.status !== 'UNCONFIRMED') throw notConfirmable(u);
    const next = verified && isVerifiable(verified) && u.attributes[verified] ? markVerified(u, verified) : u;
    next.status = 'CONFIRMED';
    return next;
  }, { aliases: true });
}

/**
 * (Admin)UpdateUserAttributes after their checks: applies the validated changes (an email or phone that changes without
 * its verified flag becomes unverified, or pending) and sends the verification codes; answers what was delivered.
 */
export async function updateAttributes(deps: Deps, pool: PoolRecord, user: UserRecord, changes: Attributes): Promise<CodeDeliveryDetailsType[]> {
  let toVerify: VerifiableAttribute[] = [];
  const updated = await updateUser(deps, pool, user, (u) => {
    const result = applyAttributeChanges(pool, u, changes);
    toVerify = result.toVerify;
    return result.user;
  }, { aliases: true });
  return sendAttributeCodes(deps, pool, updated, toVerify);
}

/**
 * Verification codes after an attribute change: for each changed (or pending) email/phone the pool auto-verifies.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-email-phone-verification.html
 */
export async function sendAttributeCodes(deps: Deps, pool: PoolRecord, user: UserRecord, changed: VerifiableAttribute[]): Promise<CodeDeliveryDetailsType[]> {
  const out: CodeDeliveryDetailsType[] = [];
  const auto = autoVerifiedAttributes(pool);
  const pending = pendingAttributes(user);
  for (const attribute of changed) {
    if (!auto.includes(attribute) && pending[attribute] === undefined) continue;
    const details = await issueCode(deps, pool, user, `verify:${attribute}`, undefined, { source: 'CustomMessage_UpdateUserAttribute' });
    if (details) out.push(details);
  }
  return out;
}
