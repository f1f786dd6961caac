import type { IdentityProviderType, ProviderDescription } from '@aws-sdk/client-cognito-identity-provider';
import { StoreConflictError, type IdentityProviderRecord, type PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, limitExceeded, resourceNotFound } from '../errors.js';
import { decodePageToken, page } from '../pagination.js';
import { schemaAttribute } from '../users/attributes.js';
import { DERIVED_DETAILS, checkProviderDetails, type ProviderType } from './provider-details.js';

/**
 * A user pool's external identity providers (docs/compatibility.md "Identity providers"): SAML, OIDC and the four
 * social providers, each with the ProviderDetails its type requires and accepts (./provider-details.ts), an
 * AttributeMapping onto the pool's attributes and IdP identifiers unique in the pool. Nothing is fetched: Cognito reads
 * an OIDC issuer's discovery document and a SAML MetadataURL when the provider is saved, cognate stores what it is
 * given. Secrets (client_secret, Apple's private_key) are sealed at rest.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation.html
 */
export const MAX_PROVIDERS_PER_POOL = 300;
const DEFAULT_PAGE = 60;
const SEALED_DETAILS = new Set(['client_secret', 'private_key']);
/** Details Cognito keeps but never shows (the API reference's SignInWithApple describe response has no private_key). */
const HIDDEN_DETAILS = new Set(['private_key']);
const SOCIAL_TYPES = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);
/** The provider attribute each type maps to the pool's `username` when the mapping does not say (Cognito's default mapping). */
const USERNAME_SOURCE: Partial<Record<ProviderType, string>> = { Google: 'sub', Facebook: 'id', LoginWithAmazon: 'user_id', SignInWithApple: 'sub', OIDC: 'sub' };
/** COGNITO names the pool's own users in SupportedIdentityProviders; AdminLinkProviderForUser uses Cognito. */
const RESERVED_NAMES = new Set(['cognito']);

export const providerNotFound = (name: string) => resourceNotFound(`Identity provider ${name} does not exist.`);

export interface ProviderSettings {
  ProviderDetails?: Record<string, string>;
  AttributeMapping?: Record<string, string>;
  IdpIdentifiers?: string[];
}

export function providerView(deps: Pick<Deps, 'sealer'>, p: IdentityProviderRecord): IdentityProviderType {
  return {
    UserPoolId: p.poolId,
    ProviderName: p.providerName,
    ProviderType: p.providerType as IdentityProviderType['ProviderType'],
    ProviderDetails: shownDetails(deps, p),
    AttributeMapping: { ...p.attributeMapping },
    IdpIdentifiers: [...p.idpIdentifiers],
    LastModifiedDate: new Date(p.updatedAt),
    CreationDate: new Date(p.createdAt),
  };
}

export function providerSummary(p: IdentityProviderRecord): ProviderDescription {
  return {
    ProviderName: p.providerName,
    ProviderType: p.providerType as ProviderDescription['ProviderType'],
    LastModifiedDate: new Date(p.updatedAt),
    CreationDate: new Date(p.createdAt),
  };
}

/** The details as Describe shows them: secrets opened, hidden ones left out, and what Cognito derives from the type. */
function shownDetails(deps: Pick<Deps, 'sealer'>, p: IdentityProviderRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(openDetails(deps, p))) if (!HIDDEN_DETAILS.has(k)) out[k] = v;
  return { ...out, ...DERIVED_DETAILS[p.providerType as ProviderType](out) };
}

/** The stored details with their secrets opened (federated sign-in needs client_secret and private_key in clear). */
export function openDetails(deps: Pick<Deps, 'sealer'>, p: IdentityProviderRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.details)) out[k] = SEALED_DETAILS.has(k) ? deps.sealer.open(v, sealContext(p.poolId, p.providerName, k)) : v;
  return out;
}

function sealDetails(deps: Pick<Deps, 'sealer'>, poolId: string, name: string, details: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(details)) out[k] = SEALED_DETAILS.has(k) ? deps.sealer.seal(v, sealContext(poolId, name, k)) : v;
  return out;
}

const sealContext = (poolId: string, name: string, key: string) => `idp:${poolId}:${name}:${key}`;

export async function getProvider(deps: Pick<Deps, 'store'>, pool: PoolRecord, name: string): Promise<IdentityProviderRecord> {
  const p = await deps.store.identityProviders.get(pool.id, name);
  if (!p) throw providerNotFound(name);
  return p;
}

export async function getProviderByIdentifier(deps: Pick<Deps, 'store'>, pool: PoolRecord, identifier: string): Promise<IdentityProviderRecord> {
  const p = await deps.store.identityProviders.findByIdentifier(pool.id, identifier);
  if (!p) throw resourceNotFound(`Identity provider with identifier ${identifier} does not exist.`);
  return p;
}

function checkProviderName(name: string, type: ProviderType): void {
  if (SOCIAL_TYPES.has(type)) {
    if (name !== type) throw invalidParameter(`ProviderName for a ${type} identity provider must be ${type}.`);
  } else if (RESERVED_NAMES.has(name.toLowerCase()) || SOCIAL_TYPES.has(name)) {
    throw invalidParameter(`ProviderName ${name} is reserved.`);
  }
}

/** Mapped pool attributes must exist in the pool's schema; `username` may be mapped too (federated user names). */
function checkAttributeMapping(pool: PoolRecord, type: ProviderType, mapping: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const source = USERNAME_SOURCE[type];
  if (source !== undefined) out.username = source;
  for (const [attribute, claim] of Object.entries(mapping ?? {})) {
    if (attribute !== 'username' && !schemaAttribute(pool, attribute)) throw invalidParameter(`Attribute ${attribute} is not defined in the user pool schema.`);
    out[attribute] = claim;
  }
  return out;
}

function checkIdentifiers(identifiers: string[] | undefined): string[] {
  const list = identifiers ?? [];
  const seen = new Set<string>();
  for (const id of list) {
    if (seen.has(id)) throw invalidParameter(`Duplicate IdpIdentifier ${id}.`);
    seen.add(id);
  }
  return list;
}

const identifierTaken = () => invalidParameter('One or more IdpIdentifiers are already used by another identity provider of the user pool.');

export async function createProvider(
  deps: Pick<Deps, 'store' | 'clock' | 'sealer'>,
  pool: PoolRecord,
  name: string,
  type: ProviderType,
  settings: ProviderSettings,
): Promise<IdentityProviderRecord> {
  checkProviderName(name, type);
  const details = checkProviderDetails(type, settings.ProviderDetails ?? {});
  const attributeMapping = checkAttributeMapping(pool, type, settings.AttributeMapping);
  const idpIdentifiers = checkIdentifiers(settings.IdpIdentifiers);
  if ((await deps.store.identityProviders.count(pool.id)) >= MAX_PROVIDERS_PER_POOL) {
    throw limitExceeded(`The user pool ${pool.id} has reached its limit of ${MAX_PROVIDERS_PER_POOL} identity providers.`);
  }
  const now = deps.clock.now();
  const record: IdentityProviderRecord = {
    poolId: pool.id,
    providerName: name,
    providerType: type,
    details: sealDetails(deps, pool.id, name, details),
    attributeMapping,
    idpIdentifiers,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.store.identityProviders.create(record);
  } catch (e) {
    if (e instanceof StoreConflictError && e.what === 'provider') throw new CognitoError('DuplicateProviderException', `${name} already exists in user pool ${pool.id}`);
    if (e instanceof StoreConflictError && e.what === 'identifier') throw identifierTaken();
    throw e;
  }
  return record;
}

/** UpdateIdentityProvider: each member given replaces the stored one whole (ProviderDetails checked as on create); the others stay. */
export async function updateProvider(
  deps: Pick<Deps, 'store' | 'clock' | 'sealer'>,
  pool: PoolRecord,
  name: string,
  settings: ProviderSettings,
): Promise<IdentityProviderRecord> {
  const current = await getProvider(deps, pool, name);
  const type = current.providerType as ProviderType;
  const next: IdentityProviderRecord = {
    ...current,
    details: settings.ProviderDetails ? sealDetails(deps, pool.id, name, checkProviderDetails(type, settings.ProviderDetails)) : current.details,
    attributeMapping: settings.AttributeMapping ? checkAttributeMapping(pool, type, settings.AttributeMapping) : current.attributeMapping,
    idpIdentifiers: settings.IdpIdentifiers ? checkIdentifiers(settings.IdpIdentifiers) : current.idpIdentifiers,
    updatedAt: deps.clock.now(),
  };
  let updated: boolean;
  try {
    updated = await deps.store.identityProviders.update(next);
  } catch (e) {
    if (e instanceof StoreConflictError && e.what === 'identifier') throw identifierTaken();
    throw e;
  }
  if (!updated) throw providerNotFound(name);
  return next;
}

/**
 * DeleteIdentityProvider. App clients that name the provider in SupportedIdentityProviders keep the name, as on
 * Cognito: their next UpdateUserPoolClient that still names it is refused (docs/compatibility.md "Identity providers").
 */
export async function deleteProvider(deps: Pick<Deps, 'store'>, pool: PoolRecord, name: string): Promise<void> {
  if (!(await deps.store.identityProviders.delete(pool.id, name))) throw providerNotFound(name);
}

export async function listProviders(deps: Pick<Deps, 'store'>, pool: PoolRecord, maxResults: number | undefined, token: string | undefined) {
  const n = maxResults ? maxResults : DEFAULT_PAGE;
  const rows = await deps.store.identityProviders.list(pool.id, n + 1, decodePageToken('identity-providers', token));
  return page(rows, n, (p) => p.providerName, 'identity-providers');
}

/**
 * Create/UpdateUserPoolClient: SupportedIdentityProviders may name COGNITO and the pool's providers only, with
 * Cognito's message for any other name (docs/compatibility.md "Identity providers").
 */
export async function checkSupportedIdentityProviders(deps: Pick<Deps, 'store'>, pool: PoolRecord, names: string[] | undefined): Promise<void> {
  for (const name of names ?? []) {
    if (name === 'COGNITO') continue;
    if (!(await deps.store.identityProviders.get(pool.id, name))) throw invalidParameter(`The provider ${name} does not exist for User Pool ${pool.id}`);
  }
}
