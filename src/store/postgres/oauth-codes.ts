import type { AuthorizationCodeRepository } from '../types.js';
import { authorizationCodeParams, toAuthorizationCode } from '../oauth-code-rows.js';
import { OAUTH_CODES } from '../sql/oauth-codes.js';
import { EXPIRY } from '../sql/expiry.js';
import { changed, first, type PostgresContext } from './connection.js';

const DELETE_EXPIRED = EXPIRY.oauthCodes('FOR UPDATE SKIP LOCKED');

export function authorizationCodes({ sql }: PostgresContext): AuthorizationCodeRepository {
  return {
    async put(c) {
      await sql(OAUTH_CODES.insert, authorizationCodeParams(c));
    },
    async take(codeHash, now) {
      return first(sql(OAUTH_CODES.take, [codeHash, now]), toAuthorizationCode);
    },
    async deleteExpired(before, limit) {
      return changed(sql(DELETE_EXPIRED, [before, limit]));
    },
  };
}
