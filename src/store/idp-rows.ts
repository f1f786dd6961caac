import type { IdentityProviderRecord, ProviderLinkRecord } from './types.js';
import { parse, type Row } from './rows.js';

/** An `identity_providers` row as a record (same columns in the SQLite and PostgreSQL adapters; maps are JSON text). */
export const toIdentityProvider = (r: Row): IdentityProviderRecord => ({
  poolId: r.pool_id as string,
  providerName: r.provider_name as string,
  providerType: r.provider_type as string,
  details: parse(r.details),
  attributeMapping: parse(r.attribute_mapping),
  idpIdentifiers: parse(r.idp_identifiers),
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});

export const toProviderLink = (r: Row): ProviderLinkRecord => ({
  poolId: r.pool_id as string,
  providerName: r.provider_name as string,
  attributeName: r.attribute_name as string,
  attributeValue: r.attribute_value as string,
  usernameKey: r.username_key as string,
  createdAt: r.created_at as number,
});
