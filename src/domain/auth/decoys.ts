import { createHash } from 'node:crypto';
import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { LOCKOUT, reserveAttempt } from '../users/attempts.js';
import { CODE_LIFETIME_MS, limitCodeRequest, maskEmail, maskPhone, type CodePurpose } from '../users/codes.js';
import { usernameKey } from '../users/users.js';
import { bytesToBigInt, checkPasswordAsync, padBytes, SRP_N, userPoolNameForSrp } from './srp.js';

/**
 * Decoys for names nobody has, when the client has PreventUserExistenceErrors (docs/security.md "User enumeration"):
 * an unknown user must cost what a known one costs and answer what a known one could answer. Everything is derived
 * from the requested name with the server's keyed hash, so repeated requests agree with each other and nothing
 * about the decoy can be told apart without the key.
 */

function seed(deps: Pick<Deps, 'hashSecret'>, pool: PoolRecord, name: string, purpose: string): Buffer {
  return Buffer.from(deps.hashSecret(`decoy:${purpose}:${pool.id}:${usernameKey(pool, name)}`), 'base64url');
}

/**
 * A salt and an SRP verifier for the name: 384 bytes expanded from the keyed hash and reduced below N. A verifier is
 * g^x mod N, indistinguishable from a random residue without x, so none is computed: no modPow here, the decoy's
 * modPows are the ones a real user's request makes.
 */
export function decoyVerifier(deps: Pick<Deps, 'hashSecret'>, pool: PoolRecord, name: string): { salt: Buffer; verifier: Buffer } {
  const s = seed(deps, pool, name, 'srp');
  const blocks = Array.from({ length: 12 }, (_, i) => createHash('sha256').update(s).update(String(i)).digest());
  const v = (bytesToBigInt(Buffer.concat(blocks)) % (SRP_N - 3n)) + 2n;
  return { salt: s.subarray(0, 16), verifier: padBytes(v) };
}

/**
 * A plaintext-password attempt for a name nobody has: the same attempt reservation (keyed by the name: a name that
 * is guessed at locks like a real one) and the same modPow as a real check, which always fails.
 */
export async function decoyPasswordCheck(deps: Deps, pool: PoolRecord, name: string, password: string): Promise<'locked' | 'incorrect'> {
  if (!(await reserveAttempt(deps, pool, usernameKey(pool, name), 'password', LOCKOUT))) return 'locked';
  const { salt, verifier } = decoyVerifier(deps, pool, name);
  await checkPasswordAsync(userPoolNameForSrp(pool.id), name, password, salt, verifier, deps.modPow);
  return 'incorrect';
}

const DECOY_EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com', 'proton.me', 'live.com'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Masked CodeDeliveryDetails for a name nobody has: by SMS when the name is a phone number (or the pool recovers by
 * phone only), else by email, to an address or number derived from the name — masked by the functions that mask real
 * destinations, so both always look alike.
 */
export function decoyDelivery(
  deps: Pick<Deps, 'hashSecret'>,
  pool: PoolRecord,
  name: string,
  purpose: string,
  channels: { email: boolean; sms: boolean } = { email: true, sms: true },
): { Destination: string; DeliveryMedium: 'EMAIL' | 'SMS'; AttributeName: 'email' | 'phone_number' } {
  const s = seed(deps, pool, name, purpose);
  const phoneName = /^\+\d{6,15}$/.test(name);
  if (channels.sms && (phoneName || !channels.email)) {
    const phone = phoneName ? name : `+1${Array.from(s.subarray(0, 10), (b) => String(b % 10)).join('')}`;
    return { Destination: maskPhone(phone), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
  }
  const email = name.includes('@') ? name : `${LETTERS[s[0]! % 26]}@${DECOY_EMAIL_DOMAINS[s[1]! % DECOY_EMAIL_DOMAINS.length]}`;
  return { Destination: maskEmail(email), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}

/**
 * A code request for a name nobody has, answered with decoyDelivery's details: the request limit (keyed by the name,
 * so the limit answers alike), then the writes a real request makes in the same order — its code row, then its
 * delivery record (the delivery port's decoy: the same write, never delivered or listed) — and the code row deleted
 * again, so that no code of the decoy stays. The extra delete stands for the known user's row read and decode, which
 * the decoy does not make (the user-enumeration test measures both paths back to back).
 */
export async function decoyCodeRequest(
  deps: Deps,
  pool: PoolRecord,
  name: string,
  purpose: CodePurpose,
  channels?: { email: boolean; sms: boolean },
): Promise<ReturnType<typeof decoyDelivery>> {
  const key = usernameKey(pool, name);
  await limitCodeRequest(deps, pool, key, purpose);
  const details = decoyDelivery(deps, pool, name, purpose, channels);
  const now = deps.clock.now();
  await deps.store.codes.put({
    poolId: pool.id,
    usernameKey: key,
    purpose,
    codeHash: deps.hashSecret(`decoy-code:${deps.random.bytes(16).toString('hex')}`),
    createdAt: now,
    expiresAt: now + CODE_LIFETIME_MS[purpose],
    failures: 0,
  });
  await deps.delivery.decoy({
    poolId: pool.id,
    username: name,
    channel: details.DeliveryMedium,
    destination: details.Destination,
    body: 'decoy',
  });
  await deps.store.codes.delete(pool.id, key, purpose);
  return details;
}
