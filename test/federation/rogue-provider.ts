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
  close(): Promise<void>;
}

const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

export function signRs256(claims: object, key: KeyObject, kid: string): string {
  const input = `${b64({ alg: 'RS256', kid, typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${b64(sign('sha256', Buffer.from(input), key))}`;
}

export async function startRogueProvider(nowSeconds: () => number): Promise<RogueProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'rogue-1', alg: 'RS256', use: 'sig' };
  const rogue: RogueProvider = { url: '', clientId: 'rogue-client', answer: undefined, nonce: '', tokenRequests: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(typeof value === 'string' ? value : JSON.stringify(value));
      };
      if (path === '/.well-known/openid-configuration') {
        return json(200, { issuer: rogue.url, authorization_endpoint: `${rogue.url}/authorize`, token_endpoint: `${rogue.url}/token`, jwks_uri: `${rogue.url}/jwks` });
      }
      if (path === '/jwks') return json(200, { keys: [jwk] });
      if (path === '/token' && req.method === 'POST') {
        rogue.tokenRequests.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const a = rogue.answer ?? {};
        if (a.body !== undefined) return json(a.status ?? 200, a.body);
        const now = nowSeconds();
        const claims = { iss: rogue.url, aud: rogue.clientId, sub: 'rogue-user-1', email: 'eve@rogue.example', exp: now + 300, iat: now, nonce: rogue.nonce, ...(a.claims ?? {}) };
        return json(a.status ?? 200, { id_token: signRs256(claims, a.signWith ?? privateKey, 'rogue-1'), access_token: 'opaque', token_type: 'Bearer', expires_in: 300 });
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
