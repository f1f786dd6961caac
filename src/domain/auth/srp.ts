/**
 * Server side of Cognito's SRP-6a (USER_SRP_AUTH → PASSWORD_VERIFIER and
 * DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER), bit-for-bit compatible with the client in
 * amazon-cognito-identity-js (ACIJ) 6.x:
 *   - src/AuthenticationHelper.js: constructor (N, g, k), padHex, hash/hexHash, calculateU,
 *     getPasswordAuthenticationKey + calculateS (client S and x), computehkdf, generateHashDevice
 *   - src/CognitoUser.js: authenticateUserDefaultAuth (PASSWORD_VERIFIER signature),
 *     getDeviceResponse (DEVICE_PASSWORD_VERIFIER signature), authenticateUserInternal (ConfirmDevice
 *     DeviceSecretVerifierConfig encoding)
 *   - src/DateHelper.js: getNowString (TIMESTAMP format)
 * Protocol background: RFC 2945 (SRP) and RFC 5054 §2.5–2.6 (SRP-6a: k, u, B, S, the A % N / B % N
 * aborts). The group is the RFC 3526 3072-bit MODP prime with g = 2.
 *
 * Where Cognito departs from RFC 5054 (all reproduced here because the client does it):
 *   - every integer fed to a hash is encoded with ACIJ's padHex (minimal big-endian two's-complement,
 *     i.e. Java BigInteger.toByteArray(): a leading 0x00 when the top bit is set), not PAD() to |N|;
 *     so k = H(padHex(N) ‖ padHex(g)) = H(0x00 ‖ N ‖ 0x02) and u = H(padHex(A) ‖ padHex(B));
 *   - x = H(padHex(salt) ‖ H(identityPrefix ‖ identity ‖ ':' ‖ password)), where identityPrefix is the
 *     pool name (users) or the DeviceGroupKey (devices); the salt is read by the client as a hex
 *     integer, so only its numeric value matters (leading zero bytes are dropped, padHex re-added);
 *   - the session key is not H(S): K = HKDF-SHA256(ikm = padHex(S), salt = padHex(u),
 *     info = 'Caldera Derived Key'), first 16 bytes;
 *   - the proof is base64(HMAC-SHA256(K, identityPrefix ‖ identity ‖ secretBlock ‖ timestamp)).
 *
 * All byte strings that carry an integer (salt, verifier, b, A, B) are big-endian unsigned; any
 * length is accepted on input. Modular exponentiation is done natively with node:crypto
 * DiffieHellman objects (see modPowN); randomness is injected (Random), never read here directly.
 */
import { createDiffieHellman, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Random } from '../../platform/random.js';

/** RFC 3526 3072-bit MODP group prime, as ACIJ's initN. */
export const SRP_N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1' +
  '29024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245' +
  'E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D' +
  'C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D' +
  '670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9' +
  'DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64' +
  'ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B' +
  'F12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31' +
  '43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const SRP_N: bigint = BigInt(`0x${SRP_N_HEX}`);
export const SRP_G: bigint = 2n;
/** Byte length of N (384). */
export const SRP_N_BYTES = SRP_N_HEX.length / 2;

/**
 * Size of the server's secret exponent b, in bytes. 256 bits gives ~128-bit security against the
 * discrete log in this group (the 3072-bit group itself is ~128-bit strong), so a longer b buys
 * nothing while making g^b and S = (A·v^u)^b cost more. ACIJ's client uses 128 bytes for a; the two
 * sides need not match.
 */
export const SRP_PRIVATE_EXPONENT_BYTES = 32;

/** Size of freshly generated user salts (generateSalt), matching ACIJ's 16-byte device salts. */
export const SRP_SALT_BYTES = 16;

/** HKDF info string of ACIJ computehkdf. */
export const SRP_HKDF_INFO = 'Caldera Derived Key';

/**
 * Maximum allowed |server clock − client TIMESTAMP| for PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER:
 * ±5 minutes (the timestamp has one-second resolution and clients' clocks drift).
 */
export const SRP_TIMESTAMP_MAX_SKEW_MS = 5 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Integer encodings

/**
 * ACIJ AuthenticationHelper.padHex for non-negative integers: lower-case, even-length hex, with
 * '00' prepended when the most significant bit is set (Java BigInteger.toByteArray()). padHex(0) is
 * '00'. Negative inputs never occur in SRP on the server side and are rejected.
 */
export function padHex(n: bigint): string {
  if (n < 0n) throw new RangeError('padHex: negative integer');
  let hex = n.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  if (/^[89a-f]/.test(hex)) hex = `00${hex}`;
  return hex;
}

/** padHex as bytes. */
export function padBytes(n: bigint): Buffer {
  return Buffer.from(padHex(n), 'hex');
}

/** Big-endian unsigned bytes → integer (empty buffer → 0). */
export function bytesToBigInt(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`);
}

/** Integer → big-endian unsigned, left-padded with zeros to exactly `length` bytes. */
function fixedBytes(n: bigint, length: number): Buffer {
  const hex = n.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('integer does not fit');
  return Buffer.from(hex, 'hex');
}

/**
 * Hex as sent in SRP_B and SALT challenge parameters: the padHex form of the integer. ACIJ (and
 * every other Cognito SRP client) parses these as hex integers, so only the value matters; padHex
 * keeps them even-length, which is what Cognito (a Java BigInteger server) emits.
 */
export function toSrpHex(value: Buffer): string {
  return padHex(bytesToBigInt(value));
}

const HEX_RE = /^[0-9a-fA-F]+$/;
/** Hex longer than this cannot be a sane A (N is 768 hex digits); bounds work on hostile input. */
const MAX_A_HEX_LENGTH = 1024;

/**
 * Validates the client's SRP_A (hex, as ACIJ sends `A.toString(16)`: lower-case, possibly odd
 * length) and returns it as bytes (padHex form), or null when it is not hex or A % N == 0
 * (RFC 5054 §2.5.4: the host MUST abort). Callers answer null with an InvalidParameter-style error.
 */
export function parseSrpA(hex: string): Buffer | null {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length > MAX_A_HEX_LENGTH || !HEX_RE.test(hex)) {
    return null;
  }
  const A = BigInt(`0x${hex}`);
  if (A % SRP_N === 0n) return null;
  return padBytes(A);
}

/** The pool name ACIJ uses as identityPrefix for users: the part of the pool id after '_'. */
export function userPoolNameForSrp(userPoolId: string): string {
  const i = userPoolId.indexOf('_');
  return i < 0 ? userPoolId : userPoolId.slice(i + 1);
}

// ---------------------------------------------------------------------------------------------
// Hashing

function sha256(...parts: Array<Buffer | string>): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p); // strings as UTF-8, like @aws-crypto's Sha256.update
  return h.digest();
}

function hmacSha256(key: Buffer, ...parts: Array<Buffer | string>): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** k = H(padHex(N) ‖ padHex(g)), as ACIJ's constructor computes it (≠ RFC 5054's H(N ‖ PAD(g))). */
export const SRP_K: bigint = bytesToBigInt(sha256(padBytes(SRP_N), padBytes(SRP_G)));

/** ACIJ computehkdf: HKDF-SHA256 (RFC 5869) with L = 16, i.e. HMAC(HMAC(salt, ikm), info ‖ 0x01)[0..16). */
function computeHkdf(ikm: Buffer, salt: Buffer): Buffer {
  const prk = hmacSha256(salt, ikm);
  return hmacSha256(prk, Buffer.from(SRP_HKDF_INFO, 'utf8'), Buffer.from([1])).subarray(0, 16);
}

// ---------------------------------------------------------------------------------------------
// Native modular exponentiation

const N_BYTES_BUF = Buffer.from(SRP_N_HEX, 'hex');
const G_BYTES_BUF = Buffer.from([2]);

/**
 * base^exp mod N using OpenSSL through node:crypto DiffieHellman: with the private key set to exp,
 * generateKeys() yields g^exp mod N and computeSecret(base) yields base^exp mod N (~1–3 ms for a
 * 256-bit exponent versus tens of ms with BigInt). OpenSSL refuses "public keys" 0, 1 and N−1
 * (and anything ≥ N), so those bases are reduced and answered directly. Exported for tests.
 */
export function modPowN(base: bigint, exp: bigint): bigint {
  if (exp < 0n) throw new RangeError('modPowN: negative exponent');
  const b = ((base % SRP_N) + SRP_N) % SRP_N;
  if (exp === 0n) return 1n;
  if (b === 0n || b === 1n) return b;
  if (b === SRP_N - 1n) return exp % 2n === 0n ? 1n : b;
  const dh = createDiffieHellman(N_BYTES_BUF, G_BYTES_BUF);
  dh.setPrivateKey(padBytes(exp));
  if (b === SRP_G) return bytesToBigInt(dh.generateKeys());
  try {
    return bytesToBigInt(dh.computeSecret(fixedBytes(b, SRP_N_BYTES)));
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_CRYPTO_INVALID_KEYTYPE') throw e;
    // OpenSSL 3.5 (Node 22) knows N as RFC 3526's group and refuses a base outside its prime-order subgroup (a
    // quadratic non-residue; honest clients never send one: g = 2 is a residue). N ≡ 3 (mod 4), so −1 is a
    // non-residue and N − b a residue: b^e = (−1)^e · (N − b)^e.
    const r = bytesToBigInt(dh.computeSecret(fixedBytes(SRP_N - b, SRP_N_BYTES)));
    return exp % 2n === 0n || r === 0n ? r : SRP_N - r;
  }
}

/**
 * Where modPowNAsync sends OpenSSL's work: worker threads in the server (platform/modpow-threads.ts), given as
 * `deps.modPow` by the composition root (serve). Without one (tests, CLI) everything runs inline.
 */
export type ModPowOffload = (base: Buffer | null, exp: Buffer) => Promise<Buffer>;

/** modPowN, off the event loop when an offload is given. Same results, same edge cases. */
export async function modPowNAsync(base: bigint, exp: bigint, offload: ModPowOffload | undefined): Promise<bigint> {
  if (!offload) return modPowN(base, exp);
  if (exp < 0n) throw new RangeError('modPowN: negative exponent');
  const b = ((base % SRP_N) + SRP_N) % SRP_N;
  if (exp === 0n) return 1n;
  if (b === 0n || b === 1n) return b;
  if (b === SRP_N - 1n) return exp % 2n === 0n ? 1n : b;
  return bytesToBigInt(await offload(b === SRP_G ? null : fixedBytes(b, SRP_N_BYTES), padBytes(exp)));
}

/**
 * The SRP computations are written once, as generators that yield each modular exponentiation they need
 * ([base, exp] → base^exp mod N); runInline answers with modPowN, runOffloaded with modPowNAsync.
 */
type PowSteps<R> = Generator<[bigint, bigint], R, bigint>;

function runInline<R>(steps: PowSteps<R>): R {
  let r = steps.next();
  while (!r.done) r = steps.next(modPowN(r.value[0], r.value[1]));
  return r.value;
}

async function runOffloaded<R>(steps: PowSteps<R>, offload: ModPowOffload | undefined): Promise<R> {
  let r = steps.next();
  while (!r.done) r = steps.next(await modPowNAsync(r.value[0], r.value[1], offload));
  return r.value;
}

// ---------------------------------------------------------------------------------------------
// Verifiers

/** A fresh random salt for a user's password verifier (SRP_SALT_BYTES bytes). */
export function generateSalt(random: Random): Buffer {
  return random.bytes(SRP_SALT_BYTES);
}

/** x = H(padHex(salt) ‖ H(identityPrefix ‖ identity ‖ ':' ‖ password)) — ACIJ getPasswordAuthenticationKey. */
function computeX(identityPrefix: string, identity: string, password: string, salt: Buffer): bigint {
  const inner = sha256(`${identityPrefix}${identity}:${password}`);
  return bytesToBigInt(sha256(padBytes(bytesToBigInt(salt)), inner));
}

/**
 * The SRP verifier v = g^x mod N, returned in padHex form (so for devices it is byte-identical to
 * what ACIJ generateHashDevice sends, base64-encoded, as DeviceSecretVerifierConfig.PasswordVerifier).
 *   users:   identityPrefix = userPoolNameForSrp(poolId), identity = USER_ID_FOR_SRP
 *            (the user's internal username / sub, whatever the server sends as USER_ID_FOR_SRP)
 *   devices: identityPrefix = DeviceGroupKey, identity = DeviceKey, password = the device's random
 *            password (the server never sees it; ConfirmDevice sends salt + verifier instead, see
 *            parseDeviceSecretVerifierConfig)
 * Only the numeric value of `salt` matters (the client reads SALT as a hex integer).
 */
export function createVerifier(identityPrefix: string, identity: string, password: string, salt: Buffer): Buffer {
  return padBytes(modPowN(SRP_G, computeX(identityPrefix, identity, password, salt)));
}

/**
 * Plaintext password check against a stored verifier (USER_PASSWORD_AUTH, AdminInitiateAuth with
 * ADMIN_USER_PASSWORD_AUTH, ChangePassword...): recomputes v and compares in constant time.
 * Same identityPrefix/identity convention as createVerifier.
 */
export function checkPassword(
  identityPrefix: string,
  identity: string,
  password: string,
  salt: Buffer,
  verifier: Buffer,
): boolean {
  return runInline(checkPasswordSteps(identityPrefix, identity, password, salt, verifier));
}

/** checkPassword with the modPow off the event loop (modPowNAsync). */
export function checkPasswordAsync(
  identityPrefix: string,
  identity: string,
  password: string,
  salt: Buffer,
  verifier: Buffer,
  offload: ModPowOffload | undefined,
): Promise<boolean> {
  return runOffloaded(checkPasswordSteps(identityPrefix, identity, password, salt, verifier), offload);
}

function* checkPasswordSteps(identityPrefix: string, identity: string, password: string, salt: Buffer, verifier: Buffer): PowSteps<boolean> {
  const expected = yield [SRP_G, computeX(identityPrefix, identity, password, salt)];
  const stored = bytesToBigInt(verifier);
  if (stored >= SRP_N) return false;
  return timingSafeEqual(fixedBytes(expected, SRP_N_BYTES), fixedBytes(stored, SRP_N_BYTES));
}

/** Base64 as Cognito clients send it; rejects strings that are not base64 at all. */
function decodeBase64Strict(s: unknown): Buffer | null {
  if (typeof s !== 'string' || s.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return null;
  return Buffer.from(s, 'base64');
}

/**
 * ConfirmDevice's DeviceSecretVerifierConfig as ACIJ sends it: { Salt: base64(padHex(salt) bytes),
 * PasswordVerifier: base64(padHex(v) bytes) }. Returns the raw salt and verifier to store (to be
 * used with startSrp / toSrpHex for DEVICE_SRP_AUTH), or null when either is missing, not base64,
 * or the verifier is not in [2, N−2] (v ∈ {0, 1, N−1} would make B trivially related to g^b).
 */
export function parseDeviceSecretVerifierConfig(config: {
  Salt?: unknown;
  PasswordVerifier?: unknown;
}): { salt: Buffer; verifier: Buffer } | null {
  const salt = decodeBase64Strict(config.Salt);
  const verifierBytes = decodeBase64Strict(config.PasswordVerifier);
  if (!salt || !verifierBytes || salt.length > 1024 || verifierBytes.length > 1024) return null;
  const v = bytesToBigInt(verifierBytes);
  if (v < 2n || v >= SRP_N - 1n) return null;
  return { salt, verifier: padBytes(v) };
}

// ---------------------------------------------------------------------------------------------
// The exchange

/**
 * Server step 1 (answer to SRP_A): picks b (SRP_PRIVATE_EXPONENT_BYTES random bytes) and computes
 * B = (k·v + g^b) mod N, retrying in the (negligible) case B % N == 0. Send toSrpHex(B) as SRP_B
 * and keep b (secret!) and B with the auth session for verifySrpSignature.
 */
export function startSrp(verifier: Buffer, random: Random): { b: Buffer; B: Buffer } {
  return runInline(startSrpSteps(verifier, random));
}

/** startSrp with g^b off the event loop. */
export function startSrpAsync(verifier: Buffer, random: Random, offload: ModPowOffload | undefined): Promise<{ b: Buffer; B: Buffer }> {
  return runOffloaded(startSrpSteps(verifier, random), offload);
}

function* startSrpSteps(verifier: Buffer, random: Random): PowSteps<{ b: Buffer; B: Buffer }> {
  const v = bytesToBigInt(verifier);
  if (v <= 0n || v >= SRP_N) throw new RangeError('startSrp: verifier out of range');
  const kv = (SRP_K * v) % SRP_N;
  for (;;) {
    const b = random.bytes(SRP_PRIVATE_EXPONENT_BYTES);
    const bInt = bytesToBigInt(b);
    if (bInt === 0n) continue;
    const B = (kv + (yield [SRP_G, bInt])) % SRP_N;
    if (B === 0n) continue;
    return { b, B: padBytes(B) };
  }
}

export interface SrpSignatureInput {
  /** Users: userPoolNameForSrp(poolId). Devices: DeviceGroupKey. */
  identityPrefix: string;
  /** Users: the USER_ID_FOR_SRP that was sent in the challenge. Devices: DeviceKey. */
  identity: string;
  /** Client's A (from parseSrpA). */
  A: Buffer;
  /** Server's B and b (from startSrp). */
  B: Buffer;
  b: Buffer;
  /** Stored verifier (createVerifier / parseDeviceSecretVerifierConfig). */
  verifier: Buffer;
  /**
   * Raw bytes of PASSWORD_CLAIM_SECRET_BLOCK (base64-decoded). The caller must also check that it is
   * the secret block it issued for this session.
   */
  secretBlock: Buffer;
  /** TIMESTAMP challenge response, verbatim (it is part of the signed message). */
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE: base64 HMAC-SHA256. */
  signature: string;
  /** Server clock (ms since epoch): TIMESTAMP must be within SRP_TIMESTAMP_MAX_SKEW_MS of it. */
  nowMs: number;
}

/**
 * Server step 2 (PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER): true iff the client proved
 * knowledge of the password behind `verifier` for this exchange. Computes
 *   u = H(padHex(A) ‖ padHex(B))              (u == 0 → false)
 *   S = (A · v^u)^b mod N
 *   K = HKDF(ikm = padHex(S), salt = padHex(u), info = 'Caldera Derived Key')[0..16)
 *   expected = HMAC-SHA256(K, identityPrefix ‖ identity ‖ secretBlock ‖ timestamp)
 * and compares it to the decoded signature in constant time. Also false when A % N == 0, when the
 * timestamp does not parse or is outside ±SRP_TIMESTAMP_MAX_SKEW_MS of nowMs, or when the
 * signature is not 32 bytes of base64. Never throws on client-controlled input.
 */
export function verifySrpSignature(input: SrpSignatureInput): boolean {
  return runInline(verifySrpSignatureSteps(input));
}

/** verifySrpSignature with its two exponentiations off the event loop. */
export function verifySrpSignatureAsync(input: SrpSignatureInput, offload: ModPowOffload | undefined): Promise<boolean> {
  return runOffloaded(verifySrpSignatureSteps(input), offload);
}

function* verifySrpSignatureSteps(input: SrpSignatureInput): PowSteps<boolean> {
  if (!isSrpTimestampFresh(input.timestamp, input.nowMs)) return false;
  const provided = decodeBase64Strict(input.signature);
  if (!provided || provided.length !== 32) return false;

  const A = bytesToBigInt(input.A);
  const B = bytesToBigInt(input.B);
  const b = bytesToBigInt(input.b);
  const v = bytesToBigInt(input.verifier);
  if (A % SRP_N === 0n || B % SRP_N === 0n || b === 0n || v === 0n || v >= SRP_N) return false;

  const u = bytesToBigInt(sha256(padBytes(A), padBytes(B)));
  if (u === 0n) return false;
  const base = ((A % SRP_N) * (yield [v, u])) % SRP_N;
  const S = yield [base, b];
  return timingSafeEqual(passwordClaimSignature(S, u, input), provided);
}

/** K = HKDF(S, u) and the PASSWORD_CLAIM_SIGNATURE HMAC over it: the same for the server's check and the client's claim. */
function passwordClaimSignature(S: bigint, u: bigint, claim: { identityPrefix: string; identity: string; secretBlock: Buffer; timestamp: string }): Buffer {
  const K = computeHkdf(padBytes(S), padBytes(u));
  return hmacSha256(K, Buffer.from(claim.identityPrefix, 'utf8'), Buffer.from(claim.identity, 'utf8'), claim.secretBlock, Buffer.from(claim.timestamp, 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// The client's half, for the managed-login pages acting as a remembered browser's device (domain/hosted)

/** Client step 1: a random a and A = g^a mod N (A % N ≠ 0), sent as SRP_A (toSrpHex). */
export function startSrpClient(random: Random): { a: bigint; A: Buffer } {
  for (;;) {
    const a = bytesToBigInt(random.bytes(SRP_PRIVATE_EXPONENT_BYTES));
    if (a === 0n) continue;
    const A = modPowN(SRP_G, a);
    if (A % SRP_N !== 0n) return { a, A: padBytes(A) };
  }
}

/**
 * Client step 2 (what ACIJ getPasswordAuthenticationKey and its signature compute): given the server's SRP_B, SALT and
 * SECRET_BLOCK, the PASSWORD_CLAIM_SIGNATURE for `timestamp` that verifySrpSignature accepts.
 *   S = (B − k·g^x)^(a + u·x) mod N, K and the HMAC as in verifySrpSignature.
 */
export function srpClientSignature(input: {
  identityPrefix: string;
  identity: string;
  password: string;
  a: bigint;
  A: Buffer;
  srpBHex: string;
  saltHex: string;
  secretBlock: Buffer;
  timestamp: string;
}): string {
  const B = BigInt(`0x${input.srpBHex}`);
  const x = computeX(input.identityPrefix, input.identity, input.password, padBytes(BigInt(`0x${input.saltHex}`)));
  const u = bytesToBigInt(sha256(input.A, padBytes(B)));
  const base = (((B - SRP_K * modPowN(SRP_G, x)) % SRP_N) + SRP_N) % SRP_N;
  const S = modPowN(base, input.a + u * x);
  return passwordClaimSignature(S, u, input).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// TIMESTAMP

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const two = (n: number): string => String(n).padStart(2, '0');

/**
 * 'ddd MMM D HH:mm:ss UTC YYYY' in UTC, exactly as ACIJ DateHelper.getNowString (day of month not
 * zero-padded, e.g. 'Tue Sep 3 07:05:09 UTC 2024').
 */
export function formatSrpTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

const TIMESTAMP_RE =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/;

/**
 * Parses a TIMESTAMP in the getNowString format (a zero-padded day, as some non-JS SDKs send, is
 * accepted too) to ms since the epoch; null when malformed, out of range (e.g. 'Feb 30', hour 24)
 * or when the weekday does not match the date.
 */
export function parseSrpTimestamp(s: string): number | null {
  if (typeof s !== 'string') return null;
  const m = TIMESTAMP_RE.exec(s);
  if (!m) return null;
  const [, wd, mon, day, hh, mm, ss, yyyy] = m as unknown as [string, string, string, string, string, string, string, string];
  const month = MONTHS.indexOf(mon as (typeof MONTHS)[number]);
  const [D, H, Mi, Se, Y] = [day, hh, mm, ss, yyyy].map(Number) as [number, number, number, number, number];
  if (H > 23 || Mi > 59 || Se > 59 || D < 1) return null;
  const ms = Date.UTC(Y, month, D, H, Mi, Se);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== Y || d.getUTCMonth() !== month || d.getUTCDate() !== D) return null;
  if (WEEKDAYS[d.getUTCDay()] !== wd) return null;
  return ms;
}

/** True iff the TIMESTAMP parses and lies within ±SRP_TIMESTAMP_MAX_SKEW_MS of nowMs. */
export function isSrpTimestampFresh(timestamp: string, nowMs: number): boolean {
  const t = parseSrpTimestamp(timestamp);
  return t !== null && Math.abs(t - nowMs) <= SRP_TIMESTAMP_MAX_SKEW_MS;
}
