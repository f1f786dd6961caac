import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TotpError,
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  otpauthUri,
  totpCode,
  verifyTotp,
  type TotpAlgorithm,
} from './totp.js';
import { SeededRandom, type Random } from '../../platform/random.js';

// RFC 6238 Appendix B: the seeds are ASCII strings of the hash's output length.
// https://www.rfc-editor.org/rfc/rfc6238#appendix-B
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890', 'ascii'),
  sha256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
};

const RFC6238_VECTORS: ReadonlyArray<{ seconds: number; step: bigint; algorithm: TotpAlgorithm; code: string }> = [
  { seconds: 59, step: 0x1n, algorithm: 'sha1', code: '94287082' },
  { seconds: 59, step: 0x1n, algorithm: 'sha256', code: '46119246' },
  { seconds: 59, step: 0x1n, algorithm: 'sha512', code: '90693936' },
  { seconds: 1111111109, step: 0x23523ecn, algorithm: 'sha1', code: '07081804' },
  { seconds: 1111111109, step: 0x23523ecn, algorithm: 'sha256', code: '68084774' },
  { seconds: 1111111109, step: 0x23523ecn, algorithm: 'sha512', code: '25091201' },
  { seconds: 1111111111, step: 0x23523edn, algorithm: 'sha1', code: '14050471' },
  { seconds: 1111111111, step: 0x23523edn, algorithm: 'sha256', code: '67062674' },
  { seconds: 1111111111, step: 0x23523edn, algorithm: 'sha512', code: '99943326' },
  { seconds: 1234567890, step: 0x273ef07n, algorithm: 'sha1', code: '89005924' },
  { seconds: 1234567890, step: 0x273ef07n, algorithm: 'sha256', code: '91819424' },
  { seconds: 1234567890, step: 0x273ef07n, algorithm: 'sha512', code: '93441116' },
  { seconds: 2000000000, step: 0x3f940aan, algorithm: 'sha1', code: '69279037' },
  { seconds: 2000000000, step: 0x3f940aan, algorithm: 'sha256', code: '90698825' },
  { seconds: 2000000000, step: 0x3f940aan, algorithm: 'sha512', code: '38618901' },
  { seconds: 20000000000, step: 0x27bc86aan, algorithm: 'sha1', code: '65353130' },
  { seconds: 20000000000, step: 0x27bc86aan, algorithm: 'sha256', code: '77737706' },
  { seconds: 20000000000, step: 0x27bc86aan, algorithm: 'sha512', code: '47863826' },
];

for (const v of RFC6238_VECTORS) {
  test(`RFC 6238 Appendix B: T=${v.seconds}s ${v.algorithm} -> ${v.code}`, () => {
    const secret = base32Encode(SEEDS[v.algorithm]);
    assert.equal(totpCode(secret, v.seconds * 1000, { digits: 8, algorithm: v.algorithm }), v.code);
    // Same vector through HOTP with the table's step counter, as bigint and as number.
    assert.equal(hotp(SEEDS[v.algorithm], v.step, 8, v.algorithm), v.code);
    assert.equal(hotp(SEEDS[v.algorithm], Number(v.step), 8, v.algorithm), v.code);
    // And verification returns exactly that step.
    assert.equal(verifyTotp(secret, v.code, v.seconds * 1000, { digits: 8, algorithm: v.algorithm, window: 0 }), Number(v.step));
  });
}

// RFC 4226 Appendix D: HOTP values for counters 0..9 with the 20-byte ASCII secret.
// https://www.rfc-editor.org/rfc/rfc4226#appendix-D
const RFC4226_VALUES = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];

test('RFC 4226 Appendix D HOTP values', () => {
  RFC4226_VALUES.forEach((expected, counter) => {
    assert.equal(hotp(SEEDS.sha1, counter), expected, `counter ${counter}`);
  });
});

test('hotp rejects out-of-range arguments', () => {
  const invalid = (fn: () => unknown) => assert.throws(fn, (e: unknown) => e instanceof TotpError && e.code === 'invalid_argument');
  invalid(() => hotp(SEEDS.sha1, -1));
  invalid(() => hotp(SEEDS.sha1, 1.5));
  invalid(() => hotp(SEEDS.sha1, 1n << 64n));
  invalid(() => hotp(SEEDS.sha1, 0, 5));
  invalid(() => hotp(SEEDS.sha1, 0, 11));
  invalid(() => hotp(SEEDS.sha1, 0, 6, 'md5' as TotpAlgorithm));
  // The largest 64-bit counter is fine (RFC 4226 §5.1: 8-byte counter).
  assert.match(hotp(SEEDS.sha1, (1n << 64n) - 1n), /^\d{6}$/);
});

test('10-digit codes are zero-padded and match the 8-digit suffix', () => {
  const ten = hotp(SEEDS.sha1, 1, 10);
  assert.equal(ten.length, 10);
  assert.equal(ten.slice(-8), hotp(SEEDS.sha1, 1, 8));
});

// RFC 4648 §10 test vectors. Our encoder omits '=' padding; the decoder accepts it.
// https://www.rfc-editor.org/rfc/rfc4648#section-10
const RFC4648_BASE32: ReadonlyArray<[string, string]> = [
  ['', ''],
  ['f', 'MY======'],
  ['fo', 'MZXQ===='],
  ['foo', 'MZXW6==='],
  ['foob', 'MZXW6YQ='],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI======'],
];

test('base32 RFC 4648 §10 vectors', () => {
  for (const [plain, encoded] of RFC4648_BASE32) {
    assert.equal(base32Encode(Buffer.from(plain, 'ascii')), encoded.replace(/=+$/, ''), `encode ${JSON.stringify(plain)}`);
    assert.equal(base32Decode(encoded).toString('ascii'), plain, `decode padded ${encoded}`);
    assert.equal(base32Decode(encoded.replace(/=+$/, '')).toString('ascii'), plain, `decode unpadded ${encoded}`);
  }
});

test('base32 round trip for every length 0..64 and all byte values', () => {
  const random = new SeededRandom('base32');
  for (let n = 0; n <= 64; n++) {
    const bytes = random.bytes(n);
    assert.deepEqual(base32Decode(base32Encode(bytes)), bytes, `length ${n}`);
  }
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  assert.deepEqual(base32Decode(base32Encode(all)), all);
});

test('base32Decode is case-insensitive and ignores whitespace and trailing padding', () => {
  assert.equal(base32Decode('mzxw 6ytb\toi======').toString('ascii'), 'foobar');
  assert.equal(base32Decode('MzXw6YtBoI').toString('ascii'), 'foobar');
});

test('base32Decode throws invalid_secret on bad input', () => {
  const bad = (s: string) =>
    assert.throws(() => base32Decode(s), (e: unknown) => e instanceof TotpError && e.code === 'invalid_secret', JSON.stringify(s));
  bad('MZXW1'); // '1' is not in the alphabet
  bad('MZXW8');
  bad('MZ=XW6'); // padding in the middle
  bad('MZXW-6YTB');
  bad('A'); // 1 leftover char: impossible length (RFC 4648 §6 final quanta)
  bad('MZX'); // 3
  bad('MZXW6YTBOIA'); // 8 + 3
});

test('generateTotpSecret: 52 chars of base32 encoding the 32 injected bytes', () => {
  const fixed = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7));
  const calls: number[] = [];
  const stub: Random = {
    bytes(n) {
      calls.push(n);
      return fixed.subarray(0, n);
    },
  };
  const secret = generateTotpSecret(stub);
  assert.deepEqual(calls, [32]);
  assert.equal(secret.length, 52);
  assert.match(secret, /^[A-Z2-7]{52}$/);
  assert.deepEqual(base32Decode(secret), fixed);
  // Different randomness → different secret.
  assert.notEqual(generateTotpSecret(new SeededRandom('a')), generateTotpSecret(new SeededRandom('b')));
});

// Window behaviour, RFC 6238 §5.2 (resynchronisation / network delay).
const SECRET = base32Encode(SEEDS.sha1);
const NOW = 1_700_000_015_000; // 15 s into its 30 s step
const STEP = Math.floor(NOW / 1000 / 30);
const codeAt = (step: number) => hotp(SEEDS.sha1, step);

test('verifyTotp accepts the current step and returns its counter', () => {
  assert.equal(totpCode(SECRET, NOW), codeAt(STEP));
  assert.equal(verifyTotp(SECRET, codeAt(STEP), NOW), STEP);
});

test('verifyTotp default window accepts previous and next step, refuses two away', () => {
  assert.equal(verifyTotp(SECRET, codeAt(STEP - 1), NOW), STEP - 1);
  assert.equal(verifyTotp(SECRET, codeAt(STEP + 1), NOW), STEP + 1);
  assert.equal(verifyTotp(SECRET, codeAt(STEP - 2), NOW), null);
  assert.equal(verifyTotp(SECRET, codeAt(STEP + 2), NOW), null);
});

test('verifyTotp window 0 is current step only; window 2 reaches two steps', () => {
  assert.equal(verifyTotp(SECRET, codeAt(STEP - 1), NOW, { window: 0 }), null);
  assert.equal(verifyTotp(SECRET, codeAt(STEP + 1), NOW, { window: 0 }), null);
  assert.equal(verifyTotp(SECRET, codeAt(STEP - 2), NOW, { window: 2 }), STEP - 2);
  assert.equal(verifyTotp(SECRET, codeAt(STEP + 2), NOW, { window: 2 }), STEP + 2);
  assert.equal(verifyTotp(SECRET, codeAt(STEP + 3), NOW, { window: 2 }), null);
});

test('verifyTotp uses step boundaries, not distance in seconds', () => {
  const startOfStep = STEP * 30_000;
  const lastMsOfStep = startOfStep + 29_999;
  assert.equal(verifyTotp(SECRET, codeAt(STEP), startOfStep, { window: 0 }), STEP);
  assert.equal(verifyTotp(SECRET, codeAt(STEP), lastMsOfStep, { window: 0 }), STEP);
  assert.equal(verifyTotp(SECRET, codeAt(STEP), lastMsOfStep + 1, { window: 0 }), null);
});

test('verifyTotp returns null for malformed user input instead of throwing', () => {
  const good = codeAt(STEP);
  for (const code of ['', good.slice(1), good + '0', ` ${good.slice(1)}`, 'abcdef', '１２３４５６', '12345\n']) {
    assert.equal(verifyTotp(SECRET, code, NOW), null, JSON.stringify(code));
  }
  assert.equal(verifyTotp(SECRET, undefined as unknown as string, NOW), null);
});

test('verifyTotp throws on a bad secret or bad options', () => {
  const code = codeAt(STEP);
  assert.throws(() => verifyTotp('not base32!', code, NOW), (e: unknown) => e instanceof TotpError && e.code === 'invalid_secret');
  assert.throws(() => verifyTotp('', code, NOW), (e: unknown) => e instanceof TotpError && e.code === 'invalid_secret');
  for (const opts of [{ window: -1 }, { window: 0.5 }, { stepSeconds: 0 }, { digits: 4 }]) {
    assert.throws(() => verifyTotp(SECRET, code, NOW, opts), (e: unknown) => e instanceof TotpError && e.code === 'invalid_argument', JSON.stringify(opts));
  }
  assert.throws(() => totpCode(SECRET, Number.NaN), (e: unknown) => e instanceof TotpError && e.code === 'invalid_argument');
});

test('custom step length and digits flow through totpCode and verifyTotp', () => {
  const opts = { stepSeconds: 60, digits: 8 } as const;
  const step60 = Math.floor(NOW / 1000 / 60);
  const code = totpCode(SECRET, NOW, opts);
  assert.equal(code, hotp(SEEDS.sha1, step60, 8));
  assert.equal(verifyTotp(SECRET, code, NOW, opts), step60);
});

test('otpauthUri follows the Key Uri Format and omits defaults', () => {
  assert.equal(
    otpauthUri({ secret: 'mzxw 6ytb oi', accountName: 'alice@example.com', issuer: 'My Pool' }),
    'otpauth://totp/My%20Pool:alice%40example.com?secret=MZXW6YTBOI&issuer=My%20Pool',
  );
  assert.equal(
    otpauthUri({ secret: 'MZXW6YTBOI', accountName: 'bob', algorithm: 'sha256', digits: 8, stepSeconds: 60 }),
    'otpauth://totp/bob?secret=MZXW6YTBOI&algorithm=SHA256&digits=8&period=60',
  );
});
