import { createHash, timingSafeEqual } from 'node:crypto';
import { CognitoError } from '../domain/errors.js';
import type { AccessKey } from '../config/config.js';
import { smithy } from '../platform/smithy.js';

/**
 * SigV4 verification of IAM-authorized calls (Admin*, pool and client management). With configured keys the
 * signature is recomputed with @smithy/signature-v4 over exactly the headers the client signed; with none (an
 * open server, loopback only) any well-formed SigV4 header is accepted. Error names and texts are AWS's.
 */
export interface SignedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const MAX_SKEW_MS = 15 * 60 * 1000;

export function missingAuth(): CognitoError {
  return new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(header: string): ParsedAuthorization {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(header.trim());
  if (!m) throw new CognitoError('IncompleteSignatureException', `Authorization header requires 'AWS4-HMAC-SHA256' algorithm.`);
  const parts: Record<string, string> = {};
  for (const piece of m[1]!.split(',')) {
    const i = piece.indexOf('=');
    if (i > 0) parts[piece.slice(0, i).trim()] = piece.slice(i + 1).trim();
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((k) => !parts[k]);
  if (missing.length) {
    throw new CognitoError('IncompleteSignatureException', `Authorization header requires '${missing[0]}' parameter. Authorization=${header.split(' ')[0]}`);
  }
  const scope = parts.Credential!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw new CognitoError('IncompleteSignatureException', `Credential should be scoped to a valid region, not '${scope[2] ?? ''}'. `);
  }
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    signedHeaders: parts.SignedHeaders!.split(';'),
    signature: parts.Signature!,
  };
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h.join(',') : h;
}

function parseAmzDate(s: string | undefined): Date | undefined {
  const m = s && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Returns the access key id that signed the request, or throws the AWS error for the failure. */
export async function verifySigV4(req: SignedRequest, keys: AccessKey[], nowMs: number): Promise<string> {
  const auth = headerValue(req.headers['authorization']);
  if (!auth) throw missingAuth();
  const parsed = parseAuthorization(auth);
  const amzDate = headerValue(req.headers['x-amz-date']);
  const date = parseAmzDate(amzDate);
  if (!date) throw new CognitoError('IncompleteSignatureException', 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.');
  if (keys.length === 0) return parsed.accessKeyId;

  const key = keys.find((k) => k.accessKeyId === parsed.accessKeyId);
  if (!key) throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (Math.abs(date.getTime() - nowMs) > MAX_SKEW_MS) {
    throw new CognitoError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier or later than the allowed 15 minutes of the server time.`);
  }
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const v = headerValue(req.headers[name]);
    if (v !== undefined) headers[name] = v;
  }
  // The signer trusts x-amz-content-sha256 as the payload hash; put the hash of the body actually received there,
  // so a body swapped after signing breaks the signature.
  if (headers['x-amz-content-sha256'] !== undefined) headers['x-amz-content-sha256'] = createHash('sha256').update(req.body).digest('hex');
  const { SignatureV4, HttpRequest, Hash } = await smithy();
  const signer = new SignatureV4({
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    region: parsed.region,
    service: parsed.service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
    // Sign exactly the headers the client signed: botocore never sends x-amz-content-sha256, and the signer would
    // otherwise add it to the canonical request.
    applyChecksum: false,
  });
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname: (headers['host'] ?? '').split(':')[0] ?? '',
    path: req.path,
    query: req.query,
    headers,
    body: req.body.toString('utf8'),
  });
  const signed = await signer.sign(request, {
    signingDate: date,
    signableHeaders: new Set(parsed.signedHeaders),
    unsignableHeaders: new Set(Object.keys(headers).filter((h) => !parsed.signedHeaders.includes(h))),
  });
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers['authorization'] ?? signed.headers['Authorization']))?.[1] ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(parsed.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new CognitoError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return key.accessKeyId;
}
