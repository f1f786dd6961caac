import type { TotpReplayRepository } from '../types.js';
import { TOTP } from '../sql/totp.js';
import type { SqliteContext } from './connection.js';

export function totp({ run }: SqliteContext): TotpReplayRepository {
  return {
    async claimStep(poolId, usernameKey, step) {
      return run(TOTP.claimStep, poolId, usernameKey, step) === 1;
    },
  };
}
