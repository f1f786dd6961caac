import { createHash, randomBytes } from 'node:crypto';

/** Randomness is an input. Production uses the CSPRNG; tests may inject a seeded stream. */
export interface Random {
  bytes(n: number): Buffer;
}

/**
 * The CSPRNG, drawn 4 KiB at a time: one randomBytes call costs ~1.6 µs whatever its size, and a request takes
 * several small draws (request id, session ids, jti…): ~5 % of SetUserMFAPreference's CPU before pooling (the same
 * thing crypto.randomUUID does internally). Each caller gets its own copy of the bytes; large draws bypass the pool.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;
export const cryptoRandom: Random = {
  bytes(n) {
    if (n > 256) return randomBytes(n);
    if (poolOffset + n > pool.length) {
      pool = randomBytes(POOL_BYTES);
      poolOffset = 0;
    }
    const out = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
    pool.fill(0, poolOffset, poolOffset + n);
    poolOffset += n;
    return out;
  },
};

/** Deterministic stream (SHA-256 in counter mode over a seed). For tests only: never wired in production. */
export class SeededRandom implements Random {
  private counter = 0;
  constructor(private readonly seed: string) {}
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    let filled = 0;
    while (filled < n) {
      const block = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      filled += block.copy(out, filled, 0, Math.min(block.length, n - filled));
    }
    return out;
  }
}

/** Uniform choice from an alphabet by rejection sampling (no modulo bias). */
export function randomString(random: Random, length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const b of random.bytes(length * 2)) {
      if (b < limit) out += alphabet[b % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export const DIGITS = '0123456789';
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomDigits(random: Random, length: number): string {
  return randomString(random, length, DIGITS);
}

/** RFC 4122 version 4 UUID from the injected source. */
export function randomUuid(random: Random): string {
  const b = random.bytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
