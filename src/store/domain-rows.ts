import type { DomainRecord, ResourceServerRecord } from './types.js';
import { json, opt, parse, type Row } from './rows.js';

/** `user_pool_domains` and `resource_servers` rows as records, and records as insert parameters (same columns in both adapters). */
export const toDomain = (r: Row): DomainRecord => ({
  domain: r.domain as string,
  poolId: r.pool_id as string,
  kind: r.kind as DomainRecord['kind'],
  managedLoginVersion: r.managed_login_version as number,
  cloudFrontDistribution: r.cloudfront_distribution as string,
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
  // Absent settings are absent members (not undefined ones): the record reads back as it was written.
  ...present('certificateArn', opt<string>(r.certificate_arn)),
  ...present('securityPolicy', opt<string>(r.security_policy)),
  ...present('routing', r.routing === null || r.routing === undefined ? undefined : parse<Record<string, unknown>>(r.routing)),
});

const present = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]: V }));

export const domainInsertParams = (d: DomainRecord): unknown[] => [
  d.domain, d.poolId, d.kind, d.managedLoginVersion, d.certificateArn ?? null, d.securityPolicy ?? null, d.routing === undefined ? null : json(d.routing),
  d.cloudFrontDistribution, d.createdAt, d.updatedAt,
];

export const domainUpdateParams = (d: DomainRecord): unknown[] => [
  d.managedLoginVersion, d.certificateArn ?? null, d.securityPolicy ?? null, d.routing === undefined ? null : json(d.routing), d.updatedAt, d.poolId, d.domain,
];

export const toResourceServer = (r: Row): ResourceServerRecord => ({
  poolId: r.pool_id as string,
  identifier: r.identifier as string,
  name: r.name as string,
  scopes: parse(r.scopes),
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});
