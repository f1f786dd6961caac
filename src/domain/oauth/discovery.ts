import type { Deps } from '../deps.js';

/**
 * The pool's OpenID Connect discovery document (`<issuer>/.well-known/openid-configuration`): its issuer is the tokens'
 * `iss` and the URL it is served under (OIDC Discovery §4.3, which openid-client checks). When the pool has a domain,
 * the authorization, token, userInfo and revocation endpoints point at it, in the loopback path form under the server's
 * public URL (`<public URL>/_domain/<domain>/…`, docs/hosted-ui.md), which works without DNS; a custom domain is
 * preferred to a prefix, as Cognito serves the custom one once it exists (*guess*).
 */
export async function discoveryDocument(deps: Pick<Deps, 'store' | 'issuer'>, poolId: string, publicBase: string): Promise<Record<string, unknown>> {
  const issuer = deps.issuer(poolId);
  const domains = await deps.store.domains.listForPool(poolId);
  const domain = domains.find((d) => d.kind === 'custom') ?? domains[0];
  const base = domain && `${publicBase}/_domain/${domain.domain}`;
  return {
    ...(base ? { authorization_endpoint: `${base}/oauth2/authorize` } : {}),
    id_token_signing_alg_values_supported: ['RS256'],
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    ...(base ? { revocation_endpoint: `${base}/oauth2/revoke` } : {}),
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    ...(base ? { token_endpoint: `${base}/oauth2/token` } : {}),
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    ...(base ? { userinfo_endpoint: `${base}/oauth2/userInfo`, end_session_endpoint: `${base}/logout` } : {}),
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'token_use', 'nonce', 'email', 'email_verified', 'phone_number', 'phone_number_verified'],
  };
}
