import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ClientRecord } from '../../store/types.js';
import type { Sealer } from '../deps.js';
import { notAuthorized } from '../errors.js';
import { clientSecrets } from './secrets.js';

/**
 * SECRET_HASH of app clients with a secret: Base64(HMAC_SHA256(key = client secret, message = username ‖ client id)),
 * where username is the value the caller sent (https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash; DG "Computing secret hash values").
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 */
export function computeSecretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
}

/**
 * Checks SECRET_HASH (SignUp, ConfirmSignUp, ResendConfirmationCode, InitiateAuth, …). Clients without a secret
 * need none and ignore one that is sent. A hash made with any of the client's secrets passes (secrets.ts: up to
 * two during a rotation); each is compared in constant time, and every secret is tried whatever the outcome.
 */
export function checkSecretHash(sealer: Sealer, client: ClientRecord, username: string, secretHash: string | undefined): void {
  if (!client.clientSecret) return;
  if (secretHash === undefined || secretHash === null || secretHash === '') {
    throw notAuthorized(`Client ${client.clientId} is configured with secret but SECRET_HASH was not received`);
  }
  const given = Buffer.from(secretHash);
  let matched = false;
  for (const secret of clientSecrets(sealer, client)) {
    const expected = Buffer.from(computeSecretHash(secret.value, username, client.clientId));
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  if (!matched) throw notAuthorized(`Unable to verify secret hash for client ${client.clientId}`);
}

/** GetTokensFromRefreshToken and RevokeToken take a client secret itself rather than a SECRET_HASH: any live one. */
export function isClientSecretCorrect(sealer: Sealer, client: ClientRecord, given: string): boolean {
  const actual = Buffer.from(given);
  let matched = false;
  for (const secret of clientSecrets(sealer, client)) {
    const expected = Buffer.from(secret.value);
    if (expected.length > 0 && expected.length === actual.length && timingSafeEqual(expected, actual)) matched = true;
  }
  return matched;
}
