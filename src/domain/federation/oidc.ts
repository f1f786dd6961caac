import { createHmac, createPublicKey, timingSafeEqual, verify as cryptoVerify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Deps } from '../deps.js';
import { decodeJwt, JwtError } from '../tokens/jwt.js';
import { JWKS_REFRESH_MS, ProviderCallError, providerDocument, type ProviderAnswer } from './outbound.js';

/**
 * The relying-party side of OpenID Connect that a user pool plays towards an OIDC identity provider: the provider's
 * endpoints (its ProviderDetails, else its issuer's discovery document) and the checks of its ID token (OIDC Core
 * §3.1.3.7: signature by a key of its JWKS, `iss`, `aud`, `exp`, `nonce`).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-flow.html
 */

/** A failure of the flow that ends as Cognito ends it: a redirect with `error` and `error_description`. */
export class FederationError extends Error {
  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

export interface ProviderEndpoints {
  authorize: string;
  token: string;
  jwks: string;
  /** The userInfo endpoint (attributes_url), when the provider has one. */
  userInfo?: string;
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The provider's endpoints: the ones ProviderDetails names, the rest from `<oidc_issuer>/.well-known/openid-configuration`
 * (read only when a detail is missing; its `issuer` must be oidc_issuer, OIDC Discovery §4.3).
 */
export async function providerEndpoints(deps: Pick<Deps, 'outboundFetch' | 'clock'>, details: Record<string, string>): Promise<ProviderEndpoints> {
  const issuer = details.oidc_issuer ?? '';
  let discovered: Record<string, unknown> = {};
  if (!details.authorize_url || !details.token_url || !details.jwks_uri) {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const answer = await providerDocument(deps, url);
    if (answer.status !== 200 || typeof answer.json !== 'object' || answer.json === null) {
      throw new ProviderCallError(`the discovery document of ${issuer} could not be read (HTTP ${answer.status})`);
    }
    discovered = answer.json as Record<string, unknown>;
    if (discovered.issuer !== issuer) throw new ProviderCallError(`the discovery document of ${issuer} names another issuer`);
  }
  const authorize = details.authorize_url ?? asString(discovered.authorization_endpoint);
  const token = details.token_url ?? asString(discovered.token_endpoint);
  const jwks = details.jwks_uri ?? asString(discovered.jwks_uri);
  const userInfo = details.attributes_url ?? asString(discovered.userinfo_endpoint);
  if (!authorize || !token || !jwks) throw new ProviderCallError(`the endpoints of ${issuer} are not known (authorize_url, token_url, jwks_uri)`);
  return { authorize, token, jwks, ...(userInfo ? { userInfo } : {}) };
}

/** JWS algorithms accepted in a provider's ID token: RSA, ECDSA and HMAC-SHA, as Cognito accepts (docs/compatibility.md). */
const ALGORITHMS: Record<string, { hash: string; kind: 'rsa' | 'ec' | 'hmac' }> = {
  RS256: { hash: 'sha256', kind: 'rsa' },
  RS384: { hash: 'sha384', kind: 'rsa' },
  RS512: { hash: 'sha512', kind: 'rsa' },
  ES256: { hash: 'sha256', kind: 'ec' },
  ES384: { hash: 'sha384', kind: 'ec' },
  ES512: { hash: 'sha512', kind: 'ec' },
  HS256: { hash: 'sha256', kind: 'hmac' },
  HS384: { hash: 'sha384', kind: 'hmac' },
  HS512: { hash: 'sha512', kind: 'hmac' },
};

/** How far a token's `exp` may lie behind the clock (the two machines' clocks differ). */
const CLOCK_SKEW_SECONDS = 60;

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** The client secret: the HMAC key of HS* tokens (OIDC Core §10.1). */
  clientSecret?: string | undefined;
  nonce: string;
  jwksUri: string;
  /** deps.clock.now(), epoch ms. */
  now: number;
}

const invalidToken = (why: string) => new FederationError('invalid_request', `Invalid id_token: ${why}`);

/** Verifies the provider's ID token; returns its claims. Throws FederationError (or ProviderCallError for the JWKS). */
export async function verifyIdToken(deps: Pick<Deps, 'outboundFetch' | 'clock'>, token: unknown, expect: IdTokenExpectations): Promise<Record<string, unknown>> {
  if (typeof token !== 'string') throw new FederationError('invalid_request', 'The identity provider answered no id_token.');
  let decoded: ReturnType<typeof decodeJwt>;
  try {
    decoded = decodeJwt(token);
  } catch (e) {
    if (e instanceof JwtError) throw invalidToken('malformed');
    throw e;
  }
  const { header, payload: claims } = decoded;
  const alg = ALGORITHMS[String(header.alg)];
  if (!alg) throw invalidToken(`unsupported alg ${JSON.stringify(header.alg)}`);
  if ('crit' in header) throw invalidToken('critical header extensions are not supported');
  const data = Buffer.from(decoded.signingInput, 'ascii');
  let valid: boolean;
  if (alg.kind === 'hmac') {
    if (!expect.clientSecret) throw invalidToken(`${String(header.alg)} needs a client secret`);
    const mac = createHmac(alg.hash, expect.clientSecret).update(data).digest();
    valid = mac.length === decoded.signature.length && timingSafeEqual(mac, decoded.signature);
  } else {
    const key = await signingKey(deps, expect.jwksUri, header.kid, alg.kind);
    valid = cryptoVerify(alg.hash, data, alg.kind === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : key, decoded.signature);
  }
  if (!valid) throw invalidToken('bad signature');
  // Bad id_token issuer / audience: the checks of OIDC Core §3.1.3.7, items 2, 3, 9 and 11.
  if (claims.iss !== expect.issuer) throw new FederationError('invalid_request', `Bad id_token issuer ${String(claims.iss)}`);
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expect.clientId)) throw new FederationError('invalid_request', 'Bad id_token audience');
  if (audiences.length > 1 && claims.azp !== undefined && claims.azp !== expect.clientId) throw new FederationError('invalid_request', 'Bad id_token authorized party');
  const nowSeconds = Math.floor(expect.now / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS <= nowSeconds) throw invalidToken('expired');
  if (typeof claims.nonce !== 'string' || !sameText(claims.nonce, expect.nonce)) throw new FederationError('invalid_request', 'Bad id_token nonce');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalidToken('no sub');
  return claims;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The key of the provider's JWKS the token names (by kid; without a kid, the only key of the right type). The JWKS
 * comes from the cache (outbound.ts providerDocument); when it has no such key it is read again, if the cached copy
 * is older than JWKS_REFRESH_MS (the provider may have rotated its keys).
 */
async function signingKey(deps: Pick<Deps, 'outboundFetch' | 'clock'>, jwksUri: string, kid: unknown, kind: 'rsa' | 'ec'): Promise<KeyObject> {
  const find = (answer: ProviderAnswer) => {
    const keys = (answer.json as { keys?: unknown } | undefined)?.keys;
    if (answer.status !== 200 || !Array.isArray(keys)) throw new ProviderCallError(`the JWKS at ${jwksUri} could not be read (HTTP ${answer.status})`);
    const kty = kind === 'rsa' ? 'RSA' : 'EC';
    const candidates = keys.filter((k): k is Record<string, unknown> => typeof k === 'object' && k !== null && k.kty === kty && (k.use === undefined || k.use === 'sig'));
    return kid === undefined ? (candidates.length === 1 ? candidates[0] : undefined) : candidates.find((k) => k.kid === kid);
  };
  const jwk = find(await providerDocument(deps, jwksUri)) ?? find(await providerDocument(deps, jwksUri, { refreshIfOlderThan: JWKS_REFRESH_MS }));
  if (!jwk) throw invalidToken('no key of the provider matches its kid');
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    throw invalidToken('the provider key could not be read');
  }
}
