import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { SeededRandom, type Random } from '../../platform/random.js';
import {
  SRP_G,
  SRP_K,
  SRP_N,
  SRP_PRIVATE_EXPONENT_BYTES,
  SRP_TIMESTAMP_MAX_SKEW_MS,
  bytesToBigInt,
  checkPassword,
  checkPasswordAsync,
  createVerifier,
  formatSrpTimestamp,
  generateSalt,
  isSrpTimestampFresh,
  modPowN,
  padHex,
  parseDeviceSecretVerifierConfig,
  parseSrpA,
  parseSrpTimestamp,
  modPowNAsync,
  type ModPowOffload,
  startSrp,
  startSrpAsync,
  startSrpClient,
  srpClientSignature,
  toSrpHex,
  userPoolNameForSrp,
  verifySrpSignature,
  verifySrpSignatureAsync,
} from './srp.js';
import { ModPowThreads } from '../../platform/modpow-threads.js';

// The real client (amazon-cognito-identity-js, CommonJS build) is the oracle.
const require = createRequire(import.meta.url);
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const DateHelper = require('amazon-cognito-identity-js/lib/DateHelper.js').default;
const { Sha256 } = require('@aws-crypto/sha256-js');

const POOL_ID = 'us-east-1_AbCdEfGhI';
const POOL_NAME = userPoolNameForSrp(POOL_ID);

function largeA(helper: any): Promise<any> {
  return new Promise((resolve, reject) =>
    helper.getLargeAValue((err: unknown, A: unknown) => (err ? reject(err) : resolve(A))),
  );
}

function passwordAuthKey(helper: any, identity: string, password: string, srpB: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    helper.getPasswordAuthenticationKey(
      identity,
      password,
      new BigInteger(srpB, 16),
      new BigInteger(salt, 16),
      (err: unknown, hkdf: Buffer) => (err ? reject(err) : resolve(hkdf)),
    ),
  );
}

/** PASSWORD_CLAIM_SIGNATURE exactly as CognitoUser.authenticateUserDefaultAuth / getDeviceResponse build it. */
function clientSignature(hkdf: Buffer, prefix: string, identity: string, secretBlockB64: string, dateNow: string): string {
  const concat = Buffer.concat([
    Buffer.from(prefix, 'utf8'),
    Buffer.from(identity, 'utf8'),
    Buffer.from(secretBlockB64, 'base64'),
    Buffer.from(dateNow, 'utf8'),
  ]);
  const h = new Sha256(hkdf);
  h.update(concat);
  return Buffer.from(h.digestSync()).toString('base64');
}

/** Runs fn with `new Date()` / Date.now() pinned to ms (DateHelper reads the wall clock). */
function withFrozenDate<T>(ms: number, fn: () => T): T {
  const RealDate = Date;
  class FrozenDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(ms);
      else super(...(args as [number]));
    }
    static override now(): number {
      return ms;
    }
  }
  globalThis.Date = FrozenDate as DateConstructor;
  try {
    return fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

function bigintModPow(base: bigint, exp: bigint, m: bigint): bigint {
  let r = 1n;
  base %= m;
  while (exp > 0n) {
    if (exp & 1n) r = (r * base) % m;
    base = (base * base) % m;
    exp >>= 1n;
  }
  return r;
}

/**
 * One USER_SRP_AUTH exchange with the ACIJ client. Returns the client's PASSWORD_VERIFIER answer and
 * the server state, so callers can verify (or tamper with) it.
 */
async function userExchange(opts: { userId: string; storedPassword: string; typedPassword: string; random: Random }) {
  const salt = generateSalt(opts.random);
  const verifier = createVerifier(POOL_NAME, opts.userId, opts.storedPassword, salt);

  const client = new AuthenticationHelper(POOL_NAME);
  const srpA: string = (await largeA(client)).toString(16); // authParameters.SRP_A
  const A = parseSrpA(srpA);
  assert.ok(A, 'server accepts the client A');

  const { b, B } = startSrp(verifier, opts.random);
  const secretBlockB64 = opts.random.bytes(64).toString('base64');
  const challenge = { SRP_B: toSrpHex(B), SALT: toSrpHex(salt), SECRET_BLOCK: secretBlockB64, USER_ID_FOR_SRP: opts.userId };

  const hkdf = await passwordAuthKey(client, challenge.USER_ID_FOR_SRP, opts.typedPassword, challenge.SRP_B, challenge.SALT);
  const timestamp: string = new DateHelper().getNowString();
  const signature = clientSignature(hkdf, POOL_NAME, challenge.USER_ID_FOR_SRP, challenge.SECRET_BLOCK, timestamp);
  return {
    server: { identityPrefix: POOL_NAME, identity: opts.userId, A, B, b, verifier },
    response: { PASSWORD_CLAIM_SECRET_BLOCK: secretBlockB64, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature },
  };
}

test('padHex and k match ACIJ AuthenticationHelper', () => {
  const helper = new AuthenticationHelper(POOL_NAME);
  const cases = [0n, 1n, 0x14n, 0x7fn, 0x80n, 0xecn, 0xffn, 0x100n, 0x8000n, SRP_N, SRP_N - 1n, bytesToBigInt(randomBytes(48))];
  for (let i = 0; i < 20; i++) cases.push(bytesToBigInt(randomBytes(1 + (i % 40))));
  for (const n of cases) {
    assert.equal(padHex(n), helper.padHex(new BigInteger(n.toString(16), 16)), `padHex(${n.toString(16)})`);
  }
  assert.equal(SRP_K.toString(16), helper.k.toString(16));
  assert.equal(SRP_N.toString(16), helper.N.toString(16));
});

test('native modPowN equals BigInt modPow', () => {
  for (let i = 0; i < 4; i++) {
    const base = bytesToBigInt(randomBytes(384)) % SRP_N;
    const e256 = bytesToBigInt(randomBytes(32));
    assert.equal(modPowN(base, e256), bigintModPow(base, e256, SRP_N), 'random base, 256-bit exponent');
    assert.equal(modPowN(SRP_G, e256), bigintModPow(SRP_G, e256, SRP_N), 'generator, 256-bit exponent');
  }
  const base = bytesToBigInt(randomBytes(384)) % SRP_N;
  const e3072 = bytesToBigInt(randomBytes(384));
  assert.equal(modPowN(base, e3072), bigintModPow(base, e3072, SRP_N), 'random base, 3072-bit exponent');
  // N − 2 is a quadratic non-residue (2 is a residue, −1 is not): OpenSSL 3.5 (Node 22) refuses it as a DH public key.
  for (const e of [e3072, e3072 + 1n]) assert.equal(modPowN(SRP_N - 2n, e), bigintModPow(SRP_N - 2n, e, SRP_N), `non-residue base, exp ${e % 2n ? 'odd' : 'even'}`);
  // Bases OpenSSL refuses as DH public keys, and unreduced bases.
  for (const edge of [0n, 1n, SRP_N - 1n, SRP_N, SRP_N + 5n]) {
    for (const e of [0n, 1n, 2n, 3n, 0xabcdefn]) {
      assert.equal(modPowN(edge, e), bigintModPow(edge, e, SRP_N), `base ${edge === SRP_N + 5n ? 'N+5' : edge}, exp ${e}`);
    }
  }
});

test('user SRP round trip with the ACIJ client: right password verifies, wrong one does not', async () => {
  const random = new SeededRandom('user-srp');
  const userId = '8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b';
  const ok = await userExchange({ userId, storedPassword: 'Pässw0rd!§ 🔑', typedPassword: 'Pässw0rd!§ 🔑', random });
  const verify = (ex: typeof ok, over: Partial<Parameters<typeof verifySrpSignature>[0]> = {}) =>
    verifySrpSignature({
      ...ex.server,
      secretBlock: Buffer.from(ex.response.PASSWORD_CLAIM_SECRET_BLOCK, 'base64'),
      timestamp: ex.response.TIMESTAMP,
      signature: ex.response.PASSWORD_CLAIM_SIGNATURE,
      nowMs: Date.now(),
      ...over,
    });
  assert.equal(verify(ok), true);

  const wrong = await userExchange({ userId, storedPassword: 'Pässw0rd!§ 🔑', typedPassword: 'Pässw0rd!§ 🔐', random });
  assert.equal(verify(wrong), false, 'wrong password');

  // Tampering with any signed or session input breaks it.
  const t = parseSrpTimestamp(ok.response.TIMESTAMP)!;
  assert.equal(verify(ok, { timestamp: formatSrpTimestamp(t + 1000), nowMs: t }), false, 'timestamp +1 s');
  const block = Buffer.from(ok.response.PASSWORD_CLAIM_SECRET_BLOCK, 'base64');
  block[0] ^= 1;
  assert.equal(verify(ok, { secretBlock: block }), false, 'secret block flipped bit');
  assert.equal(verify(ok, { identity: `${userId}x` }), false, 'other USER_ID_FOR_SRP');
  assert.equal(verify(ok, { identityPrefix: 'OtherPool1' }), false, 'other pool name');
  assert.equal(verify(ok, { b: startSrp(ok.server.verifier, random).b }), false, 'other b');
  const sig = Buffer.from(ok.response.PASSWORD_CLAIM_SIGNATURE, 'base64');
  sig[31] ^= 0x80;
  assert.equal(verify(ok, { signature: sig.toString('base64') }), false, 'signature flipped bit');
  assert.equal(verify(ok, { signature: sig.subarray(0, 16).toString('base64') }), false, 'short signature');
  assert.equal(verify(ok, { signature: '' }), false, 'empty signature');
  // Genuine signature, but the server clock is beyond the allowed skew.
  assert.equal(verify(ok, { nowMs: t + SRP_TIMESTAMP_MAX_SKEW_MS + 1000 }), false, 'stale timestamp');
  assert.equal(verify(ok, { nowMs: t - SRP_TIMESTAMP_MAX_SKEW_MS - 1000 }), false, 'future timestamp');
  assert.equal(verify(ok, { nowMs: t + SRP_TIMESTAMP_MAX_SKEW_MS }), true, 'at the skew limit');
});

test('device SRP round trip mirroring CognitoUser ConfirmDevice + getDeviceResponse', async () => {
  const random = new SeededRandom('device-srp');
  const deviceGroupKey = '-Xy7fPq2L';
  const deviceKey = 'us-east-1_0f1e2d3c-4b5a-4697-8877-665544332211';

  // authenticateUserInternal: generateHashDevice, then ConfirmDevice with base64 salt/verifier.
  const enroll = new AuthenticationHelper(POOL_NAME);
  await new Promise<void>((resolve, reject) =>
    enroll.generateHashDevice(deviceGroupKey, deviceKey, (err: unknown) => (err ? reject(err) : resolve())),
  );
  const deviceSecretVerifierConfig = {
    Salt: Buffer.from(enroll.getSaltDevices(), 'hex').toString('base64'),
    PasswordVerifier: Buffer.from(enroll.getVerifierDevices(), 'hex').toString('base64'),
  };
  const randomPassword: string = enroll.getRandomPassword();

  const stored = parseDeviceSecretVerifierConfig(deviceSecretVerifierConfig);
  assert.ok(stored);
  // Same x/v derivation on both sides: the server reproduces the client's verifier from the password.
  assert.equal(
    createVerifier(deviceGroupKey, deviceKey, randomPassword, stored.salt).toString('hex'),
    stored.verifier.toString('hex'),
  );

  // getDeviceResponse: a new helper keyed by the device group key.
  const client = new AuthenticationHelper(deviceGroupKey);
  const A = parseSrpA((await largeA(client)).toString(16));
  assert.ok(A);
  const { b, B } = startSrp(stored.verifier, random);
  const SECRET_BLOCK = random.bytes(48).toString('base64');
  const hkdf = await passwordAuthKey(client, deviceKey, randomPassword, toSrpHex(B), toSrpHex(stored.salt));
  const TIMESTAMP: string = new DateHelper().getNowString();
  const PASSWORD_CLAIM_SIGNATURE = clientSignature(hkdf, deviceGroupKey, deviceKey, SECRET_BLOCK, TIMESTAMP);

  const base = {
    identityPrefix: deviceGroupKey,
    identity: deviceKey,
    A,
    B,
    b,
    verifier: stored.verifier,
    secretBlock: Buffer.from(SECRET_BLOCK, 'base64'),
    timestamp: TIMESTAMP,
    signature: PASSWORD_CLAIM_SIGNATURE,
    nowMs: Date.now(),
  };
  assert.equal(verifySrpSignature(base), true);
  assert.equal(verifySrpSignature({ ...base, identity: deviceKey.replace('11', '12') }), false, 'other device key');
  assert.equal(verifySrpSignature({ ...base, identityPrefix: '-Xy7fPq2M' }), false, 'other device group');
  const otherVerifier = createVerifier(deviceGroupKey, deviceKey, `${randomPassword}x`, stored.salt);
  assert.equal(verifySrpSignature({ ...base, verifier: otherVerifier }), false, 'verifier of another password');

  assert.equal(parseDeviceSecretVerifierConfig({ Salt: deviceSecretVerifierConfig.Salt }), null);
  assert.equal(parseDeviceSecretVerifierConfig({ ...deviceSecretVerifierConfig, PasswordVerifier: 'AQ==' }), null, 'v = 1');
  assert.equal(parseDeviceSecretVerifierConfig({ ...deviceSecretVerifierConfig, Salt: 'not base64!' }), null);
});

test('checkPassword recomputes the verifier', () => {
  const random = new SeededRandom('check-password');
  // A salt whose first byte is 0x00 and one with the top bit set: padHex normalisation on both.
  for (const salt of [Buffer.concat([Buffer.from([0, 0x12]), random.bytes(14)]), Buffer.concat([Buffer.from([0xf0]), random.bytes(15)])]) {
    const v = createVerifier(POOL_NAME, 'alice-id', 'correct horse', salt);
    assert.equal(checkPassword(POOL_NAME, 'alice-id', 'correct horse', salt, v), true);
    assert.equal(checkPassword(POOL_NAME, 'alice-id', 'correct horsf', salt, v), false, 'wrong password');
    assert.equal(checkPassword(POOL_NAME, 'bob-id', 'correct horse', salt, v), false, 'other identity');
    assert.equal(checkPassword('OtherPool', 'alice-id', 'correct horse', salt, v), false, 'other pool');
    assert.equal(checkPassword(POOL_NAME, 'alice-id', 'correct horse', random.bytes(16), v), false, 'other salt');
    // Only the salt's numeric value matters (the client reads SALT as a hex integer).
    const zeroPadded = Buffer.concat([Buffer.alloc(3), salt]);
    assert.equal(checkPassword(POOL_NAME, 'alice-id', 'correct horse', zeroPadded, v), true);
  }
});

test('startSrp: b is 256 bits, B = k·v + g^b mod N, and B ≡ 0 mod N is retried', () => {
  const random = new SeededRandom('start');
  const salt = generateSalt(random);
  const verifier = createVerifier(POOL_NAME, 'u', 'p', salt);
  const { b, B } = startSrp(verifier, random);
  assert.equal(b.length, SRP_PRIVATE_EXPONENT_BYTES);
  const v = bytesToBigInt(verifier);
  assert.equal(bytesToBigInt(B), (SRP_K * v + bigintModPow(SRP_G, bytesToBigInt(b), SRP_N)) % SRP_N);

  // Script the randomness: for the first b, choose v so that k·v + g^b ≡ 0 (mod N).
  const b1 = Buffer.alloc(32, 0x11);
  const b2 = Buffer.alloc(32, 0x22);
  const kInverse = modPowN(SRP_K, SRP_N - 2n);
  const evil = (((SRP_N - modPowN(SRP_G, bytesToBigInt(b1))) % SRP_N) * kInverse) % SRP_N;
  const queue = [b1, b2];
  const scripted: Random = { bytes: (n) => (assert.equal(n, 32), queue.shift()!) };
  const retried = startSrp(Buffer.from(padHex(evil), 'hex'), scripted);
  assert.deepEqual(retried.b, b2);
  assert.notEqual(bytesToBigInt(retried.B), 0n);
});

test('client A ≡ 0 (mod N) and non-hex A are rejected', () => {
  assert.equal(parseSrpA('0'), null);
  assert.equal(parseSrpA(SRP_N.toString(16)), null);
  assert.equal(parseSrpA((SRP_N * 2n).toString(16)), null);
  assert.equal(parseSrpA(''), null);
  assert.equal(parseSrpA('xyz'), null);
  assert.equal(parseSrpA('f'.repeat(5000)), null);
  assert.deepEqual(parseSrpA('abc'), Buffer.from([0x0a, 0xbc]), 'odd-length hex as ACIJ may send it');

  // Even if such an A reaches verification, it fails instead of throwing.
  const random = new SeededRandom('zero-A');
  const verifier = createVerifier(POOL_NAME, 'u', 'p', generateSalt(random));
  const { b, B } = startSrp(verifier, random);
  const now = Date.UTC(2024, 8, 3, 7, 5, 9);
  for (const A of [Buffer.alloc(0), Buffer.from(padHex(SRP_N), 'hex')]) {
    assert.equal(
      verifySrpSignature({
        identityPrefix: POOL_NAME,
        identity: 'u',
        A,
        B,
        b,
        verifier,
        secretBlock: Buffer.alloc(8),
        timestamp: formatSrpTimestamp(now),
        signature: Buffer.alloc(32).toString('base64'),
        nowMs: now,
      }),
      false,
    );
  }
});

test('timestamps: ACIJ DateHelper format, parsing and skew', () => {
  const ms = Date.UTC(2024, 8, 3, 7, 5, 9); // Tuesday 3 September 2024, single-digit day
  assert.equal(formatSrpTimestamp(ms), 'Tue Sep 3 07:05:09 UTC 2024');
  assert.equal(formatSrpTimestamp(ms), withFrozenDate(ms, () => new DateHelper().getNowString()));
  const ms2 = Date.UTC(2025, 11, 31, 23, 59, 59);
  assert.equal(formatSrpTimestamp(ms2), withFrozenDate(ms2, () => new DateHelper().getNowString()));

  assert.equal(parseSrpTimestamp('Tue Sep 3 07:05:09 UTC 2024'), ms);
  assert.equal(parseSrpTimestamp('Tue Sep 03 07:05:09 UTC 2024'), ms, 'zero-padded day accepted');
  assert.equal(parseSrpTimestamp(formatSrpTimestamp(ms2)), ms2);
  assert.equal(parseSrpTimestamp('Wed Sep 3 07:05:09 UTC 2024'), null, 'weekday mismatch');
  assert.equal(parseSrpTimestamp('Fri Feb 30 07:05:09 UTC 2024'), null, 'no such date');
  assert.equal(parseSrpTimestamp('Tue Sep 3 24:05:09 UTC 2024'), null, 'hour 24');
  assert.equal(parseSrpTimestamp('Tue Sep 3 07:05:09 GMT 2024'), null);
  assert.equal(parseSrpTimestamp('2024-09-03T07:05:09Z'), null);

  const ts = formatSrpTimestamp(ms);
  assert.equal(isSrpTimestampFresh(ts, ms + SRP_TIMESTAMP_MAX_SKEW_MS), true);
  assert.equal(isSrpTimestampFresh(ts, ms - SRP_TIMESTAMP_MAX_SKEW_MS), true);
  assert.equal(isSrpTimestampFresh(ts, ms + SRP_TIMESTAMP_MAX_SKEW_MS + 1), false);
  assert.equal(isSrpTimestampFresh(ts, ms - SRP_TIMESTAMP_MAX_SKEW_MS - 1), false);
  assert.equal(isSrpTimestampFresh('garbage', ms), false);
});

test('userPoolNameForSrp is the part after the underscore', () => {
  assert.equal(userPoolNameForSrp('eu-west-1_Ab12Cd34E'), 'Ab12Cd34E');
});

test('offloaded to worker threads, every SRP computation gives what the inline one gives', async () => {
  const threads = new ModPowThreads(Buffer.from(padHex(SRP_N), 'hex'), 2);
  let jobs = 0;
  const offload: ModPowOffload = (base, exp) => {
    jobs++;
    return threads.run(base, exp);
  };
  try {
    const random = new SeededRandom('offload');
    const e256 = bytesToBigInt(random.bytes(32));
    const e3072 = bytesToBigInt(random.bytes(384));
    const base = bytesToBigInt(random.bytes(384)) % SRP_N;
    assert.equal(await modPowNAsync(SRP_G, e256, offload), modPowN(SRP_G, e256));
    assert.equal(await modPowNAsync(base, e3072, offload), modPowN(base, e3072));
    for (const edge of [0n, 1n, SRP_N - 1n, SRP_N + 1n]) assert.equal(await modPowNAsync(edge, 3n, offload), modPowN(edge, 3n), `edge base ${edge}`);
    for (const e of [e256, e256 + 1n]) assert.equal(await modPowNAsync(SRP_N - 2n, e, offload), bigintModPow(SRP_N - 2n, e, SRP_N), 'non-residue base');
    const before = jobs;
    await modPowNAsync(1n, e256, offload);
    assert.equal(jobs, before, 'edge bases are answered inline, never sent to OpenSSL');

    const salt = random.bytes(16);
    const v = createVerifier(POOL_NAME, 'alice-id', 'correct horse', salt);
    assert.equal(await checkPasswordAsync(POOL_NAME, 'alice-id', 'correct horse', salt, v, offload), true);
    assert.equal(await checkPasswordAsync(POOL_NAME, 'alice-id', 'correct horsf', salt, v, offload), false);

    const [r1, r2] = [new SeededRandom('same-b'), new SeededRandom('same-b')];
    assert.deepEqual(await startSrpAsync(v, r1, offload), startSrp(v, r2));

    const ok = await userExchange({ userId: 'u-1', storedPassword: 'pw 🔑', typedPassword: 'pw 🔑', random });
    const wrong = await userExchange({ userId: 'u-1', storedPassword: 'pw 🔑', typedPassword: 'pw 🔐', random });
    for (const [ex, expected] of [[ok, true], [wrong, false]] as const) {
      const input = {
        ...ex.server,
        secretBlock: Buffer.from(ex.response.PASSWORD_CLAIM_SECRET_BLOCK, 'base64'),
        timestamp: ex.response.TIMESTAMP,
        signature: ex.response.PASSWORD_CLAIM_SIGNATURE,
        nowMs: Date.now(),
      };
      assert.equal(await verifySrpSignatureAsync(input, offload), expected);
      assert.equal(verifySrpSignature(input), expected);
    }
    assert.ok(jobs > before + 4, 'the work went to the threads');
  } finally {
    await threads.close();
  }
});

test('a job whose worker ends fails with an error, and closed threads refuse work', async () => {
  const threads = new ModPowThreads(Buffer.from(padHex(SRP_N), 'hex'), 1);
  const pending = threads.run(null, Buffer.alloc(384, 0xff));
  await threads.close();
  await assert.rejects(pending, /modpow worker exited/);
  await assert.rejects(threads.run(null, Buffer.from([3])), /closed/);
});

test('the client half (startSrpClient + srpClientSignature, the pages acting for a remembered browser) is accepted by verifySrpSignature; a wrong device password is not', () => {
  const random = new SeededRandom('device-srp-client');
  const groupKey = '-AbCdEfGh';
  const deviceKey = 'us-east-1_0f1e2d3c-4b5a-4697-8877-665544332211';
  const salt = generateSalt(random);
  const verifier = createVerifier(groupKey, deviceKey, 'device-password', salt);
  const nowMs = Date.UTC(2026, 11, 4, 13, 0, 0);
  const timestamp = formatSrpTimestamp(nowMs);
  const secretBlock = random.bytes(64);
  const prove = (password: string) => {
    const { a, A } = startSrpClient(random);
    const { b, B } = startSrp(verifier, random);
    const signature = srpClientSignature({ identityPrefix: groupKey, identity: deviceKey, password, a, A, srpBHex: toSrpHex(B), saltHex: toSrpHex(salt), secretBlock, timestamp });
    return verifySrpSignature({ identityPrefix: groupKey, identity: deviceKey, A, B, b, verifier, secretBlock, timestamp, signature, nowMs });
  };
  assert.equal(prove('device-password'), true);
  assert.equal(prove('another-password'), false);
});
