import type { DomainRecord, ResourceServerRecord } from './types.js';
import { json, jsonColumn, optional, optionalJson, present, rowMapper, value } from './rows.js';

/** `user_pool_domains` and `resource_servers` rows as records, and records as insert parameters (same columns in both adapters). */
export const toDomain = rowMapper<DomainRecord>({
  domain: value,
  poolId: value,
  kind: value,
  managedLoginVersion: value,
  cloudFrontDistribution: ['cloudfront_distribution', value],
  createdAt: value,
  updatedAt: value,
  // Absent settings are absent members (not undefined ones): the record reads back as it was written.
  certificateArn: present(optional),
  securityPolicy: present(optional),
  routing: present(optionalJson),
});

export const domainInsertParams = (d: DomainRecord): unknown[] => [
  d.domain, d.poolId, d.kind, d.managedLoginVersion, d.certificateArn ?? null, d.securityPolicy ?? null, d.routing === undefined ? null : json(d.routing),
  d.cloudFrontDistribution, d.createdAt, d.updatedAt,
];

export const domainUpdateParams = (d: DomainRecord): unknown[] => [
  d.managedLoginVersion, d.certificateArn ?? null, d.securityPolicy ?? null, d.routing === undefined ? null : json(d.routing), d.updatedAt, d.poolId, d.domain,
];

export const toResourceServer = rowMapper<ResourceServerRecord>({
  poolId: value, identifier: value, name: value, scopes: jsonColumn, createdAt: value, updatedAt: value,
});
