import { request } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { TEST_CREDENTIALS } from '../helpers/server.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
  ms: number;
}

export interface RawRequest {
  method?: string;
  path?: string;
  target?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** SigV4-sign the request (with TEST_CREDENTIALS unless given), as an SDK does for admin operations. */
  sign?: boolean | { accessKeyId: string; secretAccessKey: string };
  signingDate?: Date;
}

/**
 * One HTTP exchange with node:http and a 1 MiB header limit (an SDK's 16 KB limit would hide what the server sent),
 * timed from the request to the end of the response.
 */
export async function rawRequest(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = r.body ?? '';
  let headers: Record<string, string> = {
    host: url.host,
    ...(r.target !== undefined ? { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${r.target}` } : {}),
    ...r.headers,
  };
  if (r.sign) {
    const credentials = r.sign === true ? TEST_CREDENTIALS : r.sign;
    const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'cognito-idp', sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign(
      new HttpRequest({ method: r.method ?? 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: r.path ?? '/', headers, body }),
      { signingDate: r.signingDate ?? new Date() },
    );
    headers = signed.headers as Record<string, string>;
  }
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: r.method ?? 'POST', path: r.path ?? '/', headers, maxHeaderSize: 1024 * 1024 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, ms: performance.now() - t0 });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** mulberry32: a small seeded PRNG, so that generated inputs (fuzz requests, ReDoS corpora) are the same every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
