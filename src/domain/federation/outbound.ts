import type { Deps } from '../deps.js';

/**
 * The server's calls to an external identity provider (discovery, token, JWKS, userInfo), through `deps.outboundFetch`
 * (the platform's fetch unless a test swaps it). cognate is a local emulator, so http: and loopback addresses are
 * allowed (Cognito requires https on ports 80/443: docs/compatibility.md "Federated sign-in"); what is bounded is the
 * time a call may take and the size of what it may answer, so that a provider that hangs or floods cannot hold a
 * request or the server's memory. Redirects are not followed: a provider's endpoints are the URLs it names.
 */
export const PROVIDER_TIMEOUT_MS = 5_000;
export const PROVIDER_MAX_BYTES = 256 * 1024;

/** Why a call to the provider failed, in words the error_description can carry (no response body, no secret). */
export class ProviderCallError extends Error {}

export interface ProviderAnswer {
  status: number;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export async function callProvider(
  deps: Pick<Deps, 'outboundFetch'>,
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<ProviderAnswer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ProviderCallError(`invalid provider URL ${url}`);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new ProviderCallError(`unsupported provider URL scheme ${target.protocol}`);
  const fetcher = deps.outboundFetch ?? fetch;
  const signal = AbortSignal.timeout(PROVIDER_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetcher(target.href, {
      method: init.method ?? 'GET',
      headers: { accept: 'application/json', ...(init.headers ?? {}) },
      ...(init.body !== undefined ? { body: init.body } : {}),
      redirect: 'manual',
      signal,
    });
  } catch (e) {
    throw new ProviderCallError(signal.aborted ? `${target.origin} did not answer within ${PROVIDER_TIMEOUT_MS} ms` : `${target.origin} could not be reached`, { cause: e });
  }
  const text = await readBounded(res, signal, target.origin);
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

async function readBounded(res: Response, signal: AbortSignal, origin: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > PROVIDER_MAX_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw new ProviderCallError(`${origin} answered more than ${PROVIDER_MAX_BYTES} bytes`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > PROVIDER_MAX_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw new ProviderCallError(`${origin} answered more than ${PROVIDER_MAX_BYTES} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof ProviderCallError) throw e;
    throw new ProviderCallError(signal.aborted ? `${origin} did not answer within ${PROVIDER_TIMEOUT_MS} ms` : `${origin} broke off its answer`, { cause: e });
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A provider's discovery document and JWKS are read from a per-process cache for `DOCUMENT_MAX_AGE_MS` (only 200
 * answers with a JSON object are kept), instead of on every sign-in: a sign-in read the discovery document twice
 * (authorize, idpresponse) and the JWKS once. A JWKS that lacks the kid a token names may be read again sooner
 * (`refreshIfOlderThan`: a provider that rotated its keys), but not more than once per `JWKS_REFRESH_MS`, so tokens
 * naming unknown kids cannot turn every sign-in into a call to the provider.
 */
export const DOCUMENT_MAX_AGE_MS = 10 * 60_000;
export const JWKS_REFRESH_MS = 30_000;
const DOCUMENTS_MAX = 256;
const documents = new Map<string, { at: number; answer: ProviderAnswer }>();

export async function providerDocument(
  deps: Pick<Deps, 'outboundFetch' | 'clock'>,
  url: string,
  opts: { refreshIfOlderThan?: number } = {},
): Promise<ProviderAnswer> {
  const now = deps.clock.now();
  const hit = documents.get(url);
  const maxAge = opts.refreshIfOlderThan ?? DOCUMENT_MAX_AGE_MS;
  // A clock that went back (tests move a manual clock freely) does not make an entry young.
  if (hit && now >= hit.at && now - hit.at < maxAge) return hit.answer;
  const answer = await callProvider(deps, url);
  if (answer.status === 200 && typeof answer.json === 'object' && answer.json !== null) {
    documents.delete(url);
    if (documents.size >= DOCUMENTS_MAX) documents.delete(documents.keys().next().value!);
    documents.set(url, { at: now, answer });
  }
  return answer;
}
