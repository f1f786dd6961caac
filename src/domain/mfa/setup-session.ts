import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { advanceSession, createSession, loadSession, SESSION_INVALID } from '../auth/sessions.js';
import type { Deps } from '../deps.js';
import { invalidParameter, notAuthorized, userDoesNotExist } from '../errors.js';

/**
 * The MFA_SETUP path of AssociateSoftwareToken / VerifySoftwareToken (docs/compatibility.md, MFA: TOTP): instead of an access token,
 * the caller holds the Session of an MFA_SETUP challenge. Each call uses that session up and answers with a new one
 * for the same challenge, carrying what happened (a verified token) to the final RespondToAuthChallenge MFA_SETUP.
 */
export interface SetupSession {
  record: ChallengeSessionRecord;
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
}

export const BOTH_CREDENTIALS = 'Only one of AccessToken or Session may be provided.';
export const NO_CREDENTIALS = 'Either AccessToken or Session must be provided.';

/** Which of AccessToken / Session the request names (exactly one). */
export function credentialOf(input: { AccessToken?: string; Session?: string }): { accessToken: string } | { session: string } {
  const { AccessToken: token, Session: session } = input;
  if (token && session) throw invalidParameter(BOTH_CREDENTIALS);
  if (token) return { accessToken: token };
  if (session) return { session };
  throw invalidParameter(NO_CREDENTIALS);
}

export async function loadSetupSession(deps: Deps, session: string): Promise<SetupSession> {
  const found = await deps.store.sessions.get(deps.hashSecret(session));
  if (!found) throw notAuthorized(SESSION_INVALID);
  const [pool, client] = await Promise.all([deps.store.pools.get(found.poolId), deps.store.clients.get(found.poolId, found.clientId)]);
  if (!pool || !client) throw notAuthorized(SESSION_INVALID);
  // The shared checks: unused, unexpired, and an MFA_SETUP session.
  const record = await loadSession(deps, pool, { session, client, challengeName: 'MFA_SETUP' });
  const user = await deps.store.users.get(pool.id, record.usernameKey);
  if (!user) throw userDoesNotExist();
  return { record, pool, client, user };
}

/** Uses the session up and returns its successor, with `data` merged into what the session carried. */
export async function continueSetup(deps: Deps, s: SetupSession, data: Record<string, unknown>): Promise<string> {
  await advanceSession(deps, s.record);
  return createSession(deps, { pool: s.pool, client: s.client, user: s.user, challenge: 'MFA_SETUP', data: { ...s.record.data, ...data } });
}
