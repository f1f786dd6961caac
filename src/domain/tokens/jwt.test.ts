import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import {
  JwtError,
  decodeJwt,
  generateSigningKey,
  generateSigningKeyAsync,
  importPrivateKeyPem,
  importPublicJwk,
  publicJwkFor,
  signJwt,
  signJwtAsync,
  toJwks,
  verifyJwtSignature,
} from './jwt.js';

// Generated once: RSA keygen takes tens of ms.
const KEY = generateSigningKey();
const OTHER = generateSigningKey();
const PRIVATE = importPrivateKeyPem(KEY.privateKeyPem);
const PUBLIC = importPublicJwk(KEY.publicJwk);
const SIGNER = { kid: KEY.kid, privateKey: PRIVATE };

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const isCode = (code: string) => (e: unknown) => e instanceof JwtError && e.code === code;

const POOL_ID = 'us-east-1_abcdefghi';
const CLIENT_ID = '1example23456789abcdefghij';

/** Claims shaped like a Cognito access token (docs: "Understanding the access token"). */
function accessClaims(iss: string, nowSec = Math.floor(Date.now() / 1000)) {
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    iss,
    client_id: CLIENT_ID,
    origin_jti: 'aaaaaaaa-bbbb-cccc-dddd-000000000001',
    event_id: 'aaaaaaaa-bbbb-cccc-dddd-000000000002',
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: nowSec,
    exp: nowSec + 3600,
    iat: nowSec,
    jti: 'aaaaaaaa-bbbb-cccc-dddd-000000000003',
    username: 'alice',
  };
}

test('generateSigningKey: Cognito-style kid and RS256 public JWK', () => {
  // kid = base64 (standard, padded) of SHA-256 over the SPKI DER of the public key.
  const spki = createPublicKey(KEY.privateKeyPem).export({ type: 'spki', format: 'der' });
  assert.equal(KEY.kid, createHash('sha256').update(spki).digest('base64'));
  assert.equal(KEY.kid.length, 44);
  assert.match(KEY.kid, /^[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(KEY.kid, OTHER.kid);

  assert.deepEqual(Object.keys(KEY.publicJwk), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
  assert.equal(KEY.publicJwk.alg, 'RS256');
  assert.equal(KEY.publicJwk.kty, 'RSA');
  assert.equal(KEY.publicJwk.use, 'sig');
  assert.equal(KEY.publicJwk.kid, KEY.kid);
  assert.equal(KEY.publicJwk.e, 'AQAB'); // 65537
  assert.equal(Buffer.from(KEY.publicJwk.n, 'base64url').length, 256); // 2048-bit modulus
  assert.match(KEY.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/); // PKCS#8
  assert.deepEqual(publicJwkFor(KEY.privateKeyPem), KEY.publicJwk);
  assert.deepEqual(publicJwkFor(PRIVATE), KEY.publicJwk);
});

test('generateSigningKeyAsync: a fresh RSA-2048 key of the same shape, made off the event loop', async () => {
  const [a, b] = await Promise.all([generateSigningKeyAsync(), generateSigningKeyAsync()]);
  assert.notEqual(a.kid, b.kid);
  const spki = createPublicKey(a.privateKeyPem).export({ type: 'spki', format: 'der' });
  assert.equal(a.kid, createHash('sha256').update(spki).digest('base64'));
  assert.deepEqual(Object.keys(a.publicJwk), Object.keys(KEY.publicJwk));
  assert.equal(Buffer.from(a.publicJwk.n, 'base64url').length, 256);
  assert.deepEqual(publicJwkFor(a.privateKeyPem), a.publicJwk);
  const token = signJwt(accessClaims(`https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`), { kid: a.kid, privateKey: importPrivateKeyPem(a.privateKeyPem) });
  assert.equal(verifyJwtSignature(token, importPublicJwk(a.publicJwk)), true);
  assert.equal(verifyJwtSignature(token, importPublicJwk(b.publicJwk)), false);
});

test('signJwt: header is exactly {"kid":…,"alg":"RS256"} and the payload round-trips', () => {
  const claims = { sub: 'u1', n: 1, nested: { a: [1, 'x'] }, unicode: 'é🔑' };
  const token = signJwt(claims, SIGNER);
  const [h, p, s] = token.split('.');
  assert.equal(Buffer.from(h!, 'base64url').toString(), `{"kid":"${KEY.kid}","alg":"RS256"}`);
  assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/); // no '=' padding
  assert.equal(Buffer.from(s!, 'base64url').length, 256);
  const decoded = decodeJwt(token);
  assert.deepEqual(decoded.header, { kid: KEY.kid, alg: 'RS256' });
  assert.deepEqual(decoded.payload, claims);
  assert.equal(decoded.signingInput, `${h}.${p}`);
});

test('signJwt with a PEM string gives the same token as with a KeyObject (PKCS#1 v1.5 is deterministic)', () => {
  const claims = { sub: 'u1' };
  assert.equal(signJwt(claims, { kid: KEY.kid, privateKey: KEY.privateKeyPem }), signJwt(claims, SIGNER));
});

test('signJwtAsync (thread pool) gives the very token signJwt gives, and refuses what signJwt refuses', async () => {
  const claims = { sub: 'u1', n: 2, unicode: 'é🔑' };
  assert.equal(await signJwtAsync(claims, SIGNER), signJwt(claims, SIGNER));
  assert.equal(await signJwtAsync(claims, { kid: KEY.kid, privateKey: KEY.privateKeyPem }), signJwt(claims, SIGNER));
  await assert.rejects(signJwtAsync([] as unknown as object, SIGNER), (e: unknown) => e instanceof JwtError && e.code === 'claims');
  await assert.rejects(signJwtAsync(claims, { kid: '', privateKey: PRIVATE }), (e: unknown) => e instanceof JwtError && e.code === 'key');
});

test('sign then verify is true', () => {
  assert.equal(verifyJwtSignature(signJwt({ sub: 'u1' }, SIGNER), PUBLIC), true);
  // A private KeyObject also verifies (node derives the public half).
  assert.equal(verifyJwtSignature(signJwt({ sub: 'u1' }, SIGNER), PRIVATE), true);
});

test('tampered payload, header or signature, or another key: false', () => {
  const token = signJwt({ sub: 'u1', admin: false }, SIGNER);
  const [h, p, s] = token.split('.') as [string, string, string];
  const tamperedPayload = `${h}.${b64url({ sub: 'u1', admin: true })}.${s}`;
  assert.equal(verifyJwtSignature(tamperedPayload, PUBLIC), false);
  const tamperedHeader = `${b64url({ kid: OTHER.kid, alg: 'RS256' })}.${p}.${s}`;
  assert.equal(verifyJwtSignature(tamperedHeader, PUBLIC), false);
  const sig = Buffer.from(s, 'base64url');
  sig[100]! ^= 0x01;
  assert.equal(verifyJwtSignature(`${h}.${p}.${sig.toString('base64url')}`, PUBLIC), false);
  assert.equal(verifyJwtSignature(`${h}.${p}.${sig.subarray(1).toString('base64url')}`, PUBLIC), false);
  assert.equal(verifyJwtSignature(`${h}.${p}.`, PUBLIC), false); // RS256 header, no signature
  assert.equal(verifyJwtSignature(token, importPublicJwk(OTHER.publicJwk)), false);
});

test('alg other than RS256 (none, HS256, RS512, lower case, missing) throws JwtError alg', () => {
  const payload = b64url({ sub: 'u1' });
  const sig = signJwt({ sub: 'u1' }, SIGNER).split('.')[2];
  // The classic unsecured JWT, RFC 7519 §6.1: empty signature segment.
  assert.throws(() => verifyJwtSignature(`${b64url({ alg: 'none' })}.${payload}.`, PUBLIC), isCode('alg'));
  for (const header of [{ alg: 'none' }, { alg: 'HS256' }, { alg: 'RS512' }, { alg: 'rs256' }, { kid: KEY.kid }, { alg: ['RS256'] }]) {
    assert.throws(() => verifyJwtSignature(`${b64url(header)}.${payload}.${sig}`, PUBLIC), isCode('alg'), JSON.stringify(header));
  }
});

test('crit header throws JwtError crit (RFC 7515 §4.1.11)', () => {
  const token = `${b64url({ kid: KEY.kid, alg: 'RS256', crit: ['exp'], exp: 1 })}.${b64url({})}.`;
  assert.throws(() => verifyJwtSignature(token, PUBLIC), isCode('crit'));
});

test('malformed tokens throw JwtError malformed from decode and verify', () => {
  const good = signJwt({ sub: 'u1' }, SIGNER);
  const [h, p, s] = good.split('.') as [string, string, string];
  const cases: unknown[] = [
    '',
    'abc',
    `${h}.${p}`,
    `${good}.x`,
    `.${p}.${s}`,
    `${h}..${s}`,
    `${h}=.${p}.${s}`, // padding is not allowed in JWS base64url
    `${h}.${p}.${s}+`, // standard-base64 character
    `${h}.${p}.${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}x`, // bad length for base64url
    `${b64url('not json')}.${p}.${s}`,
    `${b64url([1, 2])}.${p}.${s}`,
    `${h}.${b64url('null')}.${s}`,
    `${h}.${b64url('"string"')}.${s}`,
    `${h}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.${s}`, // invalid UTF-8
    ` ${good}`,
    undefined,
    42,
  ];
  for (const c of cases) {
    assert.throws(() => decodeJwt(c as string), isCode('malformed'), String(c));
    assert.throws(() => verifyJwtSignature(c as string, PUBLIC), isCode('malformed'), String(c));
  }
});

test('key and claims errors', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const token = signJwt({ sub: 'u1' }, SIGNER);
  assert.throws(() => verifyJwtSignature(token, ec.publicKey), isCode('key'));
  assert.throws(() => signJwt({}, { kid: 'k', privateKey: ec.privateKey }), isCode('key'));
  assert.throws(() => signJwt({}, { kid: 'k', privateKey: PUBLIC }), isCode('key'));
  assert.throws(() => signJwt({}, { kid: '', privateKey: PRIVATE }), isCode('key'));
  assert.throws(() => importPrivateKeyPem('not a pem'), isCode('key'));
  assert.throws(() => signJwt([] as object, SIGNER), isCode('claims'));
  assert.throws(() => signJwt(null as unknown as object, SIGNER), isCode('claims'));
  assert.throws(() => signJwt(new Date(), SIGNER), isCode('claims'));
});

test('toJwks wraps copies of the keys in {keys:[…]}', () => {
  const input = [KEY.publicJwk, OTHER.publicJwk];
  const jwks = toJwks(input);
  assert.deepEqual(jwks, { keys: input });
  assert.notEqual(jwks.keys[0], KEY.publicJwk);
  assert.match(JSON.stringify(toJwks([KEY.publicJwk])), /^\{"keys":\[\{"alg":"RS256","e":"AQAB","kid":"[^"]+","kty":"RSA","n":"[^"]+","use":"sig"\}\]\}$/);
  assert.deepEqual(toJwks([]), { keys: [] });
});

// Oracle: aws-jwt-verify, the library Cognito users verify tokens with. It reads the
// real clock for exp, so these claims use Date.now() (in the test only).
test('oracle: aws-jwt-verify JwtVerifier (ex JwtRsaVerifier) accepts our Cognito-shaped access token', () => {
  const issuer = `http://127.0.0.1:9229/${POOL_ID}`;
  const verifier = JwtVerifier.create({
    issuer,
    audience: null, // access tokens carry client_id, not aud
    jwksUri: `${issuer}/.well-known/jwks.json`,
  });
  verifier.cacheJwks(toJwks([OTHER.publicJwk, KEY.publicJwk]));
  const token = signJwt(accessClaims(issuer), SIGNER);
  const payload = verifier.verifySync(token);
  assert.equal(payload.client_id, CLIENT_ID);
  assert.equal(payload.token_use, 'access');
  assert.equal(payload.iss, issuer);

  // The oracle is not a rubber stamp: wrong signer under our kid, expiry, wrong issuer.
  const forged = signJwt(accessClaims(issuer), { kid: KEY.kid, privateKey: createPrivateKey(OTHER.privateKeyPem) });
  assert.throws(() => verifier.verifySync(forged));
  const past = Math.floor(Date.now() / 1000) - 7200;
  assert.throws(() => verifier.verifySync(signJwt(accessClaims(issuer, past), SIGNER)));
  assert.throws(() => verifier.verifySync(signJwt(accessClaims('http://127.0.0.1:9229/us-east-1_other'), SIGNER)));
});

// CognitoJwtVerifier derives the issuer from the pool id and cannot be pointed at a custom
// host, so we give it the AWS-format issuer. It adds the Cognito-specific checks:
// token_use and client_id (access) / aud (id).
test('oracle: aws-jwt-verify CognitoJwtVerifier accepts access and id tokens with the AWS issuer', () => {
  const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;
  const access = CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: 'access', clientId: CLIENT_ID });
  access.cacheJwks(toJwks([KEY.publicJwk]));
  const accessToken = signJwt(accessClaims(issuer), SIGNER);
  assert.equal(access.verifySync(accessToken).sub, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');

  const nowSec = Math.floor(Date.now() / 1000);
  const idToken = signJwt(
    {
      sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      aud: CLIENT_ID,
      email_verified: true,
      token_use: 'id',
      auth_time: nowSec,
      iss: issuer,
      'cognito:username': 'alice',
      exp: nowSec + 3600,
      iat: nowSec,
      email: 'alice@example.com',
    },
    SIGNER,
  );
  const id = CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: 'id', clientId: CLIENT_ID });
  id.cacheJwks(toJwks([KEY.publicJwk]));
  assert.equal(id.verifySync(idToken)['cognito:username'], 'alice');

  // Cross-checks the oracle does: an access token is not an id token; wrong client.
  assert.throws(() => id.verifySync(accessToken));
  const otherClient = CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: 'access', clientId: 'someoneelse' });
  otherClient.cacheJwks(toJwks([KEY.publicJwk]));
  assert.throws(() => otherClient.verifySync(accessToken));
});

test('decodeJwt accepts an unsigned token shape so that verify can say alg, and verify is independent of our signer', () => {
  // Sign with raw node:crypto to make sure verify does not just mirror signJwt's quirks.
  const header = b64url({ alg: 'RS256', kid: KEY.kid }); // different member order than ours
  const payload = b64url({ sub: 'u2' });
  const sig = cryptoSign('sha256', Buffer.from(`${header}.${payload}`), PRIVATE).toString('base64url');
  assert.equal(verifyJwtSignature(`${header}.${payload}.${sig}`, PUBLIC), true);
  const unsigned = decodeJwt(`${b64url({ alg: 'none' })}.${payload}.`);
  assert.equal(unsigned.signature.length, 0);
  assert.deepEqual(unsigned.payload, { sub: 'u2' });
});
