import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { authSessionMinutes } from '../clients/config.js';
import type { Deps } from '../deps.js';
import { notAuthorized } from '../errors.js';
import { findUser, usernameKey } from '../users/users.js';

/**
 * Challenge sessions: the `Session` string that carries a sign-in from one challenge to the next.
 *
 * - The string is 256 bits from deps.random, base64url, behind Cognito's `AYAB` prefix (real sessions are AWS
 *   Encryption SDK messages that start that way: https://github.com/aws-amplify/amplify-js/issues/12887; ours only look alike, nothing is decodable). Clients treat
 *   it as opaque; the model allows 20–2048 characters.
 * - Only `deps.hashSecret(session)` is stored, with the pool, client, user and the one challenge it may answer.
 * - It expires after the client's AuthSessionValidity minutes (3–15, default 3; docs/compatibility.md, MFA: the sign-in decision; https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html AuthSessionValidity).
 * - Checking (`loadSession`) and advancing (`advanceSession`) are separate: a wrong MFA code leaves the session usable
 *   (docs/compatibility.md, MFA: the sign-in decision; the MFA module counts it with `store.sessions.recordFailure`), a correct answer consumes it with the
 *   store's guarded update, so of N concurrent correct answers exactly one advances.
 */
export const SESSION_EXPIRED = 'Invalid session for the user, session is expired.';
export const SESSION_USED = 'Invalid session for the user, session can only be used once.';
export const SESSION_INVALID = 'Invalid session for the user.';

const SESSION_PREFIX = 'AYAB';
const SESSION_BYTES = 32;

/** The Session string for 32 raw bytes (also used to carry a session inside SRP's SECRET_BLOCK). */
export function encodeSession(raw: Buffer): string {
  return `${SESSION_PREFIX}${raw.toString('base64url')}`;
}

export function newSessionBytes(deps: Pick<Deps, 'random'>): Buffer {
  return deps.random.bytes(SESSION_BYTES);
}

export interface NewSession {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  /** The challenge this session may answer next (ChallengeName as on the wire). */
  challenge: string;
  data?: Record<string, unknown>;
  /** Raw session bytes chosen by the caller (SRP embeds them in SECRET_BLOCK); fresh ones otherwise. */
  raw?: Buffer;
}

/** Stores a challenge session and returns the Session string to send (the only place it ever exists). */
export async function createSession(deps: Deps, s: NewSession): Promise<string> {
  const session = encodeSession(s.raw ?? newSessionBytes(deps));
  const now = deps.clock.now();
  await deps.store.sessions.create({
    idHash: deps.hashSecret(session),
    poolId: s.pool.id,
    clientId: s.client.clientId,
    usernameKey: s.user.usernameKey,
    challenge: s.challenge,
    data: s.data ?? {},
    createdAt: now,
    expiresAt: now + authSessionMinutes(s.client) * 60_000,
    failures: 0,
  });
  return session;
}

export interface SessionCheck {
  /** The Session string the client sent. */
  session: string | undefined;
  client: ClientRecord;
  /** The ChallengeName the client answers. */
  challengeName: string;
  /** ChallengeResponses.USERNAME, when sent: must name the session's user (user name, alias or sub). */
  username?: string;
}

/**
 * Checks a session for an answer without using it up: it must exist, be unused and unexpired, belong to this client,
 * expect this challenge, and — when the answer names a USERNAME — belong to that user. Throws Cognito's
 * NotAuthorizedException texts (docs/compatibility.md). Returns the record (its `data` is what the previous step stored).
 */
export async function loadSession(deps: Deps, pool: PoolRecord | undefined, check: SessionCheck): Promise<ChallengeSessionRecord> {
  if (!check.session) throw notAuthorized(SESSION_INVALID);
  return checkSession(deps, pool, check, await deps.store.sessions.get(deps.hashSecret(check.session)));
}

/**
 * `loadSession`, and the user the session names as read together with it (one statement; undefined when there is no
 * such user). For the challenge answers, which all need the user next.
 */
export async function loadSessionWithUser(
  deps: Deps,
  pool: PoolRecord | undefined,
  check: SessionCheck,
): Promise<{ record: ChallengeSessionRecord; user: UserRecord | undefined }> {
  if (!check.session) throw notAuthorized(SESSION_INVALID);
  const found = await deps.store.sessions.getWithUser(deps.hashSecret(check.session));
  return { record: await checkSession(deps, pool, check, found?.session), user: found?.user };
}

async function checkSession(deps: Deps, pool: PoolRecord | undefined, check: SessionCheck, record: ChallengeSessionRecord | undefined): Promise<ChallengeSessionRecord> {
  if (!record) throw notAuthorized(SESSION_INVALID);
  if (record.usedAt !== undefined) throw notAuthorized(SESSION_USED);
  if (deps.clock.now() >= record.expiresAt) throw notAuthorized(SESSION_EXPIRED);
  if (record.clientId !== check.client.clientId || record.poolId !== check.client.poolId) throw notAuthorized(SESSION_INVALID);
  if (pool && pool.id !== record.poolId) throw notAuthorized(SESSION_INVALID);
  if (record.challenge !== check.challengeName) throw notAuthorized(SESSION_INVALID);
  if (check.username !== undefined) {
    const sessionPool = pool ?? (await deps.store.pools.get(record.poolId));
    if (!sessionPool || !(await namesSessionUser(deps, sessionPool, record, check.username))) throw notAuthorized(SESSION_INVALID);
  }
  return record;
}

async function namesSessionUser(deps: Deps, pool: PoolRecord, record: ChallengeSessionRecord, username: string): Promise<boolean> {
  if (usernameKey(pool, username) === record.usernameKey) return true;
  const user = await findUser(deps, pool, username);
  return user !== undefined && user.usernameKey === record.usernameKey;
}

/**
 * Uses the session up (after a correct answer). Exactly one of any number of concurrent callers gets through; the
 * others get the "can only be used once" (or, if it expired meanwhile, the "expired") text.
 */
export async function advanceSession(deps: Deps, record: ChallengeSessionRecord): Promise<void> {
  if (await deps.store.sessions.consume(record.idHash, deps.clock.now())) return;
  const fresh = await deps.store.sessions.get(record.idHash);
  if (fresh && fresh.usedAt === undefined) throw notAuthorized(SESSION_EXPIRED);
  throw notAuthorized(SESSION_USED);
}
