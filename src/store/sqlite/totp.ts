import type { TotpReplayRepository } from '../types.js';
import { TOTP } from '../sql/totp.js';
import { ATTEMPTS } from '../sql/attempts.js';
import type { SqliteContext } from './connection.js';

export function totp({ run }: SqliteContext): TotpReplayRepository {
  return {
    async claimStep(poolId, usernameKey, step, releaseAttempts) {
      const claimed = run(TOTP.claimStep, poolId, usernameKey, step) === 1;
      // In the same write call, hence the same transaction (group commit).
      if (claimed && releaseAttempts !== undefined) run(ATTEMPTS.release, poolId, usernameKey, releaseAttempts);
      return claimed;
    },
  };
}
