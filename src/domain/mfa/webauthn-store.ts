import type { UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';

/**
 * Passkey credentials live in the store's key/value repository, one record per credential, keyed by pool, the
 * user's sub (stable, free of separators, and new for a re-created user) and the credential id.
 */
export const CREDENTIALS = 'webauthn-credential';
export const REGISTRATIONS = 'webauthn-registration';
export const MAX_PASSKEYS = 20;

export interface StoredPasskey {
  credentialId: string;
  /** base64url COSE public key. */
  publicKey: string;
  counter: number;
  transports: string[];
  attachment?: string;
  relyingPartyId: string;
  friendlyName: string;
  createdAt: number;
}

export const credentialPrefix = (user: Pick<UserRecord, 'poolId' | 'sub'>) => `${user.poolId}/${user.sub}/`;

export async function listPasskeys(deps: Pick<Deps, 'store'>, user: UserRecord): Promise<StoredPasskey[]> {
  const rows = await deps.store.kv.list(CREDENTIALS, credentialPrefix(user), MAX_PASSKEYS + 1);
  return rows.map((r) => r.value as unknown as StoredPasskey).sort((a, b) => a.createdAt - b.createdAt || a.credentialId.localeCompare(b.credentialId));
}

export async function countPasskeys(deps: Pick<Deps, 'store'>, user: UserRecord): Promise<number> {
  return (await deps.store.kv.list(CREDENTIALS, credentialPrefix(user), MAX_PASSKEYS + 1)).length;
}
