import type { ClientRecord, GroupRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { lambdaConfig } from '../pools/config.js';
import { eventUserAttributes } from './lifecycle.js';
import { invalidLambdaResponse, isObject, runTrigger, type TriggerResponse } from './triggers.js';

/**
 * Pre token generation, V1 (id-token claims, groups) and V2 (also access-token claims and scopes): the function sees
 * the user, its groups and (V2) the scopes, and answers what to add, override and suppress. Claims that carry the
 * token's identity and validity cannot be changed: Cognito refuses to, and cognate leaves them as they are.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
export type TokenGenerationSource =
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_AuthenticateDevice'
  /** Sign-in through the pool domain's managed login (domain/oauth). */
  | 'TokenGeneration_HostedAuth';

/** A client_credentials access token about to be signed (domain/oauth/token.ts). */
export interface ClientCredentialsTokenInput {
  pool: PoolRecord;
  client: ClientRecord;
  scopes: string[];
  clientMetadata?: Record<string, string> | undefined;
}

/**
 * PreTokenGeneration for machine-to-machine access tokens: only a V3_0 trigger is invoked for them ("Version three
 * event responses apply to access tokens from user authentication and machine authentication", the developer guide's
 * "Pre token generation Lambda trigger"), with triggerSource TokenGeneration_ClientCredentials, no user attributes and
 * no group configuration. Its accessTokenGeneration is applied as for V2 (claims and scopes); the event's userName is
 * the client id (*guess*: there is no user).
 */
export async function preTokenGenerationClientCredentials(deps: Deps, input: ClientCredentialsTokenInput, access: Record<string, unknown>): Promise<void> {
  if (lambdaConfig(input.pool).PreTokenGenerationConfig?.LambdaVersion !== 'V3_0') return;
  const response = await runTrigger(deps, input.pool, 'PreTokenGeneration', 'TokenGeneration_ClientCredentials', {
    version: '3',
    userName: input.client.clientId,
    clientId: input.client.clientId,
    request: {
      userAttributes: {},
      groupConfiguration: null,
      scopes: input.scopes,
      ...(input.clientMetadata ? { clientMetadata: input.clientMetadata } : {}),
    },
    response: { claimsAndScopeOverrideDetails: null },
  });
  if (response) applyV2(response, { access, id: {} }, input.scopes);
}

export interface TokenClaims {
  access: Record<string, unknown>;
  id: Record<string, unknown>;
}

/** Claims no trigger may change (the developer guide's list for both versions). */
const PROTECTED = new Set([
  'acr', 'amr', 'at_hash', 'auth_time', 'azp', 'c_hash', 'exp', 'iat', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'sub',
  'token_use', 'aud', 'client_id', 'cognito:username', 'username', 'event_id', 'device_key', 'scope',
  'cognito:groups', 'cognito:roles', 'cognito:preferred_role',
]);

export interface PreTokenInput {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  groups: GroupRecord[];
  source: TokenGenerationSource;
  clientMetadata?: Record<string, string> | undefined;
}

/** Applies the trigger's answer to the claims about to be signed (changes them in place). */
export async function preTokenGeneration(deps: Deps, input: PreTokenInput, claims: TokenClaims): Promise<void> {
  const version = lambdaConfig(input.pool).PreTokenGenerationConfig?.LambdaVersion ?? 'V1_0';
  const v2 = version !== 'V1_0';
  const scopes = String(claims.access.scope ?? '').split(' ').filter((s) => s !== '');
  const roles = (claims.id['cognito:roles'] as string[] | undefined) ?? [];
  const response = await runTrigger(deps, input.pool, 'PreTokenGeneration', input.source, {
    version: v2 ? '2' : '1',
    userName: input.user.username,
    clientId: input.client.clientId,
    request: {
      userAttributes: eventUserAttributes(input.user),
      groupConfiguration: {
        groupsToOverride: input.groups.map((g) => g.groupName),
        iamRolesToOverride: roles,
        preferredRole: (claims.id['cognito:preferred_role'] as string | undefined) ?? null,
      },
      ...(v2 ? { scopes } : {}),
      ...(input.clientMetadata ? { clientMetadata: input.clientMetadata } : {}),
    },
  });
  if (!response) return;
  if (v2) applyV2(response, claims, scopes);
  else applyV1(response, claims);
}

function applyV1(response: TriggerResponse, claims: TokenClaims): void {
  const details = member(response, 'claimsOverrideDetails');
  if (!details) return;
  applyClaims(details, claims.id, (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  applyGroups(details, claims);
}

function applyV2(response: TriggerResponse, claims: TokenClaims, scopes: string[]): void {
  const details = member(response, 'claimsAndScopeOverrideDetails');
  if (!details) return;
  const anyJson = () => true;
  const idGeneration = member(details, 'idTokenGeneration');
  if (idGeneration) applyClaims(idGeneration, claims.id, anyJson);
  const accessGeneration = member(details, 'accessTokenGeneration');
  if (accessGeneration) {
    applyClaims(accessGeneration, claims.access, anyJson);
    const add = stringList(accessGeneration, 'scopesToAdd') ?? [];
    const suppress = new Set(stringList(accessGeneration, 'scopesToSuppress') ?? []);
    const next = [...new Set([...scopes, ...add])].filter((s) => !suppress.has(s));
    claims.access.scope = next.join(' ');
  }
  applyGroups(details, claims);
}

function applyClaims(details: Record<string, unknown>, target: Record<string, unknown>, valueOk: (v: unknown) => boolean): void {
  const add = member(details, 'claimsToAddOrOverride');
  for (const [name, value] of Object.entries(add ?? {})) {
    if (!valueOk(value)) throw invalidLambdaResponse();
    if (!PROTECTED.has(name)) target[name] = value;
  }
  for (const name of stringList(details, 'claimsToSuppress') ?? []) if (!PROTECTED.has(name)) delete target[name];
}

/** groupOverrideDetails: the groups in both tokens, the roles and preferred role in the id token. */
function applyGroups(details: Record<string, unknown>, claims: TokenClaims): void {
  const groups = member(details, 'groupOverrideDetails');
  if (!groups) return;
  const names = stringList(groups, 'groupsToOverride');
  if (names) {
    for (const t of [claims.access, claims.id]) {
      if (names.length) t['cognito:groups'] = names;
      else delete t['cognito:groups'];
    }
  }
  const roles = stringList(groups, 'iamRolesToOverride');
  if (roles) {
    if (roles.length) claims.id['cognito:roles'] = roles;
    else delete claims.id['cognito:roles'];
  }
  const preferred = groups.preferredRole;
  if (typeof preferred === 'string') claims.id['cognito:preferred_role'] = preferred;
  else if (preferred === null) delete claims.id['cognito:preferred_role'];
  else if (preferred !== undefined) throw invalidLambdaResponse();
}

function member(o: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw invalidLambdaResponse();
  return v;
}

function stringList(o: Record<string, unknown>, name: string): string[] | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw invalidLambdaResponse();
  return v;
}
