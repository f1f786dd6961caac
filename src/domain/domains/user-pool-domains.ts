import type { CreateUserPoolDomainRequest, CustomDomainConfigType, DomainDescriptionType, RoutingType } from '@aws-sdk/client-cognito-identity-provider';
import { LOWER_ALNUM, randomString } from '../../platform/random.js';
import { StoreConflictError, type DomainRecord, type PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, orThrow } from '../errors.js';
import { userPoolTier } from '../pools/config.js';

/**
 * User-pool domains (CreateUserPoolDomain … DeleteUserPoolDomain): a prefix domain (`myprefix`, served by Cognito as
 * `myprefix.auth.<region>.amazoncognito.com`) or a custom domain (`auth.example.com`, with an ACM certificate). A name
 * belongs to one pool across all pools; a pool has at most one domain of each kind. Where a message is Cognito's it is
 * quoted; the others are marked *guess* in docs/compatibility.md ("User-pool domains").
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain.html
 */

/** The API reference's DomainType pattern: what a prefix must match (a custom domain is a full host name). */
const PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);
/** Words a prefix may not contain, checked in this order (Cognito names the word: "Domain cannot contain reserved word: aws"). */
const RESERVED_WORDS = ['aws', 'amazon', 'cognito'];
const MANAGED_LOGIN_VERSIONS = [1, 2];

export const INVALID_PREFIX =
  'The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. ' +
  'Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$';
export const DOMAIN_TAKEN = 'Domain already associated with another user pool.';
export const POOL_HAS_DOMAIN = 'User pool already has a domain configured.';
export const NO_SUCH_DOMAIN = 'No such domain or user pool exists.';

/** The settings CreateUserPoolDomain and UpdateUserPoolDomain take (the same members in both requests). */
export type DomainSettings = Pick<CreateUserPoolDomainRequest, 'ManagedLoginVersion' | 'CustomDomainConfig' | 'Routing'>;

function checkManagedLoginVersion(pool: PoolRecord, version: number | undefined): void {
  if (version === undefined) return;
  if (!MANAGED_LOGIN_VERSIONS.includes(version)) throw invalidParameter('ManagedLoginVersion must be 1 (hosted UI classic) or 2 (managed login).');
  // "Managed login requires that your user pool be configured for any feature plan other than Lite" (API reference).
  if (version === 2 && userPoolTier(pool) === 'LITE') {
    throw new CognitoError('FeatureUnavailableInTierException', 'Managed login requires the Essentials or Plus feature plan.');
  }
}

function checkDomainName(domain: string, kind: DomainRecord['kind']): void {
  if (kind === 'custom') {
    if (!HOST_NAME.test(domain)) throw invalidParameter(`The custom domain ${domain} is not a valid fully qualified domain name.`);
    return;
  }
  if (!PREFIX.test(domain)) throw invalidParameter(INVALID_PREFIX);
  const reserved = RESERVED_WORDS.find((w) => domain.includes(w));
  if (reserved) throw invalidParameter(`Domain cannot contain reserved word: ${reserved}`);
}

/** CloudFront's host names: `d` and 13 lower-case letters and digits. cognate serves none; the name is stable per domain. */
function cloudFrontName(deps: Pick<Deps, 'random'>): string {
  return `d${randomString(deps.random, 13, LOWER_ALNUM)}.cloudfront.net`;
}

export async function createDomain(
  deps: Pick<Deps, 'store' | 'clock' | 'random'>,
  pool: PoolRecord,
  domain: string,
  settings: DomainSettings,
): Promise<DomainRecord> {
  const kind: DomainRecord['kind'] = settings.CustomDomainConfig ? 'custom' : 'prefix';
  checkDomainName(domain, kind);
  checkManagedLoginVersion(pool, settings.ManagedLoginVersion);
  if (settings.Routing && kind === 'prefix') throw invalidParameter('Routing is supported only for custom domains.');
  const existing = await deps.store.domains.get(domain);
  if (existing) throw invalidParameter(existing.poolId === pool.id ? POOL_HAS_DOMAIN : DOMAIN_TAKEN);
  if ((await deps.store.domains.listForPool(pool.id)).some((d) => d.kind === kind)) throw invalidParameter(POOL_HAS_DOMAIN);
  const now = deps.clock.now();
  const record: DomainRecord = {
    domain,
    poolId: pool.id,
    kind,
    managedLoginVersion: settings.ManagedLoginVersion ?? 1,
    certificateArn: settings.CustomDomainConfig?.CertificateArn,
    securityPolicy: settings.CustomDomainConfig?.SecurityPolicy,
    routing: settings.Routing as Record<string, unknown> | undefined,
    cloudFrontDistribution: cloudFrontName(deps),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.store.domains.create(record);
  } catch (e) {
    // Another request took the name, or gave the pool a domain of this kind, since the reads above.
    if (!(e instanceof StoreConflictError)) throw e;
    const holder = await deps.store.domains.get(domain);
    throw invalidParameter(holder && holder.poolId !== pool.id ? DOMAIN_TAKEN : POOL_HAS_DOMAIN);
  }
  return record;
}

/** The pool's domain of that name, for UpdateUserPoolDomain and DeleteUserPoolDomain. */
export async function getPoolDomain(deps: Pick<Deps, 'store'>, poolId: string, domain: string): Promise<DomainRecord> {
  const d = await deps.store.domains.get(domain);
  return orThrow(d?.poolId === poolId ? d : undefined, () => invalidParameter(NO_SUCH_DOMAIN));
}

/**
 * UpdateUserPoolDomain changes the managed-login version, the certificate (custom domains) and the routing; what it
 * leaves out stays as it was. The name cannot change (delete and create again, as the API reference says).
 */
export async function updateDomain(
  deps: Pick<Deps, 'store' | 'clock'>,
  pool: PoolRecord,
  domain: string,
  settings: DomainSettings,
): Promise<DomainRecord> {
  const d = await getPoolDomain(deps, pool.id, domain);
  checkManagedLoginVersion(pool, settings.ManagedLoginVersion);
  if (d.kind === 'prefix' && settings.CustomDomainConfig) throw invalidParameter('CustomDomainConfig applies only to custom domains.');
  if (d.kind === 'prefix' && settings.Routing) throw invalidParameter('Routing is supported only for custom domains.');
  const updated: DomainRecord = {
    ...d,
    managedLoginVersion: settings.ManagedLoginVersion ?? d.managedLoginVersion,
    certificateArn: settings.CustomDomainConfig?.CertificateArn ?? d.certificateArn,
    securityPolicy: settings.CustomDomainConfig ? settings.CustomDomainConfig.SecurityPolicy : d.securityPolicy,
    routing: (settings.Routing as Record<string, unknown> | undefined) ?? d.routing,
    updatedAt: deps.clock.now(),
  };
  if (!(await deps.store.domains.update(updated))) throw invalidParameter(NO_SUCH_DOMAIN);
  return updated;
}

export async function deleteDomain(deps: Pick<Deps, 'store'>, poolId: string, domain: string): Promise<void> {
  await getPoolDomain(deps, poolId, domain);
  if (!(await deps.store.domains.delete(poolId, domain))) throw invalidParameter(NO_SUCH_DOMAIN);
}

/** CreateUserPoolDomain's and UpdateUserPoolDomain's answer: the CloudFront name for custom domains only (null for prefixes). */
export function domainChangeResult(d: DomainRecord): { CloudFrontDomain?: string; ManagedLoginVersion: number; Routing?: RoutingType } {
  return {
    ...(d.kind === 'custom' ? { CloudFrontDomain: d.cloudFrontDistribution } : {}),
    ManagedLoginVersion: d.managedLoginVersion,
    ...(d.routing ? { Routing: d.routing as RoutingType } : {}),
  };
}

/** The app version Cognito reports (`20190128175402` in the CLI's example): here the time of the last change, in UTC. */
function domainVersion(updatedAt: number): string {
  return new Date(updatedAt).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * DescribeUserPoolDomain's DomainDescription. Cognito provisions asynchronously (CREATING → ACTIVE); cognate's domains
 * are usable at once, so Status is ACTIVE from the start. A prefix domain shows an empty CustomDomainConfig, as in the
 * AWS CLI's describe-user-pool-domain example; S3Bucket (Cognito's asset bucket) is absent: cognate has none.
 */
export function describeDomain(deps: Pick<Deps, 'accountId'>, d: DomainRecord): DomainDescriptionType {
  return {
    UserPoolId: d.poolId,
    AWSAccountId: deps.accountId,
    Domain: d.domain,
    CloudFrontDistribution: d.cloudFrontDistribution,
    Version: domainVersion(d.updatedAt),
    Status: 'ACTIVE',
    CustomDomainConfig: (d.kind === 'custom'
      ? { CertificateArn: d.certificateArn, ...(d.securityPolicy ? { SecurityPolicy: d.securityPolicy } : {}) }
      : {}) as CustomDomainConfigType,
    ManagedLoginVersion: d.managedLoginVersion,
    ...(d.routing ? { Routing: d.routing as RoutingType } : {}),
  };
}

/** DescribeUserPool's Domain (the prefix) and CustomDomain members. */
export async function poolDomainFields(deps: Pick<Deps, 'store'>, poolId: string): Promise<{ Domain?: string; CustomDomain?: string }> {
  const out: { Domain?: string; CustomDomain?: string } = {};
  for (const d of await deps.store.domains.listForPool(poolId)) {
    if (d.kind === 'prefix') out.Domain = d.domain;
    else out.CustomDomain = d.domain;
  }
  return out;
}

/**
 * The pool a request's Host header names, for the domain's endpoints and pages (issue 19): a custom domain by its full
 * name; a prefix domain as `<prefix>.auth.<region>.amazoncognito.com` (a name mapped to loopback, e.g. in /etc/hosts) or
 * as `<prefix>.auth.<region>.localhost` or `<prefix>.localhost`, which need no DNS (browsers and most resolvers send every `*.localhost` to loopback,
 * RFC 6761 §6.3). The port, a trailing dot and letter case are ignored. Undefined when no domain matches.
 */
export async function findPoolByHost(deps: Pick<Deps, 'store' | 'region'>, host: string): Promise<{ pool: PoolRecord; domain: DomainRecord } | undefined> {
  const name = hostName(host);
  if (!name) return undefined;
  let d = await deps.store.domains.get(name);
  if (d?.kind !== 'custom') {
    const dot = name.indexOf('.');
    const parent = name.slice(dot + 1);
    const prefixParent = parent === `auth.${deps.region}.amazoncognito.com` || parent === `auth.${deps.region}.localhost` || parent === 'localhost';
    d = dot > 0 && prefixParent ? await deps.store.domains.get(name.slice(0, dot)) : undefined;
    if (d?.kind !== 'prefix') return undefined;
  }
  const pool = await deps.store.pools.get(d.poolId);
  return pool && { pool, domain: d };
}

/**
 * Whether a Host header could name a domain at all (a name of two labels or more, not an IP literal): the HTTP server
 * asks before reading the store, so that requests to `127.0.0.1:9229` or `localhost:9229` cost nothing.
 */
export function isDomainHostCandidate(host: string): boolean {
  const name = hostName(host);
  return name !== undefined && name.includes('.');
}

/** `Host` without port or trailing dot, lower-cased; undefined for an IP literal or an empty value. */
function hostName(host: string): string | undefined {
  const name = host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (name === '' || name.startsWith('[') || /^[\d.]+$/.test(name)) return undefined;
  return name;
}
