import type { AuthorizationCodeRecord } from './types.js';
import { json, jsonColumn, optional, present, rowMapper, value } from './rows.js';

/** `oauth_codes` rows as records, and records as insert parameters (same columns in both adapters). */
export const toAuthorizationCode = rowMapper<AuthorizationCodeRecord>({
  codeHash: value,
  poolId: value,
  clientId: value,
  redirectUri: value,
  usernameKey: value,
  sub: value,
  scopes: jsonColumn,
  codeChallenge: present(optional),
  codeChallengeMethod: present(optional),
  nonce: present(optional),
  authTime: value,
  deviceKey: present(optional),
  createdAt: value,
  expiresAt: value,
});

export const authorizationCodeParams = (c: AuthorizationCodeRecord): unknown[] => [
  c.codeHash, c.poolId, c.clientId, c.redirectUri, c.usernameKey, c.sub, json(c.scopes), c.codeChallenge ?? null,
  c.codeChallengeMethod ?? null, c.nonce ?? null, c.authTime, c.deviceKey ?? null, c.createdAt, c.expiresAt,
];
