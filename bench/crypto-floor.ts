import { createPublicKey } from 'node:crypto';
import { cryptoRandom, randomUuid } from '../src/platform/random.js';
import {
  checkPassword,
  createVerifier,
  generateSalt,
  padBytes,
  startSrp,
  userPoolNameForSrp,
  verifySrpSignature,
} from '../src/domain/auth/srp.js';
import { generateTotpSecret, totpCode, verifyTotp } from '../src/domain/mfa/totp.js';
import { generateSigningKey, importPrivateKeyPem, signJwt, verifyJwtSignature } from '../src/domain/tokens/jwt.js';
import { srpConnection } from './srp-client.js';

/**
 * The crypto floor of a sign-in, measured in this process on one thread: the work no implementation can skip.
 *   USER_PASSWORD_AUTH: the password check (one 3072-bit modPow, x = 256 bits: passwords are kept as SRP verifiers)
 *                       + signing the id and the access token (2 × RS256-2048);
 *   TOTP sign-in:       the same + one TOTP check (HMAC-SHA1 over up to 3 steps);
 *   USER_SRP_AUTH:      B = k·v + g^b, then S = (A·v^u)^b (3 modPows with 256-bit exponents) + HKDF/HMAC + 2 × RS256.
 * Everything else (HTTP, JSON, sessions, store reads and writes, sealing) is what cognate adds on top.
 */
export interface CryptoFloor {
  /** microseconds per operation */
  rs256SignUs: number;
  rs256VerifyUs: number;
  passwordCheckUs: number;
  totpCheckUs: number;
  srpServerUs: number;
  floorUs: { 'InitiateAuth/USER_PASSWORD_AUTH': number; 'SignIn/TOTP': number; 'SignIn/USER_SRP_AUTH': number };
}

function timeIt(fn: () => void, minMs = 400): number {
  for (let i = 0; i < 5; i++) fn();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    n++;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1000) / n;
}

export function measureCryptoFloor(minMs = 400): CryptoFloor {
  const poolId = 'us-east-1_BenchFloor';
  const identity = 'user0000001';
  const password = 'Bench-Passw0rd!';
  const salt = generateSalt(cryptoRandom);
  const verifier = createVerifier(userPoolNameForSrp(poolId), identity, password, salt);
  const key = generateSigningKey();
  const privateKey = importPrivateKeyPem(key.privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const claims = () => ({
    sub: randomUuid(cryptoRandom),
    iss: `http://127.0.0.1:9229/${poolId}`,
    client_id: 'abcdefghijklmnopqrstuvwxyz',
    origin_jti: randomUuid(cryptoRandom),
    event_id: randomUuid(cryptoRandom),
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: 1_800_000_000,
    exp: 1_800_003_600,
    iat: 1_800_000_000,
    jti: randomUuid(cryptoRandom),
    username: identity,
  });
  const token = signJwt(claims(), { kid: key.kid, privateKey });
  const rs256SignUs = timeIt(() => signJwt(claims(), { kid: key.kid, privateKey }), minMs);
  const rs256VerifyUs = timeIt(() => verifyJwtSignature(token, publicKey), minMs);
  const passwordCheckUs = timeIt(() => {
    if (!checkPassword(userPoolNameForSrp(poolId), identity, password, salt, verifier)) throw new Error('floor: password check failed');
  }, minMs);
  const secret = generateTotpSecret(cryptoRandom);
  const code = totpCode(secret, Date.now());
  const totpCheckUs = timeIt(() => {
    if (verifyTotp(secret, code, Date.now()) === null) throw new Error('floor: totp failed');
  }, minMs);

  // SRP: the client's answers are prepared outside the timed loop; only the server's math is timed.
  const client = srpConnection(poolId);
  const A = padBytes(BigInt(`0x${client.srpA}`));
  const secretBlock = cryptoRandom.bytes(64);
  const prepared = Array.from({ length: 64 }, () => {
    const { b, B } = startSrp(verifier, cryptoRandom);
    const answer = client.answer({ USER_ID_FOR_SRP: identity, SRP_B: B.toString('hex'), SALT: salt.toString('hex'), SECRET_BLOCK: secretBlock.toString('base64') }, password, Date.now());
    return { b, B, answer };
  });
  let k = 0;
  const srpServerUs = timeIt(() => {
    startSrp(verifier, cryptoRandom); // the B of this exchange (its b is not the one verified below: same cost)
    const p = prepared[k++ % prepared.length]!;
    const ok = verifySrpSignature({
      identityPrefix: userPoolNameForSrp(poolId),
      identity,
      A,
      B: p.B,
      b: p.b,
      verifier,
      secretBlock,
      timestamp: p.answer.TIMESTAMP!,
      signature: p.answer.PASSWORD_CLAIM_SIGNATURE!,
      nowMs: Date.now(),
    });
    if (!ok) throw new Error('floor: SRP verification failed');
  }, minMs);
  return {
    rs256SignUs,
    rs256VerifyUs,
    passwordCheckUs,
    totpCheckUs,
    srpServerUs,
    floorUs: {
      'InitiateAuth/USER_PASSWORD_AUTH': passwordCheckUs + 2 * rs256SignUs,
      'SignIn/TOTP': passwordCheckUs + totpCheckUs + 2 * rs256SignUs,
      'SignIn/USER_SRP_AUTH': srpServerUs + 2 * rs256SignUs,
    },
  };
}
