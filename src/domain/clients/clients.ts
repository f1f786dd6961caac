import { LOWER_ALNUM, randomString } from '../../platform/random.js';
import { loadModel } from '../../protocol/model.js';
import type { ClientRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidParameter, resourceNotFound } from '../errors.js';

/**
 * App clients: 26-character ids and 52-character secrets of lower-case letters and digits (as Cognito issues),
 * token validity and units, the allowed auth flows. Settings are stored as given, with Cognito's defaults.
 */
export const DEFAULT_EXPLICIT_AUTH_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH'];

function clientDefaults(): Record<string, unknown> {
  return {
    RefreshTokenValidity: 30,
    TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
    ExplicitAuthFlows: DEFAULT_EXPLICIT_AUTH_FLOWS,
    AllowedOAuthFlowsUserPoolClient: false,
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  };
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Bounds from the model docs: access/id 5 min – 1 day, refresh 60 min – 10 years. */
function checkValidity(config: Record<string, unknown>): void {
  const units = (config.TokenValidityUnits ?? {}) as Record<string, string>;
  const check = (member: string, unitKey: string, defUnit: string, min: number, max: number, label: string) => {
    const v = config[member];
    if (v === undefined || v === null) return;
    const seconds = Number(v) * UNIT_SECONDS[units[unitKey] ?? defUnit]!;
    if (seconds < min || seconds > max) {
      throw invalidParameter(`${label} must be between ${describeSeconds(min)} and ${describeSeconds(max)}.`);
    }
  };
  check('AccessTokenValidity', 'AccessToken', 'hours', 300, 86400, 'Access token validity');
  check('IdTokenValidity', 'IdToken', 'hours', 300, 86400, 'Id token validity');
  if (config.RefreshTokenValidity !== 0) check('RefreshTokenValidity', 'RefreshToken', 'days', 3600, 315360000, 'Refresh token validity');
}

function describeSeconds(s: number): string {
  if (s % 86400 === 0) return `${s / 86400} day${s === 86400 ? '' : 's'}`;
  if (s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  return `${s / 60} minutes`;
}

export function tokenLifetimes(client: ClientRecord): { access: number; id: number; refresh: number } {
  const c = client.config;
  const units = (c.TokenValidityUnits ?? {}) as Record<string, string>;
  const secs = (v: unknown, unit: string | undefined, defUnit: string, def: number) =>
    v === undefined || v === null || v === 0 ? def : Number(v) * UNIT_SECONDS[unit ?? defUnit]!;
  return {
    access: secs(c.AccessTokenValidity, units.AccessToken, 'hours', 3600),
    id: secs(c.IdTokenValidity, units.IdToken, 'hours', 3600),
    refresh: secs(c.RefreshTokenValidity, units.RefreshToken, 'days', 30 * 86400),
  };
}

function normaliseConfig(input: Record<string, unknown>, base: Record<string, unknown>): Record<string, unknown> {
  const { UserPoolId, ClientId, ClientName, GenerateSecret, ClientSecret, ...rest } = input;
  const config = { ...base };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) config[k] = v;
  if (config.RefreshTokenValidity === 0) config.RefreshTokenValidity = 30;
  if (Array.isArray(config.ExplicitAuthFlows) && config.ExplicitAuthFlows.length === 0) config.ExplicitAuthFlows = DEFAULT_EXPLICIT_AUTH_FLOWS;
  checkValidity(config);
  return config;
}

export function createClientRecord(deps: Pick<Deps, 'random' | 'clock'>, poolId: string, request: object): ClientRecord {
  const input = request as Record<string, unknown>;
  const now = deps.clock.now();
  let clientSecret: string | undefined;
  if (typeof input.ClientSecret === 'string') clientSecret = input.ClientSecret;
  else if (input.GenerateSecret) clientSecret = randomString(deps.random, 52, LOWER_ALNUM);
  return {
    poolId,
    clientId: randomString(deps.random, 26, LOWER_ALNUM),
    clientName: String(input.ClientName),
    clientSecret,
    createdAt: now,
    updatedAt: now,
    config: normaliseConfig(input, clientDefaults()),
  };
}

/** UpdateUserPoolClient: settings not given return to their defaults, as Cognito documents. */
export function applyClientUpdate(client: ClientRecord, request: object, now: number): ClientRecord {
  const input = request as Record<string, unknown>;
  return {
    ...client,
    clientName: typeof input.ClientName === 'string' ? input.ClientName : client.clientName,
    updatedAt: now,
    config: normaliseConfig(input, clientDefaults()),
  };
}

export function describeClient(client: ClientRecord): Record<string, unknown> {
  const members = loadModel().shapes.UserPoolClientType!.members!;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(members)) if (client.config[name] !== undefined) out[name] = client.config[name];
  Object.assign(out, {
    UserPoolId: client.poolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.clientSecret ? { ClientSecret: client.clientSecret } : {}),
    LastModifiedDate: new Date(client.updatedAt),
    CreationDate: new Date(client.createdAt),
  });
  return out;
}

export async function getClient(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<ClientRecord> {
  const client = await deps.store.clients.get(poolId, clientId);
  if (!client) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
  return client;
}

/** For sign-in calls, which name only the client: the client and its pool must both exist. */
export async function findClient(deps: Pick<Deps, 'store'>, clientId: string): Promise<ClientRecord> {
  const client = await deps.store.clients.find(clientId);
  if (!client) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
  return client;
}

/** Does the client allow this flow? Legacy names (ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, …) count as ALLOW_*. */
export function allowsFlow(client: ClientRecord, flow: string): boolean {
  const flows = (client.config.ExplicitAuthFlows as string[] | undefined) ?? DEFAULT_EXPLICIT_AUTH_FLOWS;
  const legacy: Record<string, string> = {
    ALLOW_ADMIN_USER_PASSWORD_AUTH: 'ADMIN_NO_SRP_AUTH',
    ALLOW_USER_PASSWORD_AUTH: 'USER_PASSWORD_AUTH',
    ALLOW_CUSTOM_AUTH: 'CUSTOM_AUTH_FLOW_ONLY',
  };
  return flows.includes(flow) || (legacy[flow] !== undefined && flows.includes(legacy[flow]!));
}
