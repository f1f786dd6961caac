import type { AuthorizationCodeRepository } from '../types.js';
import { authorizationCodeParams, toAuthorizationCode } from '../oauth-code-rows.js';
import { OAUTH_CODES } from '../sql/oauth-codes.js';
import { EXPIRY } from '../sql/expiry.js';
import type { SqliteContext } from './connection.js';

const DELETE_EXPIRED = EXPIRY.oauthCodes('');

export function authorizationCodes({ one, run }: SqliteContext): AuthorizationCodeRepository {
  return {
    async put(c) {
      run(OAUTH_CODES.insert, ...authorizationCodeParams(c));
    },
    async take(codeHash, now) {
      const r = one(OAUTH_CODES.take, codeHash, now);
      return r && toAuthorizationCode(r);
    },
    async deleteExpired(before, limit) {
      return run(DELETE_EXPIRED, before, limit);
    },
  };
}
