import type { CreateUserPoolClientRequest, UpdateUserPoolClientRequest, UserPoolClientType } from '@aws-sdk/client-cognito-identity-provider';
import { LOWER_ALNUM, randomString } from '../../platform/random.js';
import type { ClientRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { resourceNotFound } from '../errors.js';
import { clientConfigFrom, describedClientSettings } from './config.js';
import { firstSecret, originalSecretValue } from './secrets.js';

/**
 * App clients: 26-character ids and 52-character secrets of lower-case letters and digits (as Cognito issues),
 * settings kept and read by ./config.ts.
 */
export function createClientRecord(deps: Pick<Deps, 'random' | 'clock' | 'sealer'>, poolId: string, input: CreateUserPoolClientRequest): ClientRecord {
  const now = deps.clock.now();
  const clientId = randomString(deps.random, 26, LOWER_ALNUM);
  let clientSecret: string | undefined;
  if (typeof input.ClientSecret === 'string') clientSecret = firstSecret(deps, clientId, input.ClientSecret, now);
  else if (input.GenerateSecret) clientSecret = firstSecret(deps, clientId, undefined, now);
  return {
    poolId,
    clientId,
    clientName: String(input.ClientName),
    clientSecret,
    createdAt: now,
    updatedAt: now,
    config: clientConfigFrom(input),
  };
}

/** UpdateUserPoolClient: settings not given return to their defaults, as Cognito documents. */
export function applyClientUpdate(client: ClientRecord, input: UpdateUserPoolClientRequest, now: number): ClientRecord {
  return {
    ...client,
    clientName: typeof input.ClientName === 'string' ? input.ClientName : client.clientName,
    updatedAt: now,
    config: clientConfigFrom(input),
  };
}

export function describeClient(deps: Pick<Deps, 'sealer'>, client: ClientRecord): UserPoolClientType {
  return {
    ...describedClientSettings(client),
    UserPoolId: client.poolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...optional('ClientSecret', originalSecretValue(deps.sealer, client)),
    LastModifiedDate: new Date(client.updatedAt),
    CreationDate: new Date(client.createdAt),
  };
}

const optional = (name: string, value: string | undefined) => (value === undefined ? {} : { [name]: value });

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
