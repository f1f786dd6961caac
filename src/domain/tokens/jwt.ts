/**
 * RS256 JSON Web Tokens shaped the way Amazon Cognito issues them, on node:crypto only.
 *
 *   JWS compact serialization: RFC 7515 §7.1  https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 *   RS256 = RSASSA-PKCS1-v1_5 + SHA-256: RFC 7518 §3.3  https://www.rfc-editor.org/rfc/rfc7518#section-3.3
 *   JWK for RSA public keys: RFC 7518 §6.3.1, JWK Set: RFC 7517 §5
 *
 * This module checks signatures only. Claim checks (exp, iss, token_use, client_id…) belong
 * to the caller, which owns the clock.
 *
 * Performance: createPrivateKey/createPublicKey parse ASN.1 and are slow relative to a
 * signature check (~25 µs for RS256 verify with a KeyObject). Import keys once
 * (importPrivateKeyPem / importPublicJwk) and pass the KeyObject on every call.
 */
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  generateKeyPairSync,
  sign as cryptoSign,
  verify as cryptoVerify,
  type KeyObject,
} from 'node:crypto';

export type JwtErrorCode =
  /** Not three canonical base64url segments, or header/payload not a JSON object. */
  | 'malformed'
  /** Header alg is not RS256 (this includes "none", RFC 7518 §3.6, and HS256 key confusion). */
  | 'alg'
  /** Header carries "crit": we understand no extensions, so RFC 7515 §4.1.11 says reject. */
  | 'crit'
  /** The key is not an RSA key of the right kind (private for signing). */
  | 'key'
  /** Claims to sign are not a plain JSON object. */
  | 'claims';

export class JwtError extends Error {
  override readonly name = 'JwtError';
  constructor(
    readonly code: JwtErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Field order matches Cognito's /.well-known/jwks.json (alphabetical). A type alias, not an
 * interface, so it is assignable to JSON-object types such as aws-jwt-verify's Jwk.
 */
export type PublicJwk = {
  alg: 'RS256';
  e: string;
  kid: string;
  kty: 'RSA';
  n: string;
  use: 'sig';
};

export interface SigningKey {
  kid: string;
  /** PKCS#8 PEM. Store it sealed (see platform/secret-box). */
  privateKeyPem: string;
  publicJwk: PublicJwk;
}

export interface JwtSigner {
  kid: string;
  /** Prefer a KeyObject from importPrivateKeyPem; a PEM string is parsed (and memoised). */
  privateKey: KeyObject | string;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** ASCII "<header b64url>.<payload b64url>", the bytes the signature covers (RFC 7515 §5.1 step 8). */
  signingInput: string;
  signature: Buffer;
}

/** kid as Cognito spells it: standard base64 (with padding) of SHA-256 over the SPKI DER: 44 chars. */
function kidFor(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

function toPublicJwk(publicKey: KeyObject, kid: string): PublicJwk {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') {
    throw new JwtError('key', 'not an RSA public key');
  }
  return { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' };
}

/**
 * A fresh RSA-2048 signing key (RFC 7518 §3.3 requires >= 2048 bits), e = 65537.
 *
 * This is the one place in the domain that draws randomness without an injected Random:
 * RSA key generation needs prime search that only OpenSSL's CSPRNG can feed through
 * generateKeyPair. It takes tens to hundreds of milliseconds of CPU: call it at pool
 * creation/rotation, never per request. The server uses the asynchronous form (libuv's
 * thread pool), so a new pool's first sign-in does not stall every other request.
 */
export function generateSigningKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', RSA_PARAMS);
  return signingKeyFrom(publicKey, privateKey);
}

/** generateSigningKey on libuv's thread pool. */
export function generateSigningKeyAsync(): Promise<SigningKey> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', RSA_PARAMS, (err, publicKey, privateKey) => (err ? reject(err) : resolve(signingKeyFrom(publicKey, privateKey)))),
  );
}

const RSA_PARAMS = { modulusLength: 2048, publicExponent: 0x10001 } as const;

function signingKeyFrom(publicKey: KeyObject, privateKey: KeyObject): SigningKey {
  const kid = kidFor(publicKey);
  return {
    kid,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicJwk: toPublicJwk(publicKey, kid),
  };
}

function assertRsa(key: KeyObject, type: 'private' | 'public-or-private'): void {
  if (key.asymmetricKeyType !== 'rsa') throw new JwtError('key', 'key must be an RSA key (not RSA-PSS, EC or secret)');
  if (type === 'private' && key.type !== 'private') throw new JwtError('key', 'signing needs a private key');
}

/** Parse a PKCS#8/PKCS#1 PEM once; keep the result. */
export function importPrivateKeyPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new JwtError('key', 'private key PEM could not be parsed');
  }
  assertRsa(key, 'private');
  return key;
}

/** A verification KeyObject from a JWK as published in a JWKS (what a relying party does). */
export function importPublicJwk(jwk: PublicJwk): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  } catch {
    throw new JwtError('key', 'JWK could not be imported');
  }
  assertRsa(key, 'public-or-private');
  return key;
}

/** The public JWK for a private key (for publishing after loading a stored PEM). */
export function publicJwkFor(privateKey: KeyObject | string): PublicJwk {
  const publicKey = createPublicKey(typeof privateKey === 'string' ? importPrivateKeyPem(privateKey) : privateKey);
  assertRsa(publicKey, 'public-or-private');
  return toPublicJwk(publicKey, kidFor(publicKey));
}

// Small memo so callers that pass PEM strings don't pay createPrivateKey per token.
// Bounded: a pool has one active key, a handful during rotation.
const PEM_MEMO_MAX = 16;
const pemMemo = new Map<string, KeyObject>();

function privateKeyObject(key: KeyObject | string): KeyObject {
  if (typeof key !== 'string') {
    assertRsa(key, 'private');
    return key;
  }
  let cached = pemMemo.get(key);
  if (!cached) {
    cached = importPrivateKeyPem(key);
    if (pemMemo.size >= PEM_MEMO_MAX) pemMemo.delete(pemMemo.keys().next().value!);
    pemMemo.set(key, cached);
  }
  return cached;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Signs claims as a compact JWS. The header is exactly {"kid":"…","alg":"RS256"}: that
 * order and no "typ", byte-for-byte what Cognito emits.
 */
export function signJwt(claims: object, key: JwtSigner): string {
  const { signingInput, privateKey } = prepareSignature(claims, key);
  return `${signingInput}.${cryptoSign('sha256', Buffer.from(signingInput, 'ascii'), signOptions(privateKey)).toString('base64url')}`;
}

/**
 * signJwt with the RSA operation on libuv's thread pool (node:crypto's one-shot sign with a callback): the same
 * token, but the ~220 µs of RSA-2048 no longer hold the event loop, so a sign-in's two signatures run beside other
 * requests (and on another core). What the server uses on its sign-in paths.
 */
export async function signJwtAsync(claims: object, key: JwtSigner): Promise<string> {
  const { signingInput, privateKey } = prepareSignature(claims, key);
  return new Promise((resolve, reject) => {
    cryptoSign('sha256', Buffer.from(signingInput, 'ascii'), signOptions(privateKey), (err, signature) => {
      if (err) reject(err);
      else resolve(`${signingInput}.${signature.toString('base64url')}`);
    });
  });
}

function prepareSignature(claims: object, key: JwtSigner): { signingInput: string; privateKey: KeyObject } {
  if (!isPlainObject(claims)) throw new JwtError('claims', 'claims must be a plain object');
  if (typeof key.kid !== 'string' || key.kid === '') throw new JwtError('key', 'kid must be a non-empty string');
  const privateKey = privateKeyObject(key.privateKey);
  const header = Buffer.from(JSON.stringify({ kid: key.kid, alg: 'RS256' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { signingInput: `${header}.${payload}`, privateKey };
}

// RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with SHA-256. PKCS#1 v1.5 padding is node's default for RSA keys; stated
// explicitly so a key type change can't silently switch to PSS.
const signOptions = (key: KeyObject) => ({ key, padding: constants.RSA_PKCS1_PADDING });

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Strict base64url (RFC 7515 §2: no padding, no other characters, canonical trailing bits). */
function decodeSegment(segment: string, what: string): Buffer {
  const bytes = B64URL.test(segment) ? Buffer.from(segment, 'base64url') : null;
  if (!bytes || bytes.toString('base64url') !== segment) {
    throw new JwtError('malformed', `${what} is not canonical base64url`);
  }
  return bytes;
}

function decodeJsonObject(segment: string, what: string): Record<string, unknown> {
  const bytes = decodeSegment(segment, what);
  let value: unknown;
  try {
    // fatal: invalid UTF-8 is malformed (RFC 7515 §5.2 step 3/7), not silently replaced.
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new JwtError('malformed', `${what} is not UTF-8 JSON`);
  }
  if (!isPlainObject(value)) throw new JwtError('malformed', `${what} is not a JSON object`);
  return value;
}

/**
 * Splits and decodes a compact JWS without verifying anything. The signature segment may
 * be empty (an unsecured "alg":"none" token still decodes, so verification can reject it
 * with 'alg' rather than 'malformed').
 */
export function decodeJwt(token: string): DecodedJwt {
  if (typeof token !== 'string') throw new JwtError('malformed', 'token must be a string');
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('malformed', 'token must have three segments');
  const [h, p, s] = parts as [string, string, string];
  if (h === '' || p === '') throw new JwtError('malformed', 'header and payload must not be empty');
  return {
    header: decodeJsonObject(h, 'header'),
    payload: decodeJsonObject(p, 'payload'),
    signingInput: `${h}.${p}`,
    signature: decodeSegment(s, 'signature'),
  };
}

/**
 * true iff the token is a well-formed RS256 JWS whose signature verifies under publicKey.
 * Throws JwtError: 'malformed' (cannot decode), 'alg' (header alg is not exactly "RS256"),
 * 'crit' (critical extensions present), 'key' (publicKey is not RSA).
 * The header's kid is not checked: pick the key by kid before calling.
 */
export function verifyJwtSignature(token: string, publicKey: KeyObject): boolean {
  assertRsa(publicKey, 'public-or-private');
  return verifyDecodedJwtSignature(decodeJwt(token), publicKey);
}

/**
 * verifyJwtSignature for a token the caller has already decoded with decodeJwt (the access-token check decodes
 * it to pick the key by iss and kid; decoding twice was avoidable work on every token-authorized request).
 */
export function verifyDecodedJwtSignature(decoded: DecodedJwt, publicKey: KeyObject): boolean {
  const signature = checkVerifiable(decoded, publicKey);
  if (!signature) return false;
  return cryptoVerify('sha256', Buffer.from(decoded.signingInput, 'ascii'), verifyOptions(publicKey), signature);
}

function checkVerifiable(decoded: DecodedJwt, publicKey: KeyObject): Buffer | undefined {
  assertRsa(publicKey, 'public-or-private');
  const { header, signature } = decoded;
  // The algorithm is fixed by us, never chosen by the token (RFC 8725 §3.1).
  if (header.alg !== 'RS256') throw new JwtError('alg', `unsupported alg ${JSON.stringify(header.alg)}`);
  if ('crit' in header) throw new JwtError('crit', 'critical header extensions are not supported');
  return signature.length === 0 ? undefined : signature;
}

// Verification stays on the event loop: at ~20 µs, handing it to the thread pool cost more than it saved
// (SetUserMFAPreference with fresh tokens: 86 -> 103 µs of CPU per request, measured).
const verifyOptions = (key: KeyObject) => ({ key, padding: constants.RSA_PKCS1_PADDING });

/** A JWK Set (RFC 7517 §5) as served at /<poolId>/.well-known/jwks.json. Copies the keys. */
export function toJwks(publicJwks: readonly PublicJwk[]): { keys: PublicJwk[] } {
  return {
    keys: publicJwks.map((k) => ({ alg: k.alg, e: k.e, kid: k.kid, kty: k.kty, n: k.n, use: k.use })),
  };
}
