/**
 * TOTP (RFC 6238) on top of HOTP (RFC 4226), plus the RFC 4648 base32 codec that
 * authenticator apps use for the shared secret.
 *
 * Pure: the current time and the random source are parameters. Only node:crypto HMAC
 * and timingSafeEqual are used.
 *
 *   https://www.rfc-editor.org/rfc/rfc4226
 *   https://www.rfc-editor.org/rfc/rfc6238
 *   https://www.rfc-editor.org/rfc/rfc4648#section-6
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Random } from '../../platform/random.js';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export type TotpErrorCode =
  /** The stored/provided secret is not valid base32 or is empty. */
  | 'invalid_secret'
  /** A numeric or enum option is out of range (a caller bug, not user input). */
  | 'invalid_argument';

export class TotpError extends Error {
  override readonly name = 'TotpError';
  constructor(
    readonly code: TotpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface TotpOptions {
  /** Code length. RFC 4226 §5.3 requires at least 6; 31-bit truncation caps it at 10. Default 6. */
  digits?: number;
  /** Time step X of RFC 6238 §4.1, in seconds. Default 30. */
  stepSeconds?: number;
  /** HMAC hash, RFC 6238 §1.2. Default 'sha1' (what Cognito and authenticator apps use). */
  algorithm?: TotpAlgorithm;
}

export interface VerifyTotpOptions extends TotpOptions {
  /**
   * Steps accepted either side of the current one, for clock drift and slow typing
   * (RFC 6238 §5.2 recommends at most one step backward). Default 1. 0 = current step only.
   */
  window?: number;
}

// RFC 4648 §6, Table 3.
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE32_LOOKUP: ReadonlyMap<string, number> = new Map(
  [...BASE32_ALPHABET].map((c, i) => [c, i] as const),
);

/** RFC 4648 §6 base32, upper case, without '=' padding (authenticator apps don't want it). */
export function base32Encode(buf: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1; // keep only the unconsumed bits so `value` never overflows
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Inverse of base32Encode. Accepts lower case, whitespace (people type secrets in
 * groups of four) and trailing '=' padding. Throws TotpError('invalid_secret') on any other
 * character, on '=' before the end, or on a length no encoder can produce
 * (1, 3 or 6 characters in the last 8-character group: RFC 4648 §6 cases).
 */
export function base32Decode(str: string): Buffer {
  const cleaned = str.replace(/\s/g, '').toUpperCase().replace(/=+$/, '');
  const rem = cleaned.length % 8;
  if (rem === 1 || rem === 3 || rem === 6) {
    throw new TotpError('invalid_secret', 'base32 input has an impossible length');
  }
  const out = Buffer.alloc(Math.floor((cleaned.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const ch of cleaned) {
    const v = BASE32_LOOKUP.get(ch);
    if (v === undefined) throw new TotpError('invalid_secret', 'base32 input contains an invalid character');
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return out;
}

/**
 * A new shared secret: 32 bytes from the injected source (RFC 4226 §4 R6 asks for at
 * least 128 bits; 256 matches SHA-256 strength), base32 without padding = 52 characters.
 */
export function generateTotpSecret(random: Random): string {
  const bytes = random.bytes(32);
  if (bytes.length !== 32) throw new TotpError('invalid_argument', 'random source returned the wrong number of bytes');
  return base32Encode(bytes);
}

const MAX_COUNTER = (1n << 64n) - 1n;

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) {
    throw new TotpError('invalid_argument', 'digits must be an integer from 6 to 10');
  }
}

function checkAlgorithm(algorithm: string): void {
  if (algorithm !== 'sha1' && algorithm !== 'sha256' && algorithm !== 'sha512') {
    throw new TotpError('invalid_argument', `unsupported algorithm ${String(algorithm)}`);
  }
}

/**
 * HOTP(K, C) = Truncate(HMAC(K, C)) mod 10^digits, zero-padded (RFC 4226 §5.3).
 * The counter is an 8-byte big-endian unsigned integer (RFC 4226 §5.1).
 */
export function hotp(
  key: Buffer,
  counter: number | bigint,
  digits = 6,
  algorithm: TotpAlgorithm = 'sha1',
): string {
  checkDigits(digits);
  checkAlgorithm(algorithm);
  let c: bigint;
  if (typeof counter === 'bigint') {
    c = counter;
  } else {
    if (!Number.isSafeInteger(counter)) throw new TotpError('invalid_argument', 'counter must be a safe integer');
    c = BigInt(counter);
  }
  if (c < 0n || c > MAX_COUNTER) throw new TotpError('invalid_argument', 'counter must fit in 64 unsigned bits');

  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(c);
  const mac = createHmac(algorithm, key).update(msg).digest();
  // Dynamic truncation, RFC 4226 §5.3: offset = low nibble of the last byte; take 31 bits.
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  // binary < 2^31 < 10^10, so for digits = 10 the modulo is a no-op and the code is zero-padded.
  return String(binary % 10 ** digits).padStart(digits, '0');
}

function decodeSecret(secretBase32: string): Buffer {
  if (typeof secretBase32 !== 'string') throw new TotpError('invalid_secret', 'secret must be a string');
  const key = base32Decode(secretBase32);
  if (key.length === 0) throw new TotpError('invalid_secret', 'secret is empty');
  return key;
}

/** T = floor((unix seconds - T0) / X) with T0 = 0 (RFC 6238 §4.2). */
function timeStep(nowMs: number, stepSeconds: number): number {
  if (!Number.isInteger(stepSeconds) || stepSeconds < 1) {
    throw new TotpError('invalid_argument', 'stepSeconds must be a positive integer');
  }
  if (!Number.isFinite(nowMs) || nowMs < 0) throw new TotpError('invalid_argument', 'nowMs must be a non-negative finite number');
  return Math.floor(Math.floor(nowMs / 1000) / stepSeconds);
}

/** The TOTP code for the time step containing nowMs (RFC 6238 §4.2). */
export function totpCode(secretBase32: string, nowMs: number, opts: TotpOptions = {}): string {
  const { digits = 6, stepSeconds = 30, algorithm = 'sha1' } = opts;
  return hotp(decodeSecret(secretBase32), timeStep(nowMs, stepSeconds), digits, algorithm);
}

/**
 * Checks a user-supplied code against the steps current-window … current+window.
 *
 * Returns the matched time-step counter, or null. Callers MUST store the returned counter
 * and refuse any later verification whose counter is <= the stored one: RFC 6238 §5.2
 * ("the verifier MUST NOT accept the second attempt of the OTP after the successful
 * validation has been issued for the first OTP").
 *
 * Every candidate step is computed and compared in constant time, with no early exit, so
 * timing reveals neither the code nor which step matched. If two steps happen to share a
 * code, the one closest to now wins (current, then earlier, then later).
 *
 * A code that is not exactly `digits` ASCII digits is simply wrong (null), not an error:
 * it is user input. A bad secret or bad options throw TotpError.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  nowMs: number,
  opts: VerifyTotpOptions = {},
): number | null {
  const { digits = 6, stepSeconds = 30, algorithm = 'sha1', window = 1 } = opts;
  checkDigits(digits);
  checkAlgorithm(algorithm);
  if (!Number.isInteger(window) || window < 0) {
    throw new TotpError('invalid_argument', 'window must be a non-negative integer');
  }
  const key = decodeSecret(secretBase32);
  const current = timeStep(nowMs, stepSeconds);

  // Wrong shape can be rejected early: the length and charset are public knowledge.
  if (typeof code !== 'string' || code.length !== digits || !/^[0-9]+$/.test(code)) return null;
  const given = Buffer.from(code, 'ascii');

  let matched: number | null = null;
  // Order 0, -1, +1, -2, +2, … so the first match recorded is the closest to now.
  for (let distance = 0; distance <= window; distance++) {
    for (const counter of distance === 0 ? [current] : [current - distance, current + distance]) {
      if (counter < 0) continue;
      const expected = Buffer.from(hotp(key, counter, digits, algorithm), 'ascii');
      const equal = timingSafeEqual(expected, given);
      if (equal && matched === null) matched = counter;
    }
  }
  return matched;
}

export interface OtpauthUriParams {
  secret: string;
  /** Shown in the app, typically the username or email. */
  accountName: string;
  /** Shown in the app; also prefixed to the label. */
  issuer?: string;
  digits?: number;
  stepSeconds?: number;
  algorithm?: TotpAlgorithm;
}

/**
 * otpauth:// provisioning URI (Google Authenticator "Key Uri Format",
 * https://github.com/google/google-authenticator/wiki/Key-Uri-Format). Defaults are omitted
 * because some apps ignore or mishandle non-default parameters.
 */
export function otpauthUri(p: OtpauthUriParams): string {
  const label = p.issuer
    ? `${encodeURIComponent(p.issuer)}:${encodeURIComponent(p.accountName)}`
    : encodeURIComponent(p.accountName);
  const query = [`secret=${base32Encode(decodeSecret(p.secret))}`];
  if (p.issuer) query.push(`issuer=${encodeURIComponent(p.issuer)}`);
  if (p.algorithm && p.algorithm !== 'sha1') {
    checkAlgorithm(p.algorithm);
    query.push(`algorithm=${p.algorithm.toUpperCase()}`);
  }
  if (p.digits !== undefined && p.digits !== 6) {
    checkDigits(p.digits);
    query.push(`digits=${p.digits}`);
  }
  if (p.stepSeconds !== undefined && p.stepSeconds !== 30) {
    if (!Number.isInteger(p.stepSeconds) || p.stepSeconds < 1) {
      throw new TotpError('invalid_argument', 'stepSeconds must be a positive integer');
    }
    query.push(`period=${p.stepSeconds}`);
  }
  return `otpauth://totp/${label}?${query.join('&')}`;
}
