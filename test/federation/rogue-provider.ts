import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/**
 * An OIDC provider the test controls completely, on node:http: discovery, JWKS and a token endpoint whose ID token
 * (or error, or flood) each test chooses. It has no sign-in page: a test takes the state and nonce from cognate's
 * redirect and calls /oauth2/idpresponse itself with a code, as the provider's redirect would.
 */
export interface RogueProvider {
  url: string;
  clientId: string;
  /** What the token endpoint answers next: claims of the ID token (merged over valid ones), or a raw answer. */
  answer: { claims?: Record<string, unknown>; signWith?: KeyObject; status?: number; body?: string } | undefined;
  /** The nonce the valid ID token carries. */
  nonce: string;
  /** Token requests received (their form bodies). */
  tokenRequests: URLSearchParams[];
  /** The path of every request received, in order. */
  requests: string[];
  /** Replaces the signing key by a new one under a new kid (a provider rotating its keys): the JWKS lists only it. */
  rotate(): void;
  close(): Promise<void>;
}

const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

export function signRs256(claims: object, key: KeyObject, kid: string): string {
  const input = `${b64({ alg: 'RS256', kid, typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${b64(sign('sha256', Buffer.from(input), key))}`;
}

export async function startRogueProvider(nowSeconds: () => number): Promise<RogueProvider> {
  let generation = 1;
  const newKey = () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = `rogue-${generation}`;
    return { privateKey: pair.privateKey, kid, jwk: { ...pair.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
  };
  let key = newKey();
  const rogue: RogueProvider = {
    url: '',
    clientId: 'rogue-client',
    answer: undefined,
    nonce: '',
    tokenRequests: [],
    requests: [],
    rotate() {
      generation++;
      key = newKey();
    },
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      rogue.requests.push(path);
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(typeof value === 'string' ? value : JSON.stringify(value));
      };
      if (path === '/.well-known/openid-configuration') {
        return json(200, { issuer: rogue.url, authorization_endpoint: `${rogue.url}/authorize`, token_endpoint: `${rogue.url}/token`, jwks_uri: `${rogue.url}/jwks` });
      }
      if (path === '/jwks') return json(200, { keys: [key.jwk] });
      if (path === '/token' && req.method === 'POST') {
        rogue.tokenRequests.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const a = rogue.answer ?? {};
        if (a.body !== undefined) return json(a.status ?? 200, a.body);
        const now = nowSeconds();
        const claims = { iss: rogue.url, aud: rogue.clientId, sub: 'rogue-user-1', email: 'eve@rogue.example', exp: now + 300, iat: now, nonce: rogue.nonce, ...(a.claims ?? {}) };
        return json(a.status ?? 200, { id_token: signRs256(claims, a.signWith ?? key.privateKey, key.kid), access_token: 'opaque', token_type: 'Bearer', expires_in: 300 });
      }
      json(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rogue.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rogue.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return rogue;
}
