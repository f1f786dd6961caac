import { generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { PoolRecords } from '../pool-records.js';
import { serially } from '../serial.js';

/**
 * GetSigningCertificate: the pool's certificate for signing SAML requests, a self-signed X.509 v3 certificate
 * (RSA 2048, SHA-256 with RSA) valid 10 years from issue, as Cognito documents; answered as base64 DER, the form
 * Cognito returns (no PEM armour). Made on first request and kept (the private key sealed) so that every call
 * answers the same certificate. Node has no certificate builder, so the DER is written here (RFC 5280 §4.1).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-SAML-signing-encryption.html
 */
const records = new PoolRecords<{ certificate: string; privateKeySealed: string }>('saml-signing');
const VALID_YEARS = 10;
const generateRsa = promisify(generateKeyPair);

export async function signingCertificate(deps: Pick<Deps, 'store' | 'clock' | 'random' | 'sealer'>, pool: PoolRecord): Promise<string> {
  return serially(`saml-signing:${pool.id}`, async () => {
    const stored = await records.get(deps, pool.id, 'current');
    if (stored) return stored.certificate;
    const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    const now = deps.clock.now();
    const certificate = selfSignedCertificate({
      commonName: pool.id,
      serial: deps.random.bytes(16),
      notBefore: now,
      notAfter: addYears(now, VALID_YEARS),
      publicKey,
      privateKey,
    }).toString('base64');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    await records.put(deps, pool.id, 'current', { certificate, privateKeySealed: deps.sealer.seal(pem, `saml-signing:${pool.id}`) });
    return certificate;
  });
}

function addYears(ms: number, years: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

// DER (ITU-T X.690): tag, length, content.
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : (() => {
    const bytes: number[] = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
  })();
  return Buffer.concat([Buffer.from([tag]), len, content]);
}
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const nul = () => Buffer.from([0x05, 0x00]);
function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const out = [a * 40 + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) chunk.unshift(0x80 | (x & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z';
  const year = Number(iso.slice(0, 4));
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return year < 2050 ? tlv(0x17, Buffer.from(digits.slice(2))) : tlv(0x18, Buffer.from(digits));
}
const name = (commonName: string) => seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
const SHA256_WITH_RSA = () => seq(oid('1.2.840.113549.1.1.11'), nul());

export function selfSignedCertificate(c: {
  commonName: string;
  serial: Buffer;
  notBefore: number;
  notAfter: number;
  publicKey: KeyObject;
  privateKey: KeyObject;
}): Buffer {
  const serial = Buffer.from(c.serial);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and non-zero (RFC 5280 §4.1.2.2)
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // version v3
    integer(serial),
    SHA256_WITH_RSA(),
    name(c.commonName),
    seq(time(c.notBefore), time(c.notAfter)),
    name(c.commonName),
    c.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, c.privateKey);
  return seq(tbs, SHA256_WITH_RSA(), tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}
