import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ClientRecord } from '../../store/types.js';
import { notAuthorized } from '../errors.js';

/**
 * SECRET_HASH of app clients with a secret: Base64(HMAC_SHA256(key = client secret, message = username ‖ client id)),
 * where username is the value the caller sent (spec §5.1; DG "Computing secret hash values").
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 */
export function computeSecretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
}

/**
 * Checks SECRET_HASH (SignUp, ConfirmSignUp, ResendConfirmationCode, InitiateAuth, …). Clients without a secret
 * need none and ignore one that is sent. Compared in constant time.
 */
export function checkSecretHash(client: ClientRecord, username: string, secretHash: string | undefined): void {
  if (!client.clientSecret) return;
  if (secretHash === undefined || secretHash === null || secretHash === '') {
    throw notAuthorized(`Client ${client.clientId} is configured with secret but SECRET_HASH was not received`);
  }
  const expected = Buffer.from(computeSecretHash(client.clientSecret, username, client.clientId));
  const given = Buffer.from(secretHash);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw notAuthorized(`Unable to verify secret hash for client ${client.clientId}`);
  }
}
