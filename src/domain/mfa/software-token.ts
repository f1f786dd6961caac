import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError } from '../errors.js';
import { LOCKOUT, reserveAttempt, type AttemptKind } from '../users/attempts.js';
import { ATTEMPT_LIMIT } from '../users/codes.js';
import { updateUser } from '../users/users.js';
import { isPoolTotpEnabled } from '../pools/config.js';
import { softwareToken, totpAad, type SealedTotpSecret } from './state.js';
import { generateTotpSecret, verifyTotp } from './totp.js';

/**
 * TOTP software tokens (docs/compatibility.md, MFA: TOTP): a 32-byte base32 secret sealed at rest, RFC 6238 with one step
 * either side, and every accepted time step claimed in the store so that a code works once per user
 * (RFC 6238 §5.2; store.totp.claimStep decides between concurrent requests).
 */
export const TOTP_NOT_ENABLED_BY_POOL = 'Software Token MFA has not been enabled by the userPool';
export const NO_SOFTWARE_TOKEN = 'Software Token MFA does not exist for the user.';
export const ENABLE_MISMATCH = 'Code mismatch and fail enable Software Token MFA';
export const TOTP_REPLAYED = 'Your software token has already been used once.';

export const totpNotEnabledByPool = () => new CognitoError('SoftwareTokenMFANotFoundException', TOTP_NOT_ENABLED_BY_POOL);
export const noSoftwareToken = () => new CognitoError('SoftwareTokenMFANotFoundException', NO_SOFTWARE_TOKEN);

/**
 * AssociateSoftwareToken: a new pending secret. A verified token stays in force until the new one is verified
 * (the post-2022 documented behaviour, docs/compatibility.md, MFA: TOTP).
 */
export async function associateSoftwareToken(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<{ secret: string; user: UserRecord }> {
  if (!isPoolTotpEnabled(pool)) throw totpNotEnabledByPool();
  const secret = generateTotpSecret(deps.random);
  const pending: SealedTotpSecret = { sealed: deps.sealer.seal(secret, totpAad(user)), createdAt: deps.clock.now() };
  const updated = await updateUser(deps, pool, user, (u) => {
    u.data = { ...u.data, softwareToken: { ...softwareToken(u), pending } };
    return u;
  });
  return { secret, user: updated };
}

export type TotpCheck = 'ok' | 'mismatch' | 'replayed';

/**
 * Checks a code against a sealed secret and, when it matches, claims its time step for the user; on 'ok' the
 * attempts of `release` (the kind the caller reserved) are forgotten in the same store call.
 */
export async function checkTotpCode(deps: Deps, user: UserRecord, sealed: SealedTotpSecret, code: string, release: AttemptKind): Promise<TotpCheck> {
  const secret = deps.sealer.open(sealed.sealed, totpAad(user));
  const step = verifyTotp(secret, code, deps.clock.now());
  if (step === null) return 'mismatch';
  return (await deps.store.totp.claimStep(user.poolId, user.usernameKey, step, release)) ? 'ok' : 'replayed';
}

/**
 * VerifySoftwareToken: the pending secret (or, with none pending, the verified one again) must produce the code.
 * Success makes it the user's verified token; it does not by itself switch TOTP MFA on (docs/compatibility.md, MFA: TOTP).
 */
export async function verifySoftwareToken(
  deps: Deps,
  pool: PoolRecord,
  user: UserRecord,
  code: string,
  friendlyDeviceName: string | undefined,
): Promise<UserRecord> {
  if (!isPoolTotpEnabled(pool)) throw totpNotEnabledByPool();
  const state = softwareToken(user);
  const candidate = state.pending ?? state.verified;
  if (!candidate) throw noSoftwareToken();
  // Each code takes its slot before it is checked (users/attempts.ts): the sign-in lockout's policy. VerifySoftwareToken
  // models no LimitExceededException; TooManyRequestsException is its error for "too many requests for a given
  // operation" (docs/compatibility.md "Attempt limits").
  if (!(await reserveAttempt(deps, pool, user.usernameKey, 'totp-setup', LOCKOUT))) throw new CognitoError('TooManyRequestsException', ATTEMPT_LIMIT);
  // A correct code forgets the failures (released with the claim of its step).
  const result = await checkTotpCode(deps, user, candidate, code, 'totp-setup');
  // A code already used (replayed) is refused like a wrong one: VerifySoftwareToken models no ExpiredCodeException.
  if (result !== 'ok') throw new CognitoError('EnableSoftwareTokenMFAException', ENABLE_MISMATCH);
  const now = deps.clock.now();
  return updateUser(deps, pool, user, (u) => {
    const current = softwareToken(u);
    const still = current.pending?.sealed === candidate.sealed || (!current.pending && current.verified?.sealed === candidate.sealed);
    // Re-associated while this request ran: the code was for a secret that is no longer the one being set up.
    if (!still) throw new CognitoError('EnableSoftwareTokenMFAException', ENABLE_MISMATCH);
    const name = friendlyDeviceName ?? (current.verified?.sealed === candidate.sealed ? current.verified.friendlyDeviceName : undefined);
    u.data = {
      ...u.data,
      softwareToken: { verified: { sealed: candidate.sealed, createdAt: candidate.createdAt, verifiedAt: now, ...(name ? { friendlyDeviceName: name } : {}) } },
    };
    return u;
  });
}
