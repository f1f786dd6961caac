import type { ProviderUserIdentifierType } from '@aws-sdk/client-cognito-identity-provider';
import { StoreConflictError, type PoolRecord, type ProviderLinkRecord, type UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { aliasExists, invalidParameter, limitExceeded, userDoesNotExist } from '../errors.js';
import { schemaAttribute } from '../users/attributes.js';
import { findUser, getUser, updateUser, userData } from '../users/users.js';
import { providerNotFound } from './providers.js';

/**
 * AdminLinkProviderForUser / AdminDisableProviderForUser (docs/compatibility.md "Identity providers"): an identity of
 * an external provider — (provider, attribute, value), `Cognito_Subject` being the provider's own subject — is linked
 * to one existing user, who then signs in through that provider as themself. The link is a store record, found by
 * the identity at federated sign-in (`findLinkedUser`); the user's `identities` attribute lists the user's
 * linked identities as Cognito shows them.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation-consolidate-users.html
 */
export const MAX_LINKS_PER_USER = 5;
export const COGNITO_PROVIDER = 'Cognito';
export const COGNITO_SUBJECT = 'Cognito_Subject';
const SOCIAL_TYPES = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);

/** One entry of the `identities` attribute (a JSON array in a string, as in Cognito's user records and ID tokens). */
export interface IdentityEntry {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: boolean;
  dateCreated: number;
}

export function identitiesOf(user: UserRecord): IdentityEntry[] {
  const raw = user.attributes.identities;
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as IdentityEntry[]) : [];
  } catch {
    return [];
  }
}

function withIdentities(u: UserRecord, entries: IdentityEntry[]): UserRecord {
  const attributes = { ...u.attributes };
  if (entries.length === 0) delete attributes.identities;
  else attributes.identities = JSON.stringify(entries);
  return { ...u, attributes };
}

interface Identity {
  providerName: string;
  attributeName: string;
  attributeValue: string;
}

function identityOf(which: string, given: ProviderUserIdentifierType | undefined, needsAttributeName: boolean): Identity {
  const providerName = given?.ProviderName;
  const attributeName = given?.ProviderAttributeName;
  const attributeValue = given?.ProviderAttributeValue;
  if (!providerName) throw invalidParameter(`${which}.ProviderName is required.`);
  if (!attributeValue) throw invalidParameter(`${which}.ProviderAttributeValue is required.`);
  if (needsAttributeName && !attributeName) throw invalidParameter(`${which}.ProviderAttributeName is required.`);
  return { providerName, attributeName: attributeName ?? '', attributeValue };
}

/** The external provider an identity names: it must be one of the pool's, and a social one is linked by its subject. */
async function externalProvider(deps: Pick<Deps, 'store'>, pool: PoolRecord, which: string, identity: Identity) {
  if (identity.providerName === COGNITO_PROVIDER) throw invalidParameter(`${which} must be a user of an external identity provider, not a Cognito user.`);
  const provider = await deps.store.identityProviders.get(pool.id, identity.providerName);
  if (!provider) throw providerNotFound(identity.providerName);
  if (SOCIAL_TYPES.has(provider.providerType) && identity.attributeName !== COGNITO_SUBJECT) {
    throw invalidParameter(`${which}.ProviderAttributeName must be ${COGNITO_SUBJECT} for ${provider.providerType}.`);
  }
  return provider;
}

/** The user name Cognito gives a federated user: `<ProviderName>_<subject>`. */
export const federatedUsername = (providerName: string, subject: string) => `${providerName}_${subject}`;

/**
 * The destination: a user of the pool by user name (ProviderName `Cognito`), or a federated user by its provider's
 * subject (the DestinationUser documentation); ProviderAttributeName is ignored.
 */
async function destinationUser(deps: Pick<Deps, 'store'>, pool: PoolRecord, identity: Identity): Promise<UserRecord> {
  if (identity.providerName === COGNITO_PROVIDER) return getUser(deps, pool, identity.attributeValue);
  if (!(await deps.store.identityProviders.get(pool.id, identity.providerName))) throw providerNotFound(identity.providerName);
  const user = await findUser(deps, pool, federatedUsername(identity.providerName, identity.attributeValue));
  if (!user) throw userDoesNotExist();
  return user;
}

export async function linkProviderForUser(
  deps: Pick<Deps, 'store' | 'clock'>,
  pool: PoolRecord,
  destination: ProviderUserIdentifierType | undefined,
  source: ProviderUserIdentifierType | undefined,
): Promise<void> {
  const dest = identityOf('DestinationUser', destination, false);
  const src = identityOf('SourceUser', source, true);
  const user = await destinationUser(deps, pool, dest);
  const provider = await externalProvider(deps, pool, 'SourceUser', src);
  // "All attributes in the DestinationUser profile must be mutable" (the DestinationUser documentation).
  const immutable = Object.keys(user.attributes).find((name) => name.startsWith('custom:') && schemaAttribute(pool, name)?.Mutable === false);
  if (immutable) throw invalidParameter(`The destination user has the immutable attribute ${immutable}; a user with immutable attributes cannot be linked.`);
  // The source must not have signed in yet: its identity would belong to a user of its own.
  if (src.attributeName === COGNITO_SUBJECT && (await findUser(deps, pool, federatedUsername(src.providerName, src.attributeValue)))) {
    throw invalidParameter('Merging is not currently supported, provide a SourceUser that has not been linked to a user and has not signed in previously.');
  }
  if ((await deps.store.identityProviders.linksForUser(pool.id, user.usernameKey)).length >= MAX_LINKS_PER_USER) {
    throw limitExceeded(`A user can be linked to at most ${MAX_LINKS_PER_USER} identities of external identity providers.`);
  }
  const now = deps.clock.now();
  const link: ProviderLinkRecord = { poolId: pool.id, ...src, usernameKey: user.usernameKey, createdAt: now };
  try {
    await deps.store.identityProviders.link(link);
  } catch (e) {
    if (e instanceof StoreConflictError) throw aliasExists('The SourceUser is already linked to a user of this user pool.');
    throw e;
  }
  const entry: IdentityEntry = { userId: src.attributeValue, providerName: provider.providerName, providerType: provider.providerType, issuer: null, primary: false, dateCreated: now };
  try {
    await updateUser(deps, pool, user, (u) => withIdentities(u, [...identitiesOf(u), entry]));
  } catch (e) {
    // The user went away between the checks and the write: the link must not outlive it.
    await deps.store.identityProviders.unlink(pool.id, src.providerName, src.attributeName, src.attributeValue);
    throw e;
  }
}

/**
 * AdminDisableProviderForUser. For `Cognito` and a user name: the user can no longer sign in with a password (the
 * password is removed; AdminSetUserPassword gives one again). For an external identity: its link is removed, with its
 * entry in the user's `identities`; a federated user of that identity is disabled.
 */
export async function disableProviderForUser(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord, given: ProviderUserIdentifierType | undefined): Promise<void> {
  const identity = identityOf('User', given, true);
  if (identity.providerName === COGNITO_PROVIDER) {
    if (identity.attributeName !== COGNITO_SUBJECT) throw invalidParameter(`User.ProviderAttributeName must be ${COGNITO_SUBJECT} for Cognito users.`);
    const user = await getUser(deps, pool, identity.attributeValue);
    await updateUser(deps, pool, user, (u) => {
      if (!userData(u).password) return undefined;
      const { password: _removed, ...data } = userData(u);
      return { ...u, data };
    });
    return;
  }
  const link = await deps.store.identityProviders.findLink(pool.id, identity.providerName, identity.attributeName, identity.attributeValue);
  if (link) {
    await deps.store.identityProviders.unlink(pool.id, link.providerName, link.attributeName, link.attributeValue);
    const user = await deps.store.users.get(pool.id, link.usernameKey);
    if (user) await updateUser(deps, pool, user, (u) => withIdentities(u, withoutIdentity(identitiesOf(u), link.providerName, link.attributeValue)));
    return;
  }
  if (!(await deps.store.identityProviders.get(pool.id, identity.providerName))) throw providerNotFound(identity.providerName);
  const federated = identity.attributeName === COGNITO_SUBJECT ? await findUser(deps, pool, federatedUsername(identity.providerName, identity.attributeValue)) : undefined;
  if (!federated) throw userDoesNotExist();
  await updateUser(deps, pool, federated, (u) => (u.enabled ? { ...u, enabled: false } : undefined));
}

const withoutIdentity = (entries: IdentityEntry[], providerName: string, userId: string) =>
  entries.filter((e) => !(e.providerName === providerName && e.userId === userId));

/** Federated sign-in (issue 19): the user an external identity is linked to, if any and if it still exists. */
export async function findLinkedUser(deps: Pick<Deps, 'store'>, pool: PoolRecord, providerName: string, attributeName: string, attributeValue: string): Promise<UserRecord | undefined> {
  const link = await deps.store.identityProviders.findLink(pool.id, providerName, attributeName, attributeValue);
  return link ? deps.store.users.get(pool.id, link.usernameKey) : undefined;
}

