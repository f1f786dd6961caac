import { createHash, createHmac, randomBytes } from 'node:crypto';
import { bytesToBigInt, formatSrpTimestamp, modPowN, padBytes, SRP_K, SRP_N, userPoolNameForSrp } from '../src/domain/auth/srp.js';

/**
 * The client half of Cognito's SRP (what amazon-cognito-identity-js computes), for the load generator. The
 * modular exponentiations go through node:crypto (src/domain/auth/srp.ts modPowN) because BigInt would make the
 * load generator, not the server, the bottleneck. Two shortcuts, both invisible to the server (it does exactly the
 * same work): the client secret `a` (and so SRP_A) is drawn once per connection, and g^x is cached per user.
 */
const sha256 = (...parts: Array<Buffer | string>) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export interface SrpConnection {
  srpA: string;
  /** ChallengeResponses for PASSWORD_VERIFIER, given InitiateAuth's ChallengeParameters. */
  answer(params: Record<string, string>, password: string, nowMs: number): Record<string, string>;
}

export function srpConnection(poolId: string): SrpConnection {
  const poolName = userPoolNameForSrp(poolId);
  const a = bytesToBigInt(randomBytes(32)) | 1n;
  const A = modPowN(2n, a);
  const gxCache = new Map<string, { x: bigint; gx: bigint }>();
  return {
    srpA: A.toString(16),
    answer(params, password, nowMs) {
      const identity = params.USER_ID_FOR_SRP!;
      const B = BigInt(`0x${params.SRP_B}`);
      const salt = BigInt(`0x${params.SALT}`);
      const cacheKey = `${identity}\0${params.SALT}`;
      let xg = gxCache.get(cacheKey);
      if (!xg) {
        const x = bytesToBigInt(sha256(padBytes(salt), sha256(`${poolName}${identity}:${password}`)));
        xg = { x, gx: modPowN(2n, x) };
        gxCache.set(cacheKey, xg);
      }
      const u = bytesToBigInt(sha256(padBytes(A), padBytes(B)));
      const base = (((B - SRP_K * xg.gx) % SRP_N) + SRP_N) % SRP_N;
      const S = modPowN(base, a + u * xg.x);
      const prk = createHmac('sha256', padBytes(u)).update(padBytes(S)).digest();
      const K = createHmac('sha256', prk).update('Caldera Derived Key').update(Buffer.from([1])).digest().subarray(0, 16);
      const timestamp = formatSrpTimestamp(nowMs);
      const signature = createHmac('sha256', K)
        .update(poolName)
        .update(identity)
        .update(Buffer.from(params.SECRET_BLOCK!, 'base64'))
        .update(timestamp)
        .digest('base64');
      return {
        USERNAME: identity,
        PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK!,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: signature,
      };
    },
  };
}
