import type { IdentityProviderRecord, ProviderLinkRecord } from './types.js';
import { jsonColumn, rowMapper, value } from './rows.js';

/** An `identity_providers` row as a record (same columns in the SQLite and PostgreSQL adapters; maps are JSON text). */
export const toIdentityProvider = rowMapper<IdentityProviderRecord>({
  poolId: value, providerName: value, providerType: value, details: jsonColumn, attributeMapping: jsonColumn, idpIdentifiers: jsonColumn,
  createdAt: value, updatedAt: value,
});

export const toProviderLink = rowMapper<ProviderLinkRecord>({
  poolId: value, providerName: value, attributeName: value, attributeValue: value, usernameKey: value, createdAt: value,
});
