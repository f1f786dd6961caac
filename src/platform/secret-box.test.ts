import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretBoxError, createSecretBox } from './secret-box.js';
import { SeededRandom, cryptoRandom, type Random } from './random.js';

const KEY = new SeededRandom('secret-box-key').bytes(32);
const OTHER_KEY = new SeededRandom('another-key').bytes(32);

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const isCode = (code: string) => (e: unknown) => e instanceof SecretBoxError && e.code === code;

/** Decode a base64url segment, flip one bit, re-encode canonically: a real tamper, not an encoding error. */
function flipBit(sealed: string, part: 1 | 2 | 3, byte = 0): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[byte]! ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

test('round trip, including empty and non-ASCII plaintext, with and without aad', () => {
  const box = createSecretBox(KEY, new SeededRandom('iv'));
  for (const plaintext of ['JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSW', '', 'päßwörd 🔐']) {
    assert.equal(box.open(box.seal(plaintext)), plaintext);
    assert.equal(box.open(box.seal(plaintext, 'user-123'), 'user-123'), plaintext);
  }
});

test('sealed format is v1.<iv>.<tag>.<ciphertext> in base64url with a 12-byte IV and 16-byte tag', () => {
  const sealed = createSecretBox(KEY, cryptoRandom).seal('hello');
  const m = /^v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(sealed);
  assert.ok(m, sealed);
  assert.equal(Buffer.from(m[1]!, 'base64url').length, 12);
  assert.equal(Buffer.from(m[2]!, 'base64url').length, 16);
  assert.equal(Buffer.from(m[3]!, 'base64url').length, 5); // GCM is a stream mode: |C| = |P|
});

test('the IV is taken from the injected Random', () => {
  const iv = Buffer.from('0123456789ab', 'ascii');
  const calls: number[] = [];
  const stub: Random = {
    bytes(n) {
      calls.push(n);
      return Buffer.from(iv);
    },
  };
  const sealed = createSecretBox(KEY, stub).seal('x');
  assert.deepEqual(calls, [12]);
  assert.equal(sealed.split('.')[1], iv.toString('base64url'));
});

// Known answer: McGrew & Viega, "The Galois/Counter Mode of Operation", Test Case 14
// (AES-256, zero key, zero 96-bit IV, one zero block). Pins algorithm and layout.
test('AES-256-GCM known-answer vector (GCM spec test case 14)', () => {
  const zeros: Random = { bytes: (n) => Buffer.alloc(n) };
  const box = createSecretBox(Buffer.alloc(32), zeros);
  const sealed = box.seal('\0'.repeat(16));
  const [, iv, tag, ct] = sealed.split('.');
  assert.equal(Buffer.from(iv!, 'base64url').toString('hex'), '000000000000000000000000');
  assert.equal(Buffer.from(ct!, 'base64url').toString('hex'), 'cea7403d4d606b6e074ec5d3baf39d18');
  assert.equal(Buffer.from(tag!, 'base64url').toString('hex'), 'd0d1c8a799996bf0265b98b5d48ab919');
  assert.equal(box.open(sealed), '\0'.repeat(16));
});

test('two seals of the same plaintext differ (fresh IV each time)', () => {
  for (const random of [cryptoRandom, new SeededRandom('same')]) {
    const box = createSecretBox(KEY, random);
    const a = box.seal('same secret', 'aad');
    const b = box.seal('same secret', 'aad');
    assert.notEqual(a, b);
    assert.notEqual(a.split('.')[1], b.split('.')[1]);
    assert.equal(box.open(a, 'aad'), box.open(b, 'aad'));
  }
});

test('tampering with iv, tag or ciphertext throws decrypt_failed', () => {
  const box = createSecretBox(KEY, new SeededRandom('tamper'));
  const sealed = box.seal('top secret value', 'user-1');
  for (const part of [1, 2, 3] as const) {
    for (const byte of [0, 5]) {
      assert.throws(() => box.open(flipBit(sealed, part, byte), 'user-1'), isCode('decrypt_failed'), `part ${part} byte ${byte}`);
    }
  }
  // Dropping ciphertext bytes is also caught.
  const parts = sealed.split('.');
  parts[3] = Buffer.from(parts[3]!, 'base64url').subarray(1).toString('base64url');
  assert.throws(() => box.open(parts.join('.'), 'user-1'), isCode('decrypt_failed'));
});

test('wrong or missing associated data throws decrypt_failed', () => {
  const box = createSecretBox(KEY, new SeededRandom('aad'));
  const sealed = box.seal('secret', 'user-1');
  assert.throws(() => box.open(sealed, 'user-2'), isCode('decrypt_failed'));
  assert.throws(() => box.open(sealed), isCode('decrypt_failed'));
  // And the reverse: sealed without aad, opened with one.
  assert.throws(() => box.open(box.seal('secret'), 'user-1'), isCode('decrypt_failed'));
  assert.equal(box.open(sealed, 'user-1'), 'secret');
});

test('wrong key throws decrypt_failed', () => {
  const sealed = createSecretBox(KEY, new SeededRandom('k')).seal('secret');
  assert.throws(() => createSecretBox(OTHER_KEY, cryptoRandom).open(sealed), isCode('decrypt_failed'));
});

test('mutating the caller key buffer after construction has no effect', () => {
  const key = Buffer.from(KEY);
  const box = createSecretBox(key, new SeededRandom('copy'));
  const sealed = box.seal('secret');
  key.fill(0);
  assert.equal(box.open(sealed), 'secret');
});

test('malformed sealed strings throw malformed, unknown versions unsupported_version', () => {
  const box = createSecretBox(KEY, new SeededRandom('m'));
  const sealed = box.seal('secret');
  const [, iv, tag, ct] = sealed.split('.') as [string, string, string, string];
  const malformed = [
    '',
    'garbage',
    `v1.${iv}.${tag}`,
    `${sealed}.extra`,
    `x1.${iv}.${tag}.${ct}`,
    `v1.${iv}!.${tag}.${ct}`, // not base64url
    `v1.${iv}=.${tag}.${ct}`, // padding is not canonical base64url
    `v1.${iv}.${tag.slice(0, -2)}.${ct}`, // truncated tag (SP 800-38D: never accept short tags)
    `v1.${iv}AA.${tag}.${ct}`, // 14-byte IV
    // 16-byte tag = 22 chars = 132 bits; the last char's 4 low bits are unused. Setting one
    // gives a non-canonical spelling of the same bytes, which must not be accepted.
    `v1.${iv}.${tag.slice(0, -1)}${B64URL[B64URL.indexOf(tag[21]!) | 1]}.${ct}`,
  ];
  for (const s of malformed) {
    assert.throws(() => box.open(s), isCode('malformed'), s);
  }
  assert.throws(() => box.open(123 as unknown as string), isCode('malformed'));
  assert.throws(() => box.open(`v2.${iv}.${tag}.${ct}`), isCode('unsupported_version'));
});

test('keys that are not exactly 32 bytes are refused', () => {
  for (const key of [Buffer.alloc(0), Buffer.alloc(16), Buffer.alloc(31), Buffer.alloc(33)]) {
    assert.throws(() => createSecretBox(key, cryptoRandom), isCode('invalid_key'), `length ${key.length}`);
  }
  assert.throws(() => createSecretBox('x'.repeat(32) as unknown as Buffer, cryptoRandom), isCode('invalid_key'));
});
