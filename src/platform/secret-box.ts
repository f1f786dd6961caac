/**
 * Encryption at rest for secrets we must be able to read back (TOTP shared secrets,
 * client secrets if ever stored reversibly): AES-256-GCM, NIST SP 800-38D.
 *
 *   sealed = "v1." + b64url(iv) + "." + b64url(tag) + "." + b64url(ciphertext)
 *
 * - 12-byte IV from the injected Random (SP 800-38D §8.2.2, random IV construction; 96 bits
 *   is the size GCM is designed for, RFC 5116 §5.1). With random IVs keep well under 2^32
 *   seals per key (SP 800-38D §8.3).
 * - 16-byte tag, enforced on open so a truncated tag can't lower the forgery bound
 *   (SP 800-38D §5.2.1.2, Appendix C).
 * - Optional associated data (RFC 5116 §2.1) binds a ciphertext to its context, e.g. the
 *   user id, so a sealed value copied into another row fails to open. Omitted aad and
 *   aad '' are the same (both are empty AAD to GCM).
 *
 * Every failure to open (tampering, wrong key, wrong aad) is the single code
 * 'decrypt_failed': GCM cannot tell them apart, and neither should an attacker.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import type { Random } from './random.js';

export type SecretBoxErrorCode =
  /** The key is not exactly 32 bytes. */
  | 'invalid_key'
  /** The sealed string is not v<n>.<iv>.<tag>.<ct> with canonical base64url of the right sizes. */
  | 'malformed'
  /** A version prefix other than v1 (reserved for future key rotation / algorithm changes). */
  | 'unsupported_version'
  /** Authentication failed: tampered data, wrong key or wrong associated data. */
  | 'decrypt_failed';

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface SecretBox {
  seal(plaintext: string, aad?: string): string;
  open(sealed: string, aad?: string): string;
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url: Buffer.from(…, 'base64url') silently skips bad characters and
 * non-zero trailing bits, which would let two different sealed strings open to the same
 * value. Requiring the canonical encoding keeps sealed strings non-malleable.
 */
function decodeSegment(segment: string): Buffer | null {
  if (!B64URL.test(segment)) return null;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : null;
}

export function createSecretBox(key: Buffer, random: Random): SecretBox {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new SecretBoxError('invalid_key', `key must be ${KEY_BYTES} bytes`);
  }
  // A KeyObject copies the key, so later mutation of the caller's Buffer has no effect.
  const keyObject: KeyObject = createSecretKey(key);

  return {
    seal(plaintext: string, aad?: string): string {
      const iv = random.bytes(IV_BYTES);
      if (iv.length !== IV_BYTES) throw new RangeError('random source returned the wrong number of bytes');
      const cipher = createCipheriv('aes-256-gcm', keyObject, iv, { authTagLength: TAG_BYTES });
      if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${VERSION}.${iv.toString('base64url')}.${tag.toString('base64url')}.${ciphertext.toString('base64url')}`;
    },

    open(sealed: string, aad?: string): string {
      if (typeof sealed !== 'string') throw new SecretBoxError('malformed', 'sealed value must be a string');
      const parts = sealed.split('.');
      if (parts.length !== 4) throw new SecretBoxError('malformed', 'sealed value must have 4 dot-separated parts');
      const [version, ivPart, tagPart, ctPart] = parts as [string, string, string, string];
      if (version !== VERSION) {
        throw /^v\d+$/.test(version)
          ? new SecretBoxError('unsupported_version', `unsupported sealed version ${version}`)
          : new SecretBoxError('malformed', 'sealed value has no version prefix');
      }
      const iv = decodeSegment(ivPart);
      const tag = decodeSegment(tagPart);
      const ciphertext = decodeSegment(ctPart);
      if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ciphertext) {
        throw new SecretBoxError('malformed', 'sealed value has a bad iv, tag or ciphertext encoding');
      }
      const decipher = createDecipheriv('aes-256-gcm', keyObject, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      const out = decipher.update(ciphertext);
      try {
        // final() is where GCM checks the tag; nothing is returned before it passes.
        return Buffer.concat([out, decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('decrypt_failed', 'sealed value failed authentication');
      }
    },
  };
}
