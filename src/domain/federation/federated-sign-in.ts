import { timingSafeEqual } from 'node:crypto';
import { StoreConflictError, type IdentityProviderRecord, type UserRecord } from '../../store/types.js';
import { randomString, randomUuid } from '../../platform/random.js';
import { supportedIdentityProviders } from '../clients/config.js';
import { isCognitoError } from '../errors.js';
import { schemaAttributes } from '../pools/config.js';
import { authorizationResponseUrl, checkAuthorizeRequest, type AuthorizeCheck, type AuthorizeRequest } from '../oauth/authorize.js';
import { completeAuthorization, type OAuthContext } from '../oauth/complete.js';
import { postConfirmation } from '../triggers/lifecycle.js';
import { postAuthentication, preAuthentication } from '../triggers/sign-in.js';
import { federatedSignUpError, preSignUpExternalProvider } from '../triggers/sign-up.js';
import { updateUser, usernameKey } from '../users/users.js';
import { COGNITO_SUBJECT, federatedUsername, findLinkedUser, type IdentityEntry } from './links.js';
import { FederationError, providerEndpoints, verifyIdToken } from './oidc.js';
import { callProvider, ProviderCallError } from './outbound.js';
import { openDetails } from './providers.js';

/**
 * Federated sign-in through an OIDC identity provider, as the developer guide's "OIDC user pool IdP authentication
 * flow" describes it (docs/hosted-ui.md "Federation", docs/compatibility.md "Federated sign-in"):
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-flow.html
 *
 * 1. `/oauth2/authorize` with `identity_provider` / `idp_identifier` (or a client whose only provider is external)
 *    → `beginFederatedSignIn`: a 302 to the provider's authorize endpoint with the provider's client_id and
 *    authorize_scopes, `redirect_uri=<domain>/oauth2/idpresponse`, a `state` and a `nonce`. The state is a random
 *    handle; what it stands for (the app's authorize request, the nonce, the provider) is stored under its keyed hash
 *    for 15 minutes and taken once, and it is bound to the browser by a cookie, so a code and state that reach another
 *    browser (login CSRF) are refused.
 * 2. `/oauth2/idpresponse` → `finishFederatedSignIn`: the code exchanged at the provider's token endpoint
 *    (client_secret_post), its ID token verified, userInfo read, the AttributeMapping applied, the user found or
 *    created (`<ProviderName>_<subject>`, EXTERNAL_PROVIDER, `identities`), or the native user the identity is linked
 *    to (AdminLinkProviderForUser); the triggers as Cognito runs them for federated users; then the app gets its code
 *    or tokens from completeAuthorization as after a managed-login sign-in.
 */
const STATE_NAMESPACE = 'federation-state';
const STATE_TTL_MS = 15 * 60_000;
const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The browser-binding cookie's value: 32 of TOKEN_CHARS. */
export const BINDING_PATTERN = /^[A-Za-z0-9_-]{32}$/;
/** Cognito's longest attribute value. */
const MAX_ATTRIBUTE_LENGTH = 2048;
/** How many claims are looked up as linked identities (AdminLinkProviderForUser may name any claim of an OIDC provider). */
const MAX_LINK_CLAIMS = 30;

export const newBindingValue = (deps: OAuthContext['deps']) => randomString(deps.random, 32, TOKEN_CHARS);

interface StoredState extends Record<string, unknown> {
  poolId: string;
  /** The app's authorization request (its query), checked again when the provider answers. */
  params: string;
  provider: string;
  nonce: string;
  /** The redirect_uri given to the provider, given again at its token endpoint (RFC 6749 §4.1.3). */
  redirectUri: string;
  /** The keyed hash of the browser's binding cookie. */
  binding: string;
}

/**
 * The external provider an authorization request goes to, or undefined for the managed-login pages. Throws
 * FederationError when the request names one the client cannot use.
 */
export async function chosenProvider(ctx: OAuthContext, request: AuthorizeRequest): Promise<IdentityProviderRecord | undefined> {
  const { deps, pool } = ctx;
  const supported = supportedIdentityProviders(request.client);
  if (request.identityProvider !== undefined) {
    if (request.identityProvider === 'COGNITO') return undefined;
    const provider = await deps.store.identityProviders.get(pool.id, request.identityProvider);
    if (!provider) throw new FederationError('invalid_request', `Identity provider ${request.identityProvider} does not exist.`);
    return provider;
  }
  if (request.idpIdentifier !== undefined) {
    const provider = await deps.store.identityProviders.findByIdentifier(pool.id, request.idpIdentifier);
    if (!provider || !supported.includes(provider.providerName)) throw new FederationError('unauthorized_client', `No identity provider of the client has the identifier ${request.idpIdentifier}.`);
    return provider;
  }
  // A client whose only way in is one external provider goes straight to it, as Cognito's authorize endpoint does.
  const external = supported.filter((n) => n !== 'COGNITO');
  if (!supported.includes('COGNITO') && external.length === 1) return deps.store.identityProviders.get(pool.id, external[0]!);
  return undefined;
}

/** Step 1: the URL of the provider's authorize endpoint for this request (and the state stored for step 2). */
export async function beginFederatedSignIn(
  ctx: OAuthContext,
  params: URLSearchParams,
  provider: IdentityProviderRecord,
  opts: { baseUrl: string; binding: string },
): Promise<string> {
  const { deps, pool } = ctx;
  if (provider.providerType !== 'OIDC') {
    // SAML and the social providers can be created and described; their sign-in is not served (docs/hosted-ui.md).
    throw new FederationError('invalid_request', `cognate does not serve sign-in through ${provider.providerType} identity providers (${provider.providerName}).`);
  }
  const details = openDetails(deps, provider);
  const endpoints = await inProviderTerms(provider, () => providerEndpoints(deps, details));
  const state = randomString(deps.random, 43, TOKEN_CHARS);
  const nonce = randomString(deps.random, 43, TOKEN_CHARS);
  const redirectUri = `${opts.baseUrl}/oauth2/idpresponse`;
  const stored: StoredState = { poolId: pool.id, params: params.toString(), provider: provider.providerName, nonce, redirectUri, binding: deps.hashSecret(`federation\u0000${opts.binding}`) };
  await deps.store.kv.put(STATE_NAMESPACE, deps.hashSecret(state), stored, deps.clock.now() + STATE_TTL_MS);
  const query = new URLSearchParams({
    client_id: details.client_id ?? '',
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: (details.authorize_scopes ?? 'openid').split(/[\s,]+/).filter((s) => s !== '').join(' '),
    state,
    nonce,
  });
  return `${endpoints.authorize}${endpoints.authorize.includes('?') ? '&' : '?'}${query}`;
}

/** Where step 2 sends the browser: back to the app (with a code, tokens or an error), or to the domain's error page. */
export type FederationOutcome =
  | { kind: 'redirect'; location: string; signedIn?: { sub: string; username: string; authTime: number } }
  | { kind: 'page'; error: string; clientId?: string };

/** Step 2: the provider's answer at /oauth2/idpresponse. */
export async function finishFederatedSignIn(ctx: OAuthContext, query: URLSearchParams, binding: string | undefined): Promise<FederationOutcome> {
  const { deps, pool } = ctx;
  const state = query.get('state');
  if (!state) return { kind: 'page', error: 'invalid_request' };
  const stored = (await deps.store.kv.take(STATE_NAMESPACE, deps.hashSecret(state), deps.clock.now())) as StoredState | undefined;
  if (!stored || stored.poolId !== pool.id) return { kind: 'page', error: 'invalid_state' };
  if (!binding || !BINDING_PATTERN.test(binding) || !sameText(deps.hashSecret(`federation\u0000${binding}`), stored.binding)) return { kind: 'page', error: 'invalid_state' };
  const check: AuthorizeCheck = await checkAuthorizeRequest(deps, pool, new URLSearchParams(stored.params));
  if (!check.ok) return check.kind === 'redirect' ? { kind: 'redirect', location: check.location } : { kind: 'page', error: check.error, ...(check.clientId ? { clientId: check.clientId } : {}) };
  const request = check.request;
  try {
    const provider = await deps.store.identityProviders.get(pool.id, stored.provider);
    if (!provider || provider.providerType !== 'OIDC') throw new FederationError('invalid_request', `Identity provider ${stored.provider} does not exist.`);
    const providerError = query.get('error');
    if (providerError !== null) {
      const description = query.get('error_description');
      throw new FederationError(errorCode(providerError), `${provider.providerName} Error - ${providerError}${description ? ` ${description}` : ''}`);
    }
    const code = query.get('code');
    if (!code) throw new FederationError('invalid_request', `${provider.providerName} Error - no authorization code`);
    const claims = await inProviderTerms(provider, () => providerClaims(ctx, provider, code, stored));
    const user = await signInFederatedUser(ctx, request, provider, claims);
    const authTime = deps.clock.now();
    const location = await completeAuthorization(ctx, request, { username: user.username, authTime });
    return { kind: 'redirect', location, signedIn: { sub: user.sub, username: user.username, authTime } };
  } catch (e) {
    const failure = asFederationError(e);
    return { kind: 'redirect', location: failureUrl(request, failure) };
  }
}

/** The app's redirect_uri with Cognito's error parameters (developer guide, "Managed login and federation error responses"). */
export function failureUrl(request: AuthorizeRequest, failure: FederationError): string {
  return authorizationResponseUrl(request.redirectUri, request.responseType === 'token' ? 'fragment' : 'query', {
    error_description: failure.message,
    error: failure.error,
    ...(request.state !== undefined ? { state: request.state } : {}),
  });
}

function asFederationError(e: unknown): FederationError {
  if (e instanceof FederationError) return e;
  // A trigger's failure (UserLambdaValidationException and the rest) and any other refusal: its message, as Cognito.
  if (isCognitoError(e)) return new FederationError(federatedSignUpError(e).error, federatedSignUpError(e).error_description);
  throw e;
}

/** A provider's error code as an OAuth error value (RFC 6749 §4.1.2.1 codes are [a-z_]); anything else is invalid_request. */
const errorCode = (given: string) => (/^[a-z_]{1,64}$/.test(given) ? given : 'invalid_request');

/** Failures of calls to the provider, in the words Cognito uses ("<ProviderName> Error - …"). */
async function inProviderTerms<T>(provider: IdentityProviderRecord, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof ProviderCallError) throw new FederationError('invalid_request', `${provider.providerName} Error - ${e.message}`);
    throw e;
  }
}

/** The code exchanged at the provider's token endpoint, the ID token verified, userInfo read: the claims to map. */
async function providerClaims(ctx: OAuthContext, provider: IdentityProviderRecord, code: string, stored: StoredState): Promise<Record<string, unknown>> {
  const { deps } = ctx;
  const details = openDetails(deps, provider);
  const endpoints = await providerEndpoints(deps, details);
  // client_secret_post: the one client authentication Cognito uses with OIDC providers (docs/compatibility.md).
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: stored.redirectUri, client_id: details.client_id ?? '' });
  if (details.client_secret) form.set('client_secret', details.client_secret);
  const answer = await callProvider(deps, endpoints.token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const body = (typeof answer.json === 'object' && answer.json !== null ? answer.json : {}) as Record<string, unknown>;
  if (answer.status !== 200) {
    const error = typeof body.error === 'string' ? body.error : 'invalid_request';
    const description = typeof body.error_description === 'string' ? ` ${body.error_description}` : '';
    throw new FederationError(errorCode(error), `${provider.providerName} Error - ${answer.status} ${error}${description}`);
  }
  const claims = await verifyIdToken(deps, body.id_token, {
    issuer: details.oidc_issuer ?? '',
    clientId: details.client_id ?? '',
    clientSecret: details.client_secret,
    nonce: stored.nonce,
    jwksUri: endpoints.jwks,
    now: deps.clock.now(),
  });
  if (!endpoints.userInfo || typeof body.access_token !== 'string') return claims;
  const method = details.attributes_request_method === 'POST' ? 'POST' : 'GET';
  const info = await callProvider(deps, endpoints.userInfo, { method, headers: { authorization: `Bearer ${body.access_token}` } });
  if (info.status !== 200 || typeof info.json !== 'object' || info.json === null) throw new ProviderCallError(`userInfo answered HTTP ${info.status}`);
  const userInfo = info.json as Record<string, unknown>;
  // OIDC Core §5.3.2: the userInfo response's sub must be the ID token's, or it is about someone else.
  if (userInfo.sub !== claims.sub) throw new ProviderCallError('userInfo is about another subject than the id_token');
  return { ...claims, ...userInfo };
}

/** The pool attributes the provider's AttributeMapping gives for these claims (the mapping of `username` aside). */
export function mappedAttributes(provider: IdentityProviderRecord, claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [attribute, claim] of Object.entries(provider.attributeMapping)) {
    if (attribute === 'username') continue;
    const value = claims[claim];
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    out[attribute] = text.slice(0, MAX_ATTRIBUTE_LENGTH);
  }
  return out;
}

/**
 * The user the external identity signs in as. A linked native user when the identity is linked
 * (AdminLinkProviderForUser), else the federated user `<ProviderName>_<subject>`: created at the first sign-in (pre
 * sign-up before it is written, post confirmation after), its mapped attributes brought up to date at every later one.
 * Pre and post authentication run at every sign-in (docs/compatibility.md "Federated sign-in").
 */
async function signInFederatedUser(ctx: OAuthContext, request: AuthorizeRequest, provider: IdentityProviderRecord, claims: Record<string, unknown>): Promise<UserRecord> {
  const { deps, pool } = ctx;
  const client = request.client;
  const subjectClaim = claims[provider.attributeMapping.username ?? 'sub'];
  const subject = typeof subjectClaim === 'string' || typeof subjectClaim === 'number' ? String(subjectClaim) : '';
  if (!subject) throw new FederationError('invalid_request', `The identity provider sent no ${provider.attributeMapping.username ?? 'sub'}.`);
  let user = await linkedUser(ctx, provider, subject, claims);
  if (!user) {
    const username = federatedUsername(provider.providerName, subject);
    const existing = await deps.store.users.get(pool.id, usernameKey(pool, username));
    user = existing && existing.username === username ? await refreshAttributes(ctx, existing, provider, claims) : await createFederatedUser(ctx, request, provider, subject, claims);
  }
  if (!user.enabled) throw new FederationError('invalid_request', 'User is disabled.');
  await preAuthentication(deps, pool, client, user, undefined);
  await postAuthentication(deps, pool, client, user, { newDeviceUsed: false });
  return user;
}

/** The native user the identity was linked to: by its subject (Cognito_Subject), or by any other claim a link names. */
async function linkedUser(ctx: OAuthContext, provider: IdentityProviderRecord, subject: string, claims: Record<string, unknown>): Promise<UserRecord | undefined> {
  const { deps, pool } = ctx;
  const bySubject = await findLinkedUser(deps, pool, provider.providerName, COGNITO_SUBJECT, subject);
  if (bySubject) return bySubject;
  const named = Object.entries(claims).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  for (const [name, value] of named.slice(0, MAX_LINK_CLAIMS)) {
    const linked = await findLinkedUser(deps, pool, provider.providerName, name, value);
    if (linked) return linked;
  }
  return undefined;
}

async function refreshAttributes(ctx: OAuthContext, user: UserRecord, provider: IdentityProviderRecord, claims: Record<string, unknown>): Promise<UserRecord> {
  const mapped = mappedAttributes(provider, claims);
  if (Object.entries(mapped).every(([k, v]) => user.attributes[k] === v)) return user;
  // The aliases stay as they are (the sub only, as createFederatedUser indexes them).
  return updateUser(ctx.deps, ctx.pool, user, (u) => ({ ...u, attributes: { ...u.attributes, ...mapped } }));
}

async function createFederatedUser(ctx: OAuthContext, request: AuthorizeRequest, provider: IdentityProviderRecord, subject: string, claims: Record<string, unknown>): Promise<UserRecord> {
  const { deps, pool } = ctx;
  const attributes = mappedAttributes(provider, claims);
  // A required attribute the mapping does not fill refuses the sign-up (developer guide: "Your IdP didn't send claims
  // that map to required attributes"); the wording is Cognito's as apps report it (docs/compatibility.md).
  const missing = schemaAttributes(pool)
    .filter((a) => a.Required && a.Name !== 'sub' && !attributes[a.Name!])
    .map((a) => a.Name!);
  if (missing.length > 0) throw new FederationError('invalid_request', `attributes required: [${missing.join(', ')}]`);
  const now = deps.clock.now();
  const sub = randomUuid(deps.random);
  const identity: IdentityEntry = {
    userId: subject,
    providerName: provider.providerName,
    providerType: provider.providerType,
    issuer: openDetails(deps, provider).oidc_issuer ?? null,
    primary: true,
    dateCreated: now,
  };
  const username = federatedUsername(provider.providerName, subject);
  const draft: UserRecord = {
    poolId: pool.id,
    username,
    usernameKey: usernameKey(pool, username),
    sub,
    status: 'EXTERNAL_PROVIDER',
    enabled: true,
    createdAt: now,
    updatedAt: now,
    version: 1,
    attributes: { ...attributes, identities: JSON.stringify([identity]), sub },
    data: {},
  };
  const user = await preSignUpExternalProvider(deps, pool, draft, { clientId: request.clientId });
  try {
    // Findable by its sub only: a federated user with the email address of a user of the pool is another user (the
    // duplicates apps merge with AdminLinkProviderForUser), and it never signs in by alias.
    await deps.store.users.create(user, [{ kind: 'sub', valueKey: user.sub }]);
  } catch (e) {
    // Two first sign-ins of one identity at once: the other one created the user; sign in as it.
    if (e instanceof StoreConflictError && e.what === 'username') {
      const other = await deps.store.users.get(pool.id, user.usernameKey);
      if (other && other.username === username) return other;
    }
    throw e;
  }
  await postConfirmation(deps, pool, 'PostConfirmation_ConfirmSignUp', user, { client: request.client });
  return user;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
