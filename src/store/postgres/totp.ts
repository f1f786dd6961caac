import type { TotpReplayRepository } from '../types.js';
import { TOTP } from '../sql/totp.js';
import { changed, type PostgresContext } from './connection.js';

export function totp({ sql }: PostgresContext): TotpReplayRepository {
  return {
    async claimStep(poolId, usernameKey, step) {
      return (await changed(sql(TOTP.claimStep, [poolId, usernameKey, step]))) === 1;
    },
  };
}
