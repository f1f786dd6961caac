import type { TotpReplayRepository } from '../types.js';
import { TOTP } from '../sql/totp.js';
import { changed, type PostgresContext } from './connection.js';

/** The claim, and the release of the attempts only if the claim took: the DELETE waits for the claim's RETURNING. */
const CLAIM_AND_RELEASE = `WITH claimed AS (${TOTP.claimStep} RETURNING 1),
  released AS (DELETE FROM attempts WHERE pool_id = $1 AND username_key = $2 AND kind = $4 AND EXISTS (SELECT 1 FROM claimed))
  SELECT CAST(COUNT(*) AS INTEGER) AS n FROM claimed`;

export function totp({ sql }: PostgresContext): TotpReplayRepository {
  return {
    async claimStep(poolId, usernameKey, step, releaseAttempts) {
      if (releaseAttempts === undefined) return (await changed(sql(TOTP.claimStep, [poolId, usernameKey, step]))) === 1;
      return (await sql(CLAIM_AND_RELEASE, [poolId, usernameKey, step, releaseAttempts])).rows[0]!.n === 1;
    },
  };
}
