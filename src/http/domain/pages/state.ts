import { timingSafeEqual } from 'node:crypto';
import type { Deps } from '../../../domain/deps.js';
import { randomString } from '../../../platform/random.js';

/**
 * What the managed-login pages keep in the browser between two requests, all in cookies that scripts cannot read:
 *
 * - `XSRF-TOKEN` (Cognito's name): a random value; every form carries a token derived from it with the server's keyed
 *   hash, compared in constant time. A cross-site form post has neither the cookie's value nor the derived token.
 * - `cognate-login`: the step in progress (the challenge and its Session, the user name typed), sealed with the
 *   server's secret box and bound by its associated data to the pool and the app client; it expires with the
 *   challenge session it carries, which the API's rules make single use.
 * - `cognito` (Cognito's name): the single sign-on session of one hour (sealed, bound to the pool): a later /login of
 *   any app client of the pool completes at once. /logout clears it.
 * - `cognate-device`: the browser's remembered device (domain/hosted/remembered-device.ts) — key, group key and device
 *   password, sealed and bound to the pool and the user's sub. It outlives /logout, as an app's remembered device
 *   outlives its sign-out.
 */
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const FLOW_COOKIE = 'cognate-login';
export const SSO_COOKIE = 'cognito';
export const DEVICE_COOKIE = 'cognate-device';
/** How long the browser keeps its device cookie; the device itself lives until forgotten. */
export const DEVICE_COOKIE_SECONDS = 365 * 24 * 3600;
/** Cognito's managed-login session: "valid for one hour" (developer guide, "Managed login"). */
export const SSO_SECONDS = 3600;
/** The longest a step may wait (a challenge session lives at most 15 minutes, AuthSessionValidity). */
const FLOW_SECONDS = 15 * 60;

export interface CookieOptions {
  /** The path the domain's pages live under ('/' for a host-addressed domain). */
  path: string;
  secure: boolean;
}

export function setCookie(name: string, value: string, opts: CookieOptions, maxAgeSeconds?: number): string {
  const parts = [`${name}=${value}`, `Path=${opts.path}`, 'HttpOnly', 'SameSite=Lax'];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

export const clearCookie = (name: string, opts: CookieOptions): string => setCookie(name, '', opts, 0);

// ---- CSRF ----

const CSRF_VALUE = /^[A-Za-z0-9_-]{32}$/;

/** The browser's CSRF cookie value, or a new one (then `fresh`, to be set). */
export function csrfCookie(deps: Pick<Deps, 'random'>, cookies: Record<string, string>): { value: string; fresh: boolean } {
  const have = cookies[CSRF_COOKIE];
  if (have && CSRF_VALUE.test(have)) return { value: have, fresh: false };
  return { value: randomString(deps.random, 32, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), fresh: true };
}

/** The token a form carries for this cookie value. */
export const csrfToken = (deps: Pick<Deps, 'hashSecret'>, cookieValue: string): string => deps.hashSecret(`managed-login csrf\u0000${cookieValue}`);

/** Whether a posted form's token belongs to the browser's CSRF cookie (constant time). */
export function isCsrfValid(deps: Pick<Deps, 'hashSecret'>, cookies: Record<string, string>, posted: string | null): boolean {
  const have = cookies[CSRF_COOKIE];
  if (!have || !CSRF_VALUE.test(have) || typeof posted !== 'string') return false;
  const expected = Buffer.from(csrfToken(deps, have));
  const given = Buffer.from(posted);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// ---- sealed state ----

function sealJson(deps: Pick<Deps, 'sealer'>, value: object, aad: string): string {
  return deps.sealer.seal(JSON.stringify(value), aad);
}

function openJson<T>(deps: Pick<Deps, 'sealer'>, sealed: string | undefined, aad: string): T | undefined {
  if (!sealed) return undefined;
  try {
    return JSON.parse(deps.sealer.open(sealed, aad)) as T;
  } catch {
    return undefined;
  }
}

/** The step a person is at between two pages. */
export interface FlowState {
  /** The page the step is shown on (a challenge name, or one of the pages' own steps). */
  step: string;
  /** The user name as typed (an alias works too); the API's sessions check it. */
  username: string;
  /** The API's challenge Session. */
  session?: string;
  /** The challenge's parameters the page shows (e.g. where a code went, the factors to choose from). */
  parameters?: Record<string, string>;
  /** The factors offered (SELECT_CHALLENGE). */
  available?: string[];
  /** MFA_SETUP by TOTP: the secret shown (sealed like the rest; the person needs it in clear on the page anyway). */
  secret?: string;
  /** A signed-in person not yet sent back to the app (the passkey offer): the time they signed in, epoch ms. */
  authTime?: number;
  /** Expiry, epoch ms. */
  exp: number;
}

const flowAad = (poolId: string, clientId: string) => `managed-login flow\u0000${poolId}\u0000${clientId}`;

export function sealFlow(deps: Pick<Deps, 'sealer' | 'clock'>, poolId: string, clientId: string, state: Omit<FlowState, 'exp'>): string {
  return sealJson(deps, { ...state, exp: deps.clock.now() + FLOW_SECONDS * 1000 }, flowAad(poolId, clientId));
}

export function openFlow(deps: Pick<Deps, 'sealer' | 'clock'>, poolId: string, clientId: string, sealed: string | undefined): FlowState | undefined {
  const state = openJson<FlowState>(deps, sealed, flowAad(poolId, clientId));
  return state && typeof state.exp === 'number' && state.exp > deps.clock.now() && typeof state.username === 'string' ? state : undefined;
}

/** The single sign-on session. */
export interface SsoState {
  /** The user's sub: a user deleted and created again under the same name is someone else. */
  sub: string;
  username: string;
  /** When they signed in, epoch ms (the tokens' auth_time, in seconds). */
  authTime: number;
  /** Expiry, epoch ms. */
  exp: number;
}

const ssoAad = (poolId: string) => `managed-login sso\u0000${poolId}`;

export function sealSso(deps: Pick<Deps, 'sealer' | 'clock'>, poolId: string, s: Omit<SsoState, 'exp'>): string {
  return sealJson(deps, { ...s, exp: deps.clock.now() + SSO_SECONDS * 1000 }, ssoAad(poolId));
}

export function openSso(deps: Pick<Deps, 'sealer' | 'clock'>, poolId: string, sealed: string | undefined): SsoState | undefined {
  const s = openJson<SsoState>(deps, sealed, ssoAad(poolId));
  return s && typeof s.exp === 'number' && s.exp > deps.clock.now() && typeof s.sub === 'string' ? s : undefined;
}

/** The browser's remembered device, for one user of one pool. */
export interface DeviceCookieState {
  sub: string;
  deviceKey: string;
  groupKey: string;
  password: string;
}

const deviceAad = (poolId: string) => `managed-login device\u0000${poolId}`;

export function sealDevice(deps: Pick<Deps, 'sealer'>, poolId: string, d: DeviceCookieState): string {
  return sealJson(deps, d, deviceAad(poolId));
}

export function openDevice(deps: Pick<Deps, 'sealer'>, poolId: string, sealed: string | undefined): DeviceCookieState | undefined {
  const d = openJson<DeviceCookieState>(deps, sealed, deviceAad(poolId));
  return d && typeof d.sub === 'string' && typeof d.deviceKey === 'string' && typeof d.groupKey === 'string' && typeof d.password === 'string' ? d : undefined;
}
