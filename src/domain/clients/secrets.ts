import { createHash } from 'node:crypto';
import { LOWER_ALNUM, randomString } from '../../platform/random.js';
import type { ClientRecord } from '../../store/types.js';
import type { Deps, Sealer } from '../deps.js';
import { invalidParameter, limitExceeded, resourceNotFound } from '../errors.js';

/**
 * An app client's secrets. Cognito lets a confidential client hold up to two secrets at once, each valid for
 * SECRET_HASH and client authentication until deleted, so that a secret can be rotated without downtime
 * (AddUserPoolClientSecret: "Supports up to 2 active secrets per app client"; DeleteUserPoolClientSecret: "You
 * cannot delete the last remaining secret for an app client"). The secret made by CreateUserPoolClient is the
 * first one; DescribeUserPoolClient shows it as `ClientSecret` while it exists.
 *
 * Storage: the client row's `clientSecret` is domain-owned text, opaque to the store: a JSON list of
 * `{ id, sealed, createdAt, original? }`, each value sealed with the server's secret box and bound (associated data)
 * to the client and secret id, so a value copied into another row does not open. A row written before secrets
 * were sealed holds the bare secret; it reads as one original secret with an id derived from the client id.
 * Opened lists are memoized per client and stored text (pools and clients are cached the same way), so checking a
 * SECRET_HASH costs a map lookup more than before, not a decryption.
 */
export const MAX_CLIENT_SECRETS = 2;

export interface ClientSecret {
  id: string;
  value: string;
  createdAt: number;
  /** The secret CreateUserPoolClient made, which DescribeUserPoolClient shows as ClientSecret. */
  original: boolean;
}

interface StoredSecret {
  id: string;
  sealed: string;
  createdAt: number;
  original?: true;
}

const aad = (clientId: string, secretId: string) => `client-secret:${clientId}:${secretId}`;

const MEMO_MAX = 1024;
const memo = new Map<string, readonly ClientSecret[]>();

/** The client's secrets, oldest first; empty for a public client. */
export function clientSecrets(sealer: Sealer, client: ClientRecord): readonly ClientSecret[] {
  const text = client.clientSecret;
  if (!text) return [];
  const key = `${client.clientId}\0${text}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const secrets = Object.freeze(decode(sealer, client, text));
  if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
  memo.set(key, secrets);
  return secrets;
}

function decode(sealer: Sealer, client: ClientRecord, text: string): ClientSecret[] {
  if (!text.startsWith('[')) {
    // A secret stored before secrets were sealed: the secret pattern ([\w+]+) never starts with '['.
    return [{ id: legacySecretId(client.clientId), value: text, createdAt: client.createdAt, original: true }];
  }
  return (JSON.parse(text) as StoredSecret[]).map((s) => ({
    id: s.id,
    value: sealer.open(s.sealed, aad(client.clientId, s.id)),
    createdAt: s.createdAt,
    original: s.original === true,
  }));
}

function legacySecretId(clientId: string): string {
  return createHash('sha256').update(`client-secret:${clientId}`).digest('hex').slice(0, 26);
}

function encode(sealer: Sealer, clientId: string, secrets: readonly ClientSecret[]): string | undefined {
  if (secrets.length === 0) return undefined;
  const stored: StoredSecret[] = secrets.map((s) => ({
    id: s.id,
    sealed: sealer.seal(s.value, aad(clientId, s.id)),
    createdAt: s.createdAt,
    ...(s.original ? { original: true as const } : {}),
  }));
  return JSON.stringify(stored);
}

function newSecret(deps: Pick<Deps, 'random'>, value: string | undefined, createdAt: number, original: boolean): ClientSecret {
  return {
    id: randomString(deps.random, 26, LOWER_ALNUM),
    value: value ?? randomString(deps.random, 52, LOWER_ALNUM),
    createdAt,
    original,
  };
}

/** The stored form of the first secret of a new client (given, or generated as CreateUserPoolClient's GenerateSecret asks). */
export function firstSecret(deps: Pick<Deps, 'random' | 'sealer'>, clientId: string, value: string | undefined, now: number): string | undefined {
  return encode(deps.sealer, clientId, [newSecret(deps, value, now, true)]);
}

/** The value DescribeUserPoolClient shows as ClientSecret: the original secret, while it exists. */
export function originalSecretValue(sealer: Sealer, client: ClientRecord): string | undefined {
  return clientSecrets(sealer, client).find((s) => s.original)?.value;
}

/** AddUserPoolClientSecret: a confidential client gains a secret, given or generated, up to two. */
export function addClientSecret(
  deps: Pick<Deps, 'random' | 'sealer' | 'clock'>,
  client: ClientRecord,
  value: string | undefined,
): { client: ClientRecord; secret: ClientSecret } {
  const secrets = clientSecrets(deps.sealer, client);
  if (secrets.length === 0) throw invalidParameter(`Client ${client.clientId} is not a confidential client: it has no client secret.`);
  if (secrets.length >= MAX_CLIENT_SECRETS) {
    throw limitExceeded(`Client ${client.clientId} already has ${MAX_CLIENT_SECRETS} client secrets, the maximum. Delete one before adding another.`);
  }
  const now = deps.clock.now();
  const secret = newSecret(deps, value, now, false);
  const next = [...secrets, secret];
  return { client: { ...client, clientSecret: encode(deps.sealer, client.clientId, next), updatedAt: now }, secret };
}

/** DeleteUserPoolClientSecret: the secret stops working at once; the last one cannot go. */
export function deleteClientSecret(deps: Pick<Deps, 'sealer' | 'clock'>, client: ClientRecord, secretId: string): ClientRecord {
  const secrets = clientSecrets(deps.sealer, client);
  if (!secrets.some((s) => s.id === secretId)) throw resourceNotFound(`Client secret ${secretId} does not exist.`);
  if (secrets.length === 1) throw invalidParameter('Cannot delete the last remaining client secret of an app client.');
  const next = secrets.filter((s) => s.id !== secretId);
  return { ...client, clientSecret: encode(deps.sealer, client.clientId, next), updatedAt: deps.clock.now() };
}
