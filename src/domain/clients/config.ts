import type {
  CreateUserPoolClientRequest,
  ExplicitAuthFlowsType,
  UpdateUserPoolClientRequest,
  UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { modelledMembers } from '../../protocol/model.js';
import type { ClientConfig, ClientRecord } from '../../store/types.js';
import { invalidParameter } from '../errors.js';

/**
 * The one place that reads an app client's settings (ClientRecord.config) and knows Cognito's defaults for them.
 * Configs come from the store's read cache, parsed once per row and frozen: readers only read.
 */
export type { ClientConfig };
type ClientSettings = Pick<ClientRecord, 'config'>;

const DEFAULT_EXPLICIT_AUTH_FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH'];
const DEFAULT_AUTH_SESSION_MINUTES = 3;

function clientDefaults(): ClientConfig {
  return {
    RefreshTokenValidity: 30,
    // Cognito answers an empty object when the request gave no units, and applies hours, hours and days
    // (docs/compatibility.md "Pool and client descriptions"); tokenValidity() applies them.
    TokenValidityUnits: {},
    ExplicitAuthFlows: DEFAULT_EXPLICIT_AUTH_FLOWS,
    AllowedOAuthFlowsUserPoolClient: false,
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: DEFAULT_AUTH_SESSION_MINUTES,
  };
}

// ---- create, update, describe ----

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Bounds from the model docs: access/id 5 min – 1 day, refresh 60 min – 10 years. */
function checkValidity(config: ClientConfig): void {
  const units = config.TokenValidityUnits ?? {};
  const check = (v: number | undefined, unit: string | undefined, defUnit: string, min: number, max: number, label: string) => {
    if (v === undefined || v === null) return;
    const seconds = Number(v) * UNIT_SECONDS[unit ?? defUnit]!;
    if (seconds < min || seconds > max) {
      throw invalidParameter(`${label} must be between ${describeSeconds(min)} and ${describeSeconds(max)}.`);
    }
  };
  check(config.AccessTokenValidity, units.AccessToken, 'hours', 300, 86400, 'Access token validity');
  check(config.IdTokenValidity, units.IdToken, 'hours', 300, 86400, 'Id token validity');
  if (config.RefreshTokenValidity !== 0) check(config.RefreshTokenValidity, units.RefreshToken, 'days', 3600, 315360000, 'Refresh token validity');
}

function describeSeconds(s: number): string {
  if (s % 86400 === 0) return `${s / 86400} day${s === 86400 ? '' : 's'}`;
  if (s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  return `${s / 60} minutes`;
}

/**
 * CreateUserPoolClient and UpdateUserPoolClient: the settings given, Cognito's defaults for the rest (an update
 * returns every setting it leaves out to its default, as Cognito documents).
 */
export function clientConfigFrom(request: CreateUserPoolClientRequest | UpdateUserPoolClientRequest): ClientConfig {
  const { UserPoolId: _p, ClientId: _c, ClientName: _n, GenerateSecret: _g, ClientSecret: _s, ...rest } = request as CreateUserPoolClientRequest &
    UpdateUserPoolClientRequest;
  const config: Record<string, unknown> = { ...clientDefaults() };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) config[k] = v;
  const out = config as ClientConfig;
  if (out.RefreshTokenValidity === 0) out.RefreshTokenValidity = 30;
  if (Array.isArray(out.ExplicitAuthFlows) && out.ExplicitAuthFlows.length === 0) out.ExplicitAuthFlows = DEFAULT_EXPLICIT_AUTH_FLOWS;
  checkExplicitAuthFlows(out.ExplicitAuthFlows);
  checkRefreshTokenRotation(out, rest.ExplicitAuthFlows);
  checkValidity(out);
  return out;
}

/**
 * RefreshTokenRotation (docs/compatibility.md "Refresh-token rotation"): REFRESH_TOKEN_AUTH cannot be allowed beside it
 * ("Refresh token rotation isn't compatible with the authentication flow REFRESH_TOKEN_AUTH", the developer guide's
 * "Refresh tokens"). A client given no ExplicitAuthFlows gets the defaults without ALLOW_REFRESH_TOKEN_AUTH.
 */
function checkRefreshTokenRotation(config: ClientConfig, givenFlows: ExplicitAuthFlowsType[] | undefined): void {
  if (!refreshTokenRotation({ config }).enabled) return;
  if (!givenFlows?.length) {
    config.ExplicitAuthFlows = DEFAULT_EXPLICIT_AUTH_FLOWS.filter((f) => f !== 'ALLOW_REFRESH_TOKEN_AUTH');
    return;
  }
  if (isAuthFlowAllowed({ config }, 'ALLOW_REFRESH_TOKEN_AUTH')) {
    throw invalidParameter('ALLOW_REFRESH_TOKEN_AUTH cannot be enabled for a client with refresh token rotation.');
  }
}

/** The settings DescribeUserPoolClient reports: the UserPoolClientType members only. */
export function describedClientSettings(client: ClientSettings): UserPoolClientType {
  return modelledMembers('UserPoolClientType', client.config as Record<string, unknown>) as UserPoolClientType;
}

// ---- readers ----

export function explicitAuthFlows(client: ClientSettings): ExplicitAuthFlowsType[] {
  return client.config.ExplicitAuthFlows ?? DEFAULT_EXPLICIT_AUTH_FLOWS;
}

/** The pre-2019 ExplicitAuthFlows values and the ALLOW_ value each one stands for. */
const LEGACY_FLOWS: Partial<Record<ExplicitAuthFlowsType, ExplicitAuthFlowsType>> = {
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
};
/** What a client with legacy values may always do: those values predate the gating of SRP and refresh. */
const LEGACY_ALWAYS: ExplicitAuthFlowsType[] = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const isLegacyFlow = (f: ExplicitAuthFlowsType) => LEGACY_FLOWS[f] !== undefined;

/** Legacy values and ALLOW_ values cannot be given together (CreateUserPoolClient ExplicitAuthFlows reference). */
function checkExplicitAuthFlows(flows: ExplicitAuthFlowsType[] | undefined): void {
  if (!flows?.length) return;
  if (flows.some(isLegacyFlow) && flows.some((f) => f.startsWith('ALLOW_'))) {
    throw invalidParameter('ExplicitAuthFlows cannot mix the legacy values ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY and USER_PASSWORD_AUTH with ALLOW_ values.');
  }
}

/**
 * Whether the client allows a flow, named by its ALLOW_ value (docs/compatibility.md "ExplicitAuthFlows"): no value →
 * SRP, refresh and custom auth; ALLOW_ values → exactly those; legacy values → the ALLOW_ value each stands for, plus
 * SRP and refresh, which legacy clients always had.
 */
export function isAuthFlowAllowed(client: ClientSettings, flow: ExplicitAuthFlowsType): boolean {
  const flows = explicitAuthFlows(client);
  if (flows.includes(flow)) return true;
  const legacy = flows.filter(isLegacyFlow);
  return legacy.length > 0 && (LEGACY_ALWAYS.includes(flow) || legacy.some((f) => LEGACY_FLOWS[f] === flow));
}

export interface TokenValidity {
  /** Seconds. */
  access: number;
  id: number;
  refresh: number;
}

/** Token lifetimes in seconds: 1 hour for access and id tokens, 30 days for refresh tokens unless the client says. */
export function tokenValidity(client: ClientSettings): TokenValidity {
  const c = client.config;
  const units = c.TokenValidityUnits ?? {};
  const secs = (v: number | undefined, unit: string | undefined, defUnit: string, def: number) =>
    v === undefined || v === null || v === 0 ? def : Number(v) * UNIT_SECONDS[unit ?? defUnit]!;
  return {
    access: secs(c.AccessTokenValidity, units.AccessToken, 'hours', 3600),
    id: secs(c.IdTokenValidity, units.IdToken, 'hours', 3600),
    refresh: secs(c.RefreshTokenValidity, units.RefreshToken, 'days', 30 * 86400),
  };
}

/** AuthSessionValidity: how long a challenge Session lives, 3–15 minutes (3 by default). */
export function authSessionMinutes(client: ClientSettings): number {
  const v = Number(client.config.AuthSessionValidity ?? DEFAULT_AUTH_SESSION_MINUTES);
  return Number.isFinite(v) && v >= 3 && v <= 15 ? v : DEFAULT_AUTH_SESSION_MINUTES;
}

/**
 * With PreventUserExistenceErrors=ENABLED a missing user must look exactly like a wrong password
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html); off (Cognito's
 * default for clients created through the API) it is UserNotFoundException.
 */
export function preventsUserExistenceErrors(client: ClientSettings): boolean {
  return client.config.PreventUserExistenceErrors === 'ENABLED';
}

/**
 * Whether InitiateAuth / RespondToAuthChallenge may name the user's address in UserContextData.IpAddress: a client
 * with a secret and EnablePropagateAdditionalUserContextData (the server-side app speaks for its user; threat
 * protection, docs/threat-protection.md "Signals").
 */
export function propagatesUserContextData(client: Pick<ClientRecord, 'config' | 'clientSecret'>): boolean {
  return client.config.EnablePropagateAdditionalUserContextData === true && Boolean(client.clientSecret);
}

/** EnableTokenRevocation: on unless the client turned it off. */
export function isTokenRevocationEnabled(client: ClientSettings): boolean {
  return client.config.EnableTokenRevocation !== false;
}

/** ReadAttributes; undefined or empty = every attribute. */
export function readAttributes(client: ClientSettings): string[] | undefined {
  const allowed = client.config.ReadAttributes;
  return allowed && allowed.length > 0 ? allowed : undefined;
}

/** WriteAttributes; undefined or empty = every attribute. */
export function writeAttributes(client: ClientSettings): string[] | undefined {
  const allowed = client.config.WriteAttributes;
  return allowed && allowed.length > 0 ? allowed : undefined;
}

export interface RefreshRotation {
  enabled: boolean;
  /** How long a rotated-out refresh token still works (RetryGracePeriodSeconds, 0–60; 0 when not given). */
  graceSeconds: number;
}

/** RefreshTokenRotation: off unless Feature is ENABLED. */
export function refreshTokenRotation(client: ClientSettings): RefreshRotation {
  const r = client.config.RefreshTokenRotation;
  const grace = Number(r?.RetryGracePeriodSeconds ?? 0);
  return { enabled: r?.Feature === 'ENABLED', graceSeconds: Number.isFinite(grace) ? Math.min(Math.max(grace, 0), 60) : 0 };
}

// ---- OAuth 2.0 (the pool domain's endpoints, domain/oauth) ----

/** AllowedOAuthFlowsUserPoolClient: whether the client may use the domain's OAuth endpoints at all (default false). */
export function isOAuthClient(client: ClientSettings): boolean {
  return client.config.AllowedOAuthFlowsUserPoolClient === true;
}

/** AllowedOAuthFlows: `code`, `implicit`, `client_credentials` (none by default). */
export function allowedOAuthFlows(client: ClientSettings): readonly string[] {
  return client.config.AllowedOAuthFlows ?? [];
}

/** AllowedOAuthScopes as configured (none by default). */
export function allowedOAuthScopes(client: ClientSettings): readonly string[] {
  return client.config.AllowedOAuthScopes ?? [];
}

/** CallbackURLs: where /oauth2/authorize may send the browser back to (compared exactly). */
export function callbackUrls(client: ClientSettings): readonly string[] {
  return client.config.CallbackURLs ?? [];
}

/** LogoutURLs: where /logout may send the browser (compared exactly). */
export function logoutUrls(client: ClientSettings): readonly string[] {
  return client.config.LogoutURLs ?? [];
}

/** SupportedIdentityProviders: `COGNITO` and the names of the pool's identity providers the client may use. */
export function supportedIdentityProviders(client: ClientSettings): readonly string[] {
  return client.config.SupportedIdentityProviders ?? [];
}
