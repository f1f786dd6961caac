import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, limitExceeded, notAuthorized, resourceNotFound } from '../errors.js';
import { decodePageToken, page } from '../pagination.js';
import { updateUser } from '../users/users.js';
import { userPoolTier, webAuthnConfig } from '../pools/config.js';
import { mfaState } from './state.js';
import { credentialPrefix, CREDENTIALS, listPasskeys, MAX_PASSKEYS, REGISTRATIONS, type StoredPasskey } from './webauthn-store.js';

/**
 * Passkeys (WebAuthn Level 2) far enough for passkey MFA: registration ceremonies verified with
 * @simplewebauthn/server, credentials listed and deleted. The relying party is the pool's
 * WebAuthnConfiguration.RelyingPartyId; an origin is allowed when its host is that id or a subdomain of it, over
 * https (or http for a loopback or localhost relying party, for local development).
 */
const REGISTRATION_TTL_MS = 5 * 60_000;
const ALGORITHMS = [-7, -257]; // ES256, RS256: what platform authenticators and security keys offer
const FRIENDLY_NAME = 'Passkey';

export const NOT_ENABLED = 'Passkeys are not available for user pools on the LITE feature plan.';
export const NO_RELYING_PARTY = 'The user pool has no WebAuthnConfiguration.RelyingPartyId.';

function relyingParty(
  pool: PoolRecord,
  missing = () => new CognitoError('WebAuthnConfigurationMissingException', NO_RELYING_PARTY),
): { id: string; userVerification: 'required' | 'preferred' } {
  if (userPoolTier(pool) === 'LITE') throw new CognitoError('WebAuthnNotEnabledException', NOT_ENABLED);
  const cfg = webAuthnConfig(pool);
  if (!cfg.RelyingPartyId) throw missing();
  return { id: cfg.RelyingPartyId, userVerification: cfg.UserVerification };
}

const registrationKey = (user: UserRecord) => `${user.poolId}/${user.sub}`;

export async function startRegistration(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<Record<string, unknown>> {
  const rp = relyingParty(pool);
  const existing = await listPasskeys(deps, user);
  if (existing.length >= MAX_PASSKEYS) throw limitExceeded(`A user can register at most ${MAX_PASSKEYS} passkeys.`);
  const options = await generateRegistrationOptions({
    rpName: pool.name,
    rpID: rp.id,
    userName: user.attributes.email ?? user.username,
    userDisplayName: user.attributes.name ?? user.username,
    userID: new Uint8Array(Buffer.from(user.sub)),
    challenge: new Uint8Array(deps.random.bytes(32)),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: rp.userVerification },
    extensions: { credProps: true },
    supportedAlgorithmIDs: ALGORITHMS,
  });
  await deps.store.kv.put(REGISTRATIONS, registrationKey(user), { challenge: options.challenge, rpId: rp.id }, deps.clock.now() + REGISTRATION_TTL_MS);
  return options as unknown as Record<string, unknown>;
}

function originAllowed(origin: string, rpId: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.hostname;
  if (host !== rpId && !host.endsWith(`.${rpId}`)) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (rpId === 'localhost' || rpId === '127.0.0.1' || rpId === '[::1]');
}

function parseClientData(credential: RegistrationResponseJSON | AuthenticationResponseJSON): { type?: string; origin?: string } {
  try {
    return JSON.parse(Buffer.from(credential.response.clientDataJSON, 'base64url').toString('utf8')) as { type?: string; origin?: string };
  } catch {
    throw invalidParameter('Invalid WebAuthn credential: clientDataJSON is not readable.');
  }
}

export async function completeRegistration(deps: Deps, pool: PoolRecord, user: UserRecord, credential: RegistrationResponseJSON): Promise<void> {
  // CompleteWebAuthnRegistration models no WebAuthnConfigurationMissingException: without a relying party no
  // registration can have been started (StartWebAuthnRegistration refuses), so there is no challenge to answer.
  const rp = relyingParty(pool, () => new CognitoError('WebAuthnChallengeNotFoundException', `No registration challenge can be pending: ${NO_RELYING_PARTY}`));
  if (!credential || typeof credential !== 'object' || !credential.response?.clientDataJSON || !credential.response?.attestationObject) {
    throw invalidParameter('Invalid WebAuthn credential.');
  }
  // Single use: the challenge is taken before anything is checked, so a response can be presented only once.
  const pending = await deps.store.kv.take(REGISTRATIONS, registrationKey(user), deps.clock.now());
  if (!pending) throw new CognitoError('WebAuthnChallengeNotFoundException', 'No registration challenge is pending for the user, or it expired.');
  const clientData = parseClientData(credential);
  if (clientData.type !== 'webauthn.create') throw new CognitoError('WebAuthnClientMismatchException', 'The credential was not created by a registration ceremony.');
  if (!clientData.origin || !originAllowed(clientData.origin, rp.id)) {
    throw new CognitoError('WebAuthnOriginNotAllowedException', `The origin ${String(clientData.origin)} is not allowed for relying party ${rp.id}.`);
  }
  if (pending.rpId !== rp.id) throw new CognitoError('WebAuthnRelyingPartyMismatchException', 'The relying party changed during the registration.');
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: credential,
      expectedChallenge: String(pending.challenge),
      expectedOrigin: clientData.origin,
      expectedRPID: rp.id,
      requireUserVerification: rp.userVerification === 'required',
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (/RP ID/i.test(why)) throw new CognitoError('WebAuthnRelyingPartyMismatchException', 'The credential was created for another relying party.');
    if (/challenge/i.test(why)) throw new CognitoError('WebAuthnChallengeNotFoundException', 'The credential answers another registration challenge.');
    if (/alg|Attestation Format/i.test(why)) throw new CognitoError('WebAuthnCredentialNotSupportedException', 'The credential type is not supported.');
    throw invalidParameter(`Invalid WebAuthn credential: ${why}`);
  }
  if (!verified.verified) throw invalidParameter('Invalid WebAuthn credential.');
  const info = verified.registrationInfo;
  const stored: StoredPasskey = {
    credentialId: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: credential.response.transports ?? [],
    ...(credential.authenticatorAttachment ? { attachment: credential.authenticatorAttachment } : {}),
    relyingPartyId: rp.id,
    friendlyName: FRIENDLY_NAME,
    createdAt: deps.clock.now(),
  };
  const key = credentialPrefix(user) + stored.credentialId;
  if (await deps.store.kv.get(CREDENTIALS, key, deps.clock.now())) throw invalidParameter('This passkey is already registered.');
  if ((await listPasskeys(deps, user)).length >= MAX_PASSKEYS) throw limitExceeded(`A user can register at most ${MAX_PASSKEYS} passkeys.`);
  await deps.store.kv.put(CREDENTIALS, key, stored as unknown as Record<string, unknown>);
}

export async function listCredentials(deps: Deps, user: UserRecord, maxResults: number | undefined, nextToken: string | undefined) {
  const limit = maxResults === undefined || maxResults === 0 ? MAX_PASSKEYS : maxResults;
  const after = decodePageToken('webauthn', nextToken);
  const all = (await listPasskeys(deps, user)).filter((c) => after === undefined || c.credentialId > after)
    // Code-unit order, the same order as the `>` of the page filter (localeCompare would disagree on '-', '_' and case).
    .sort((a, b) => (a.credentialId < b.credentialId ? -1 : a.credentialId > b.credentialId ? 1 : 0));
  const { items, next } = page(all, limit, (c) => c.credentialId, 'webauthn');
  return {
    Credentials: items.map((c) => ({
      CredentialId: c.credentialId,
      FriendlyCredentialName: c.friendlyName,
      RelyingPartyId: c.relyingPartyId,
      ...(c.attachment ? { AuthenticatorAttachment: c.attachment } : {}),
      AuthenticatorTransports: c.transports,
      CreatedAt: new Date(c.createdAt),
    })),
    ...(next ? { NextToken: next } : {}),
  };
}

/** Deleting the last passkey also switches passkey MFA off: there is nothing left to sign in with. */
export async function deleteCredential(deps: Deps, pool: PoolRecord, user: UserRecord, credentialId: string): Promise<void> {
  if (!(await deps.store.kv.delete(CREDENTIALS, credentialPrefix(user) + credentialId))) {
    throw resourceNotFound('Credential does not exist.');
  }
  if ((await listPasskeys(deps, user)).length === 0 && mfaState(user)?.webAuthn) {
    await updateUser(deps, pool, user, (u) => {
      const state = mfaState(u);
      if (!state?.webAuthn) return undefined;
      const { webAuthn: _off, ...rest } = state;
      u.data = { ...u.data, mfa: rest };
      return u;
    });
  }
}

// ---- passkey sign-in (USER_AUTH WEB_AUTHN, docs/compatibility.md "Choice-based sign-in") ----

/** What a WEB_AUTHN challenge session keeps: the challenge sent and the relying party it was sent for. */
export interface AssertionExpectation {
  challenge: string;
  rpId: string;
}

export const ASSERTION_FAILED = 'Invalid passkey credential.';

/** Whether the pool can offer passkey sign-in at all: a feature plan above LITE and a relying party. */
export function isPasskeySignInConfigured(pool: PoolRecord): boolean {
  return userPoolTier(pool) !== 'LITE' && webAuthnConfig(pool).RelyingPartyId !== undefined;
}

/**
 * CREDENTIAL_REQUEST_OPTIONS for a sign-in: a fresh 32-byte challenge, the pool's relying party and the user's
 * passkeys (https://www.w3.org/TR/webauthn-2/#dictdef-publickeycredentialrequestoptions, JSON form).
 */
export async function startAssertion(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<{ options: Record<string, unknown>; expected: AssertionExpectation }> {
  const rp = relyingParty(pool, () => new CognitoError('InvalidUserPoolConfigurationException', NO_RELYING_PARTY));
  const passkeys = await listPasskeys(deps, user);
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    challenge: new Uint8Array(deps.random.bytes(32)),
    allowCredentials: passkeys.map((c) => ({ id: c.credentialId, transports: c.transports as AuthenticatorTransport[] })),
    userVerification: rp.userVerification,
    timeout: 180_000,
  });
  return { options: options as unknown as Record<string, unknown>, expected: { challenge: options.challenge, rpId: rp.id } };
}

/**
 * Verifies a WebAuthn assertion (the CREDENTIAL answer, AuthenticationResponseJSON as a string) against the challenge
 * the session sent: one of the user's passkeys, its signature, the challenge, an allowed origin, the relying party,
 * user verification when the pool requires it, and a signature counter that moves forward (a cloned authenticator
 * would repeat one). Every failure is `NotAuthorizedException` (RespondToAuthChallenge models no WebAuthn errors);
 * the stored counter is updated on success. Returns whether the authenticator verified the user.
 */
export async function verifyAssertion(deps: Deps, pool: PoolRecord, user: UserRecord, expected: AssertionExpectation, credentialJson: string): Promise<{ userVerified: boolean }> {
  const rp = relyingParty(pool, () => new CognitoError('InvalidUserPoolConfigurationException', NO_RELYING_PARTY));
  if (rp.id !== expected.rpId) throw notAuthorized(ASSERTION_FAILED);
  let response: AuthenticationResponseJSON;
  try {
    response = JSON.parse(credentialJson) as AuthenticationResponseJSON;
  } catch {
    throw invalidParameter('CREDENTIAL is not a JSON WebAuthn credential.');
  }
  if (!response || typeof response !== 'object' || typeof response.id !== 'string' || !response.response?.clientDataJSON) {
    throw invalidParameter('CREDENTIAL is not a JSON WebAuthn credential.');
  }
  const key = credentialPrefix(user) + response.id;
  const stored = (await deps.store.kv.get(CREDENTIALS, key, deps.clock.now())) as unknown as StoredPasskey | undefined;
  if (!stored) throw notAuthorized(ASSERTION_FAILED);
  const origin = parseClientData(response).origin;
  if (!origin || !originAllowed(origin, rp.id)) throw notAuthorized(ASSERTION_FAILED);
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: expected.challenge,
      expectedOrigin: origin,
      expectedRPID: rp.id,
      expectedType: 'webauthn.get',
      credential: {
        id: stored.credentialId,
        publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
        counter: stored.counter,
        transports: stored.transports as AuthenticatorTransport[],
      },
      requireUserVerification: rp.userVerification === 'required',
    });
  } catch (e) {
    deps.log.info('passkey assertion refused', { poolId: pool.id, reason: e instanceof Error ? e.message : String(e) });
    throw notAuthorized(ASSERTION_FAILED);
  }
  if (!result.verified) throw notAuthorized(ASSERTION_FAILED);
  const next: StoredPasskey = { ...stored, counter: result.authenticationInfo.newCounter };
  await deps.store.kv.put(CREDENTIALS, key, next as unknown as Record<string, unknown>);
  return { userVerified: result.authenticationInfo.userVerified };
}
