/**
 * One API call on the wire, as the v2 CLI makes it: POST to the endpoint's path with the CLI's headers,
 * SigV4-signed (service `cognito-idp`) only when the model says the operation needs IAM credentials, retried in
 * botocore's "standard" mode (3 attempts; 500/502/503/504, throttling and transient codes, connection errors
 * and timeouts; backoff random(0..1) x 2^(n-1) s, capped at 20 s), with connect/read timeouts and TLS checks.
 *
 * We send with node:http(s) instead of the SDK's client so the body stays byte-identical to the CLI's
 * (Python json.dumps) and error codes/messages follow botocore's parser, not the SDK's.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { cryptoRandom, randomUuid } from '../../platform/random.js';
import { CliError } from './errors.js';
import type { StaticCredentials } from './config.js';
import { isDict, pyJsonLoads, type PyDict } from './python.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface CallOptions {
  endpoint: string;
  target: string;
  body: string;
  userAgent: string;
  /** present when the request must be signed */
  signing?: Signing;
  maxAttempts: number;
  connectTimeoutMs: number | null;
  readTimeoutMs: number | null;
  verifySsl: boolean;
  caBundle?: string;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => Date;
  debug?: (msg: string) => void;
  warn?: (msg: string) => void;
  /** headers whose values --debug must not print */
  sensitiveBody?: string;
  /** The response body as --debug may print it (sensitive members masked); absent: printed as received. */
  maskResponseBody?: (status: number, body: string) => string;
}

const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const RETRYABLE_CODES = new Set([
  'RequestTimeout',
  'RequestTimeoutException',
  'PriorRequestNotComplete',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'EC2ThrottledException',
]);

export interface ServiceErrorInfo {
  code: string;
  message: string;
  body: PyDict;
}

/** botocore's JSON error parser (https://github.com/boto/botocore/blob/develop/botocore/parsers.py): `__type` cut at ':' and after '#', else the status; header ignored. */
export function parseServiceError(res: HttpResponse): ServiceErrorInfo {
  const raw = res.body.toString('utf8');
  if (res.status >= 500 && (raw.trim() === '' || raw.trim().startsWith('<html>'))) {
    return { code: String(res.status), message: http.STATUS_CODES[res.status] ?? '', body: {} };
  }
  let body: PyDict = {};
  if (raw !== '') {
    try {
      const parsed = pyJsonLoads(raw);
      body = isDict(parsed) ? parsed : {};
    } catch {
      body = { message: raw };
    }
  }
  const msg = body.message ?? body.Message ?? '';
  let code = typeof body.__type === 'string' ? body.__type : String(res.status);
  if (code.includes(':')) code = code.split(':')[0];
  if (code.includes('#')) code = code.slice(code.lastIndexOf('#') + 1);
  return { code, message: typeof msg === 'string' ? msg : String(msg), body };
}

class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function sslReason(err: NodeJS.ErrnoException): string {
  const reasons: Record<string, string> = {
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
    SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to get local issuer certificate',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
    CERT_HAS_EXPIRED: 'certificate has expired',
    ERR_TLS_CERT_ALTNAME_INVALID: 'Hostname mismatch, certificate is not valid',
  };
  const reason = reasons[err.code ?? ''];
  return reason ? `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${reason}` : err.message;
}

function requestUrl(endpoint: string): URL {
  const u = new URL(endpoint);
  u.search = '';
  u.hash = '';
  return u;
}

function formatTtl(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export interface Signing {
  credentials: StaticCredentials;
  region: string;
  service: string;
}

/** The headers of `request` to `url` once SigV4-signed (payload hash included, no checksum header), as botocore signs. */
export async function sigv4Sign(
  signing: Signing,
  url: URL,
  request: { method: string; headers: Record<string, string>; body?: string; query?: Record<string, string> },
  signingDate?: Date,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ ...signing, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const toSign = new HttpRequest({
    ...request,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
  });
  return (await signer.sign(toSign, { signingDate })).headers;
}

async function signHeaders(opts: CallOptions, url: URL, headers: [string, string][]): Promise<[string, string][]> {
  const signed = await sigv4Sign(opts.signing!, url, {
    method: 'POST',
    headers: Object.fromEntries(headers.filter(([k]) => ['host', 'content-type', 'x-amz-target'].includes(k.toLowerCase()))),
    body: opts.body,
  }, opts.now());
  const out: [string, string][] = [['X-Amz-Date', signed['x-amz-date']!]];
  if (signed['x-amz-security-token']) out.push(['X-Amz-Security-Token', signed['x-amz-security-token']]);
  out.push(['Authorization', signed['authorization']!]);
  return out;
}

function attempt(opts: CallOptions, url: URL, headers: [string, string][]): Promise<HttpResponse> {
  const isHttps = url.protocol === 'https:';
  const where = `endpoint URL: "${url.toString()}"`;
  let ca: Buffer | undefined;
  if (isHttps && opts.verifySsl && opts.caBundle !== undefined) {
    try {
      ca = readFileSync(opts.caBundle);
    } catch {
      return Promise.reject(new AttemptError(`SSL validation failed for ${url.toString()} [Errno 2] No such file or directory`, true));
    }
  }
  return new Promise((resolve, reject) => {
    const headerObj: Record<string, string> = {};
    for (const [k, v] of headers) headerObj[k] = v;
    const lib = isHttps ? https : http;
    const req = lib.request(
      {
        method: 'POST',
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (isHttps ? 443 : 80),
        path: url.pathname,
        headers: headerObj,
        agent: false,
        ...(isHttps ? { rejectUnauthorized: opts.verifySsl, ...(ca ? { ca } : {}) } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clear();
          const h: Record<string, string> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) h[res.rawHeaders[i]] = res.rawHeaders[i + 1];
          resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
        });
        res.on('error', (e) => fail(e));
      },
    );
    let connectTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const clear = () => {
      settled = true;
      if (connectTimer) clearTimeout(connectTimer);
    };
    const fail = (e: Error) => {
      if (settled) return;
      clear();
      if (e instanceof AttemptError) return reject(e);
      const err = e as NodeJS.ErrnoException;
      const tlsCodes = ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'];
      if (tlsCodes.includes(err.code ?? '') || /certificate|SSL|TLS/i.test(err.message)) {
        return reject(new AttemptError(`SSL validation failed for ${url.toString()} ${sslReason(err)}`, true));
      }
      if (err.code === 'ECONNRESET' || err.message === 'socket hang up') {
        return reject(new AttemptError(`Connection was closed before we received a valid response from ${where}`, true));
      }
      reject(new AttemptError(`Could not connect to the ${where}`, true));
    };
    req.on('error', fail);
    if (opts.connectTimeoutMs !== null) {
      connectTimer = setTimeout(() => req.destroy(new AttemptError(`Connect timeout on ${where}`, true)), opts.connectTimeoutMs);
    }
    req.on('socket', (sock) => {
      const onConnect = () => {
        if (connectTimer) clearTimeout(connectTimer);
        if (opts.readTimeoutMs !== null) {
          sock.setTimeout(opts.readTimeoutMs, () => req.destroy(new AttemptError(`Read timeout on ${where}`, true)));
        }
      };
      if (isHttps) sock.once('secureConnect', onConnect);
      else sock.once('connect', onConnect);
    });
    req.end(opts.body);
  });
}

export interface CallResult {
  response: HttpResponse;
  attempts: number;
  /** the final response was itself a retryable failure (so the CLI says "reached max retries") */
  exhausted: boolean;
}

export async function callWithRetries(opts: CallOptions): Promise<CallResult> {
  const url = requestUrl(opts.endpoint);
  const invocationId = randomUuid(cryptoRandom);
  let sdkRequest = 'attempt=1';
  for (let n = 1; ; n++) {
    const headers: [string, string][] = [
      ['Host', url.host],
      ['Accept-Encoding', 'identity'],
      ['X-Amz-Target', opts.target],
      ['Content-Type', 'application/x-amz-json-1.1'],
      ['User-Agent', opts.userAgent],
      ['amz-sdk-invocation-id', invocationId],
      ['amz-sdk-request', sdkRequest],
    ];
    if (opts.signing) headers.push(...(await signHeaders(opts, url, headers)));
    headers.push(['Content-Length', String(Buffer.byteLength(opts.body))]);
    if (opts.debug) {
      opts.debug(`Sending http request: POST ${url.toString()} headers=${JSON.stringify(Object.fromEntries(headers.map(([k, v]) => [k, k === 'Authorization' ? v.replace(/Signature=\w+/, 'Signature=***') : v])))}`);
      opts.debug(`Request body: ${opts.sensitiveBody ?? opts.body}`);
    }
    if (url.protocol === 'https:' && !opts.verifySsl) {
      opts.warn?.(`InsecureRequestWarning: Unverified HTTPS request is being made to host '${url.hostname}'. Adding certificate verification is strongly advised.`);
    }
    let retryable: boolean;
    let result: HttpResponse | undefined;
    let failure: AttemptError | undefined;
    try {
      result = await attempt(opts, url, headers);
      opts.debug?.(`Response: ${result.status} headers=${JSON.stringify(result.headers)}`);
      if (opts.debug) {
        const text = result.body.toString('utf8');
        opts.debug(`Response body: ${opts.maskResponseBody ? opts.maskResponseBody(result.status, text) : text}`);
      }
      if (result.status < 300) return { response: result, attempts: n, exhausted: false };
      const { code } = parseServiceError(result);
      retryable = TRANSIENT_STATUS.has(result.status) || RETRYABLE_CODES.has(code);
    } catch (e) {
      if (!(e instanceof AttemptError)) throw e;
      failure = e;
      retryable = e.retryable;
      opts.debug?.(`Attempt ${n} failed: ${e.message}`);
    }
    if (!retryable || n >= opts.maxAttempts) {
      if (failure) throw new CliError('general', failure.message);
      return { response: result!, attempts: n, exhausted: retryable };
    }
    const delay = Math.min(20, opts.random() * 2 ** (n - 1)) * 1000;
    opts.debug?.(`Retry needed, retrying request after delay of: ${(delay / 1000).toFixed(3)}`);
    await opts.sleep(delay);
    const next = n + 1;
    sdkRequest = result
      ? `ttl=${formatTtl(new Date(opts.now().getTime() + (opts.readTimeoutMs ?? 60000)))}; attempt=${next}; max=${opts.maxAttempts}`
      : `attempt=${next}; max=${opts.maxAttempts}`;
  }
}
