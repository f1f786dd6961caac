import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Deps } from '../domain/deps.js';
import { CognitoError } from '../domain/errors.js';
import { crossOriginRefused, errorResponse, type ProtocolRequest, type ProtocolResponse } from '../protocol/handler.js';
import { verifySigV4 } from '../protocol/sigv4.js';
import type { AccessKey } from '../config/config.js';
import { randomUuid } from '../platform/random.js';
import type { RequestEpoch } from '../platform/request-epoch.js';
import { handleImportUpload } from './import-upload.js';
import { describeError } from '../platform/log.js';
import type { CorsPolicy } from './cors.js';
import type { DomainRouter } from './domain/router.js';

/**
 * node:http adapter. POST (any path: the AWS CLI keeps the path of --endpoint-url) → the protocol handler;
 * GET /<poolId>/.well-known/{jwks.json,openid-configuration}; GET /health; the /_cognate/* developer endpoints
 * (SigV4-authenticated like admin operations). CORS for browser clients (amazon-cognito-identity-js, Amplify) as
 * http/cors.ts decides: user operations and well-known documents for the allowed origins, admin only for trusted ones.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Managed-login branding requests carry images: "This operation has a 2-megabyte request-size limit"
 * (CreateManagedLoginBranding's and UpdateManagedLoginBranding's documentation); a 1 MB asset is 1.33 MB in base64.
 */
export const MAX_BRANDING_BODY_BYTES = 2 * 1024 * 1024;
const BRANDING_TARGETS = new Set(['AWSCognitoIdentityProviderService.CreateManagedLoginBranding', 'AWSCognitoIdentityProviderService.UpdateManagedLoginBranding']);

export interface DevEndpoint {
  method: 'GET' | 'POST';
  path: string;
  handle(query: URLSearchParams, body: Buffer): Promise<unknown>;
}

export interface HttpOptions {
  protocol: (req: ProtocolRequest) => Promise<ProtocolResponse>;
  deps: Deps;
  accessKeys: AccessKey[];
  /** Answers JWKS and discovery documents; undefined when the pool does not exist. */
  wellKnown(poolId: string, doc: 'jwks.json' | 'openid-configuration'): Promise<unknown | undefined>;
  /** The one-click feedback links of threat protection's notification emails (domain/threat/feedback-link.ts). */
  authEventFeedback?(poolId: string, query: URLSearchParams): Promise<{ status: number; text: string }>;
  /** The classic hosted UI's logo at the ImageUrl GetUICustomization answers; undefined when there is none. */
  uiLogo?(poolId: string, clientId: string, cssVersion: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined>;
  devEndpoints: DevEndpoint[];
  cors: CorsPolicy;
  /** Started as each request arrives; the store's read cache revalidates once per request with it. */
  requestEpoch: RequestEpoch;
  /** The user-pool domains' endpoints and pages (http/domain/router.ts); absent: none served. */
  domains?: DomainRouter;
  /** HTTPS with this certificate and key (PEM); absent: plain HTTP. */
  tls?: { cert: string; key: string };
}

export function createHttpServer(opts: HttpOptions): Server {
  const listener: RequestListener = (req, res) => {
    opts.requestEpoch.startRequest();
    handle(req, res, opts).catch((e) => {
      // A client that goes away mid-request is not the server's failure: at error level, anyone could flood the log.
      if (isClientAbort(req, e)) {
        opts.deps.log.debug('client aborted the request', { error: String(e) });
        res.destroy();
        return;
      }
      opts.deps.log.error('http handler failed', describeError(e));
      if (res.headersSent) res.end();
      else sendError(res, new CognitoError('InternalErrorException', 'An internal error occurred.'), opts);
    });
  };
  // An https.Server answers requests as an http.Server does (same request/response objects and close methods).
  // node:https loads only for --tls (~2 ms of a cold start otherwise).
  const https = () => createRequire(import.meta.url)('node:https') as typeof import('node:https');
  const server = opts.tls ? (https().createServer({ cert: opts.tls.cert, key: opts.tls.key }, listener) as unknown as Server) : createServer(listener);
  server.keepAliveTimeout = 65_000;
  return server;
}

const ROOT_URL = new URL('http://localhost/');

function isClientAbort(req: IncomingMessage, e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return req.destroyed || code === 'ECONNRESET' || code === 'ECONNABORTED' || (e instanceof Error && e.message === 'aborted');
}

/**
 * The request target as a URL. Origin-form (`/path?query`) is read against a fixed base, so that `//host/x` stays a
 * path (new URL('//x', base) would read it as a host — and `//` alone would not parse at all).
 */
function requestUrl(target: string | undefined): URL | undefined {
  if (target === '/' || target === undefined) return ROOT_URL;
  try {
    return target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target);
  } catch {
    return undefined;
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: HttpOptions): Promise<void> {
  // SDKs post to '/': no URL to parse then (and the shared URL is only read).
  const url = requestUrl(req.url);
  const origin = req.headers.origin;
  const { cors } = opts;
  if (!url) {
    req.resume();
    return sendError(res, new CognitoError('UnknownOperationException', 'Malformed request target.'), opts, cors.headers(origin, false));
  }
  // The pool domains (by Host, or /_domain/<name>/…). AWS JSON requests (X-Amz-Target) are never a domain's.
  if (opts.domains && req.headers['x-amz-target'] === undefined) {
    const target = await opts.domains.match(req.headers.host, url);
    if (target) return opts.domains.handle(target, req, res, url, await readBody(req, MAX_BODY_BYTES));
  }
  if (req.method === 'OPTIONS') {
    const allowed = cors.preflight(origin, url.pathname);
    if (allowed) return send(res, 200, allowed, '');
    return sendError(res, crossOriginRefused(), opts);
  }
  const userCors = cors.headers(origin, false);
  if (await handleImportUpload(req, res, opts.deps)) return;

  const limit = BRANDING_TARGETS.has(req.headers['x-amz-target'] as string) ? MAX_BRANDING_BODY_BYTES : MAX_BODY_BYTES;
  const body = await readBody(req, limit);
  if (body === 'too-large') {
    const r = errorResponse(new CognitoError('RequestEntityTooLargeException', `Request body is larger than ${limit} bytes.`), randomUuid(opts.deps.random), undefined, opts.deps);
    return send(res, 413, { ...userCors, ...r.headers, connection: 'close' }, r.body);
  }
  const sourceIp = req.socket.remoteAddress ?? '';

  if (req.method === 'GET') {
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' }, userCors);
    const wk = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(url.pathname);
    if (wk) {
      const doc = await opts.wellKnown(wk[1]!, wk[2] as 'jwks.json' | 'openid-configuration');
      if (doc === undefined) return sendJson(res, 404, { __type: 'ResourceNotFoundException', message: 'User pool does not exist.' }, userCors);
      return sendJson(res, 200, doc, { ...userCors, 'cache-control': 'public, max-age=300' });
    }
    const feedback = /^\/([\w-]+_[0-9a-zA-Z]+)\/auth-event-feedback$/.exec(url.pathname);
    if (feedback && opts.authEventFeedback) {
      const page = await opts.authEventFeedback(feedback[1]!, url.searchParams);
      return send(res, page.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, page.text);
    }
    const logo = /^\/([\w-]+_[0-9a-zA-Z]+)\/([\w+]+)\/(\d{14})\/assets\/images\/image\.jpg$/.exec(url.pathname);
    if (logo && opts.uiLogo) {
      const image = await opts.uiLogo(logo[1]!, logo[2]!, logo[3]!);
      if (!image) return sendJson(res, 404, { __type: 'ResourceNotFoundException', message: 'Not Found' }, userCors);
      // The version is in the path: a changed logo is a new URL, so this one may be cached for good.
      res.writeHead(200, { ...userCors, 'content-type': image.contentType, 'content-length': String(image.bytes.length), 'cache-control': 'public, max-age=31536000, immutable' });
      res.end(image.bytes);
      return;
    }
  }
  const dev = opts.devEndpoints.find((d) => d.method === req.method && d.path === url.pathname);
  if (dev) {
    if (!cors.adminAllowed(origin)) return sendError(res, crossOriginRefused(), opts);
    try {
      await verifySigV4(
        { method: req.method!, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body },
        opts.accessKeys,
        opts.deps.clock.now(),
      );
      return sendJson(res, 200, await dev.handle(url.searchParams, body), cors.headers(origin, true));
    } catch (e) {
      const r = errorResponse(e, randomUuid(opts.deps.random), url.pathname, opts.deps);
      return send(res, r.status, { ...cors.headers(origin, true), ...r.headers }, r.body);
    }
  }
  if (req.method === 'POST') {
    const r = await opts.protocol({
      method: 'POST',
      path: url.pathname,
      query: url === ROOT_URL ? {} : Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      sourceIp,
    });
    return send(res, r.status, r.headers, r.body, r.admin ? cors.headers(origin, true) : userCors);
  }
  return sendJson(res, 404, { __type: 'UnknownOperationException', message: 'Not Found' }, userCors);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string, extra?: Record<string, string>): void {
  // One writeHead with a flat [name, value, …] list: no setHeader per header (each lower-cases and stores its name
  // in the response's header map, which writeHead then merges back).
  const list: string[] = [];
  for (const name in extra) if (!(name in headers)) list.push(name, extra[name]!);
  for (const name in headers) list.push(name, headers[name]!);
  list.push('content-length', String(Buffer.byteLength(body)));
  res.writeHead(status, list);
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, extra: Record<string, string>): void {
  send(res, status, { 'content-type': 'application/json', ...extra }, JSON.stringify(value));
}

/** A Cognito-shaped error outside the protocol handler (no CORS headers unless given: most refusals are of origins). */
function sendError(res: ServerResponse, e: unknown, opts: HttpOptions, extra: Record<string, string> = {}): void {
  const r = errorResponse(e, randomUuid(opts.deps.random), undefined, opts.deps);
  send(res, r.status, r.headers, r.body, extra);
}

export function boundUrl(server: Server, host: string, scheme: 'http' | 'https' = 'http'): string {
  const addr = server.address() as AddressInfo;
  const h = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${h}:${addr.port}`;
}
