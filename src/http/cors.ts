/**
 * Which web origins may call what (docs/security.md, *CORS and browser origins*).
 *
 * Browser apps (amazon-cognito-identity-js, Amplify) call the operations the model marks unauthenticated
 * (`auth: none`: sign-up, sign-in, MFA, token-authorized self-service) and read the well-known documents: those
 * answer CORS for the configured origins (`*` by default). Admin operations (SigV4) and /_cognate/* are another
 * matter in keyless mode, where any well-formed signature administers: a page on a foreign origin must not reach
 * them, so they answer CORS only to origins listed by name, and a request that carries any other Origin is refused
 * outright (a browser may send a request without a preflight; CORS headers alone only stop it from reading the
 * answer). With access keys, a signature needs a secret, and allowed origins get CORS for admin calls too.
 */
export interface CorsPolicy {
  /** The Access-Control-Allow-Origin value for a user operation or a well-known document; undefined: no CORS. */
  userOrigin(origin: string | undefined): string | undefined;
  /** Whether a request carrying this Origin may call an admin operation or /_cognate/* (no Origin: not a browser). */
  adminAllowed(origin: string | undefined): boolean;
  /** Response headers for an answer: CORS for allowed origins, nothing otherwise. */
  headers(origin: string | undefined, admin: boolean): Record<string, string>;
  /** The answer to a preflight (OPTIONS) for this path; undefined: refuse it. */
  preflight(origin: string | undefined, path: string): Record<string, string> | undefined;
}

const EXPOSE = 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date';
/** What the SDKs and amazon-cognito-identity-js send for an unsigned call. */
const USER_HEADERS = 'content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request, x-amz-api-version';
/** What a SigV4-signed call adds. */
const SIGNED_HEADERS = 'authorization, x-amz-date, x-amz-security-token, x-amz-content-sha256';

export function createCorsPolicy(opts: { origins: string[]; keyless: boolean }): CorsPolicy {
  const any = opts.origins.includes('*');
  const named = new Set(opts.origins.filter((o) => o !== '*'));
  const userOrigin = (origin: string | undefined) => {
    if (origin === undefined) return any ? '*' : undefined;
    if (named.has(origin)) return origin;
    return any ? '*' : undefined;
  };
  const adminAllowed = (origin: string | undefined) => origin === undefined || named.has(origin) || (!opts.keyless && any);
  const allowOriginFor = (origin: string | undefined, admin: boolean): string | undefined => {
    if (admin) return origin !== undefined && adminAllowed(origin) ? (named.has(origin) ? origin : '*') : undefined;
    return userOrigin(origin);
  };
  const withVary = (value: string): Record<string, string> =>
    value === '*' ? { 'access-control-allow-origin': '*' } : { 'access-control-allow-origin': value, vary: 'Origin' };

  return {
    userOrigin,
    adminAllowed,
    headers(origin, admin) {
      const value = allowOriginFor(origin, admin);
      return value === undefined ? {} : { ...withVary(value), 'access-control-expose-headers': EXPOSE };
    },
    preflight(origin, path) {
      const devEndpoint = path.startsWith('/_cognate/');
      // A preflight does not name the operation: the signing headers are what only admin calls need.
      const admin = origin !== undefined && adminAllowed(origin);
      if (devEndpoint && !admin) return undefined;
      const value = admin ? allowOriginFor(origin, true) : userOrigin(origin);
      if (value === undefined) return undefined;
      return {
        ...withVary(value),
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': admin ? `${USER_HEADERS}, ${SIGNED_HEADERS}` : USER_HEADERS,
        'access-control-expose-headers': EXPOSE,
        'access-control-max-age': '86400',
      };
    },
  };
}
