import { timingSafeEqual } from 'node:crypto';
import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { usernameAttributes } from '../pools/config.js';
import { invalidParameter, notAuthorized } from '../errors.js';
import { randomUuid } from '../../platform/random.js';
import { srpIdentity, usernameKey, userData } from '../users/users.js';
import { preventsUserExistenceErrors } from '../clients/config.js';
import { LOCKOUT } from '../users/attempts.js';
import { decoyVerifier } from './decoys.js';
import { ATTEMPTS_EXCEEDED, checkMayTry, INCORRECT, passFirstFactor, reserveFirstFactor, unknownUserError, type FirstFactorPass } from './first-factor.js';
import { advanceSession, createSession, encodeSession, newSessionBytes, SESSION_INVALID } from './sessions.js';
import { parseSrpA, startSrpAsync, toSrpHex, userPoolNameForSrp, verifySrpSignatureAsync } from './srp.js';

/**
 * USER_SRP_AUTH → PASSWORD_VERIFIER, the flow amazon-cognito-identity-js and Amplify use by default.
 *
 * The server's secret exponent b is kept sealed (deps.sealer) in the challenge session with A, B and the hash of the
 * SECRET_BLOCK it issued; the answer must present that very SECRET_BLOCK and a TIMESTAMP within ±5 minutes (srp.ts).
 * The session is consumed before the proof is checked: every B gets exactly one verification, right or wrong.
 *
 * SECRET_BLOCK = base64(session bytes ‖ 32 random bytes). Clients such as pycognito/warrant answer PASSWORD_VERIFIER
 * without a Session (the real service keeps the state in SECRET_BLOCK), so the session can be found from the block;
 * the block grants nothing the Session does not.
 */
export const PASSWORD_VERIFIER = 'PASSWORD_VERIFIER';

interface SrpSessionData {
  kind: 'srp';
  A: string;
  B: string;
  bSealed: string;
  secretBlockHash: string;
  userIdForSrp: string;
  /** A decoy exchange for a user that does not exist (PreventUserExistenceErrors): never succeeds. */
  decoy?: true;
  /** DEVICE_KEY of the USER_SRP_AUTH request, for a PASSWORD_VERIFIER answer that names none (sign-in.ts). */
  initiateDeviceKey?: string;
  /** A CUSTOM_AUTH flow's history so far (custom-flow.ts): the answer goes back to the define trigger. */
  customAuthHistory?: unknown[];
}

const SESSION_BYTES = 32;

function sealAad(poolId: string, idHash: string): string {
  return `srp-b:${poolId}:${idHash}`;
}

export interface SrpStart {
  ChallengeName: 'PASSWORD_VERIFIER';
  ChallengeParameters: Record<string, string>;
  Session: string;
}

/**
 * Answers SRP_A. `user` is undefined for a name nobody has: then, with PreventUserExistenceErrors, a decoy challenge
 * whose salt and verifier are derived from the name with the server's keyed hash (stable across attempts, so the salt
 * does not give the decoy away); without it, UserNotFoundException.
 */
export async function startPasswordVerifier(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord | undefined,
  requestedName: string,
  srpA: string,
  opts: { deviceKey?: string; customAuthHistory?: unknown[] } = {},
): Promise<SrpStart> {
  const A = parseSrpA(srpA);
  if (!A) throw invalidParameter('Invalid SRP_A value.');

  let salt: Buffer;
  let verifier: Buffer;
  let subject: UserRecord;
  let decoy = false;
  const password = user ? userData(user).password : undefined;
  if (user && password) {
    checkMayTry(user);
    salt = Buffer.from(password.salt, 'hex');
    verifier = Buffer.from(password.verifier, 'hex');
    subject = user;
  } else {
    if (!user && !preventsUserExistenceErrors(client)) throw unknownUserError(client);
    if (user) checkMayTry(user);
    decoy = true;
    const seed = deps.hashSecret(`srp-decoy:${pool.id}:${usernameKey(pool, requestedName)}`);
    ({ salt, verifier } = decoyVerifier(deps, pool, requestedName));
    const decoyId = user?.username ?? decoyUserId(pool, requestedName, seed);
    subject = user ?? decoyUser(pool, decoyId);
  }

  const { b, B } = await startSrpAsync(verifier, deps.random, deps.modPow);
  const raw = newSessionBytes(deps);
  const secretBlock = Buffer.concat([raw, deps.random.bytes(32)]).toString('base64');
  const idHash = deps.hashSecret(encodeSession(raw));
  const userIdForSrp = srpIdentity(subject);
  const data: SrpSessionData = {
    kind: 'srp',
    A: A.toString('hex'),
    B: B.toString('hex'),
    bSealed: deps.sealer.seal(b.toString('hex'), sealAad(pool.id, idHash)),
    secretBlockHash: deps.hashSecret(secretBlock),
    userIdForSrp,
    ...(decoy ? { decoy: true as const } : {}),
    ...(opts.deviceKey ? { initiateDeviceKey: opts.deviceKey } : {}),
    ...(opts.customAuthHistory ? { customAuthHistory: opts.customAuthHistory } : {}),
  };
  const session = await createSession(deps, { pool, client, user: subject, challenge: PASSWORD_VERIFIER, data: { ...data }, raw });
  return {
    ChallengeName: PASSWORD_VERIFIER,
    ChallengeParameters: {
      SALT: toSrpHex(salt),
      SECRET_BLOCK: secretBlock,
      SRP_B: toSrpHex(B),
      USERNAME: userIdForSrp,
      USER_ID_FOR_SRP: userIdForSrp,
    },
    Session: session,
  };
}

/** With email/phone as user name, USER_ID_FOR_SRP is a UUID; the decoy's is derived from the name, so it is stable. */
function decoyUserId(pool: PoolRecord, name: string, seed: string): string {
  if (usernameAttributes(pool).length === 0) return name;
  const bytes = Buffer.from(seed, 'base64url');
  return randomUuid({ bytes: (n) => bytes.subarray(0, n) });
}

/** A user record that stands for a name nobody has: never stored (decoy exchanges, an unknown user's custom flow). */
export function decoyUser(pool: PoolRecord, username: string): UserRecord {
  return {
    poolId: pool.id,
    username,
    usernameKey: usernameKey(pool, username),
    sub: username,
    status: 'CONFIRMED',
    enabled: true,
    createdAt: 0,
    updatedAt: 0,
    version: 0,
    attributes: {},
    data: {},
  };
}

/** The Session a PASSWORD_VERIFIER answer refers to, when the client sent none: it travels inside SECRET_BLOCK. */
export function sessionFromSecretBlock(secretBlock: string | undefined): string | undefined {
  if (!secretBlock || !/^[A-Za-z0-9+/]+={0,2}$/.test(secretBlock)) return undefined;
  const bytes = Buffer.from(secretBlock, 'base64');
  return bytes.length >= SESSION_BYTES ? encodeSession(bytes.subarray(0, SESSION_BYTES)) : undefined;
}

export interface PasswordVerifierAnswer {
  secretBlock: string;
  timestamp: string;
  signature: string;
}

/**
 * Checks a PASSWORD_VERIFIER answer against its (already loaded) session and returns the signed-in user after the
 * first-factor rules; throws Cognito's errors otherwise. Uses the session up first. `sessionUser` is the user the
 * session names, as read with it (loadSessionWithUser; undefined: none).
 */
export async function answerPasswordVerifier(
  deps: Deps,
  pool: PoolRecord,
  record: ChallengeSessionRecord,
  sessionUser: UserRecord | undefined,
  answer: PasswordVerifierAnswer,
): Promise<FirstFactorPass> {
  const data = record.data as unknown as SrpSessionData;
  if (data.kind !== 'srp') throw notAuthorized(SESSION_INVALID);
  const presented = Buffer.from(deps.hashSecret(answer.secretBlock));
  const issued = Buffer.from(data.secretBlockHash);
  if (presented.length !== issued.length || !timingSafeEqual(presented, issued)) throw notAuthorized(SESSION_INVALID);

  await advanceSession(deps, record);
  if (data.decoy) {
    // A name nobody has, or a user without a password: limited and as costly as a real proof (decoys.ts), never right.
    if (!(await deps.store.attempts.reserve(pool.id, record.usernameKey, 'password', deps.clock.now(), LOCKOUT))) throw notAuthorized(ATTEMPTS_EXCEEDED);
    await verifySrpSignatureAsync({
      identityPrefix: userPoolNameForSrp(pool.id),
      identity: data.userIdForSrp,
      A: Buffer.from(data.A, 'hex'),
      B: Buffer.from(data.B, 'hex'),
      b: Buffer.from(deps.sealer.open(data.bSealed, sealAad(pool.id, record.idHash)), 'hex'),
      verifier: decoyVerifier(deps, pool, record.usernameKey).verifier,
      secretBlock: Buffer.from(answer.secretBlock, 'base64'),
      timestamp: answer.timestamp,
      signature: answer.signature,
      nowMs: deps.clock.now(),
    }, deps.modPow);
    throw notAuthorized(INCORRECT);
  }
  const user = sessionUser;
  if (!user) throw notAuthorized(INCORRECT);
  checkMayTry(user);
  await reserveFirstFactor(deps, pool, user);
  const password = userData(user).password;
  const ok =
    password !== undefined &&
    srpIdentity(user) === data.userIdForSrp &&
    (await verifySrpSignatureAsync(
      {
        identityPrefix: userPoolNameForSrp(pool.id),
        identity: data.userIdForSrp,
        A: Buffer.from(data.A, 'hex'),
        B: Buffer.from(data.B, 'hex'),
        b: Buffer.from(deps.sealer.open(data.bSealed, sealAad(pool.id, record.idHash)), 'hex'),
        verifier: Buffer.from(password.verifier, 'hex'),
        secretBlock: Buffer.from(answer.secretBlock, 'base64'),
        timestamp: answer.timestamp,
        signature: answer.signature,
        nowMs: deps.clock.now(),
      },
      deps.modPow,
    ));
  if (!ok) throw notAuthorized(INCORRECT);
  return passFirstFactor(deps, pool, user);
}
