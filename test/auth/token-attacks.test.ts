import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AdminUserGlobalSignOutCommand,
  DeleteUserPoolCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, generateSigningKey, signJwt } from '../../src/domain/tokens/jwt.js';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, setUser, tokensFor, useAccessToken } from '../helpers/fixtures.js';

/**
 * Security regressions for access-token authorization: each test is an attack on a token-authorized operation and
 * asserts Cognito's exception and message. The probe is GetUser where the server has it (else ChangePassword).
 */
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('token attacks on token-authorized operations', () => {
  let s: TestServer;
  let poolA: string;
  let clientA: string;
  let poolB: string;
  let clientB: string;

  before(async () => {
    s = await startTestServer();
    poolA = await createPool(s);
    ({ clientId: clientA } = await createClient(s, poolA));
    poolB = await createPool(s);
    ({ clientId: clientB } = await createClient(s, poolB));
    for (const u of ['victim', 'expiring', 'signout', 'revoke', 'disabled', 'deleted', 'other']) await addUser(s, poolA, u);
    await addUser(s, poolB, 'victim');
  });
  after(async () => s.stop());

  it('a genuine access token is accepted (control)', async () => {
    const { AccessToken } = await tokensFor(s, clientA, 'victim');
    await useAccessToken(s, AccessToken);
  });

  it('unsigned token (alg "none") is rejected: Invalid Access Token', async () => {
    // Attack: take a real token, switch the header to alg "none" and drop the signature (RFC 7518 §3.6).
    const { AccessToken } = await tokensFor(s, clientA, 'victim');
    const [h, p] = AccessToken.split('.') as [string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    for (const forged of [`${b64({ ...header, alg: 'none' })}.${p}.`, `${b64({ alg: 'none' })}.${p}.`, `${b64({ ...header, alg: 'none' })}.${p}`]) {
      await rejectsWith(useAccessToken(s, forged), 'NotAuthorizedException', 'Invalid Access Token');
    }
  });

  it('token signed with another pool\'s key is rejected: Invalid Access Token', async () => {
    // Attack: an account in pool B signs claims naming pool A with pool B's genuine key (own kid, or A's kid).
    const { AccessToken } = await tokensFor(s, clientA, 'victim');
    const claims = decodeJwt(AccessToken).payload;
    const signerB = await s.keys.signer(poolB, 'access');
    const signerA = await s.keys.signer(poolA, 'access');
    await rejectsWith(useAccessToken(s, signJwt(claims, signerB)), 'NotAuthorizedException', 'Invalid Access Token');
    await rejectsWith(useAccessToken(s, signJwt(claims, { kid: signerA.kid, privateKey: signerB.privateKey })), 'NotAuthorizedException', 'Invalid Access Token');
    // And pool B's own genuine token cannot be passed off as pool A's by rewriting iss.
    const tokenB = (await tokensFor(s, clientB, 'victim')).AccessToken;
    const [hb, pb, sb] = tokenB.split('.') as [string, string, string];
    const rewritten = b64({ ...JSON.parse(Buffer.from(pb, 'base64url').toString()), iss: s.deps.issuer(poolA), client_id: clientA });
    await rejectsWith(useAccessToken(s, `${hb}.${rewritten}.${sb}`), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('token signed with a fresh key under the pool\'s kid is rejected: Invalid Access Token', async () => {
    // Attack: mint an RSA key, claim the pool's kid in the header, sign arbitrary claims.
    const { AccessToken } = await tokensFor(s, clientA, 'victim');
    const { header, payload } = decodeJwt(AccessToken);
    const fresh = generateSigningKey();
    const forged = signJwt({ ...payload, username: 'other' }, { kid: String(header.kid), privateKey: fresh.privateKeyPem });
    await rejectsWith(useAccessToken(s, forged), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('HS256 token keyed with the public key (algorithm confusion) is rejected: Invalid Access Token', async () => {
    // Attack: sign with HMAC using the published RSA public key as the secret, hoping the verifier follows the header.
    const { AccessToken } = await tokensFor(s, clientA, 'victim');
    const { header, payload } = decodeJwt(AccessToken);
    const jwks = (await (await fetch(`${s.url}/${poolA}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string; n: string }> };
    const secret = jwks.keys.find((k) => k.kid === header.kid)!.n;
    const input = `${b64({ kid: header.kid, alg: 'HS256' })}.${b64(payload)}`;
    const forged = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    await rejectsWith(useAccessToken(s, forged), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('tampered claims under a genuine signature are rejected: Invalid Access Token', async () => {
    // Attack: keep the signature, change username/sub to another user of the pool.
    const { AccessToken } = await tokensFor(s, clientA, 'victim');
    const [h, p, sig] = AccessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    await rejectsWith(useAccessToken(s, `${h}.${b64({ ...claims, username: 'other' })}.${sig}`), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('id token used as an access token is rejected: Invalid Access Token', async () => {
    // Attack: the id token is handed to pages and third parties; it must not authorize user-pool operations.
    const { IdToken } = await tokensFor(s, clientA, 'victim');
    await rejectsWith(useAccessToken(s, IdToken), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('a Session string or a refresh token used as an access token is rejected: Invalid Access Token', async () => {
    const { RefreshToken } = await tokensFor(s, clientA, 'victim');
    await rejectsWith(useAccessToken(s, RefreshToken), 'NotAuthorizedException', 'Invalid Access Token');
    await rejectsWith(useAccessToken(s, 'AYABeF0rgedSessionStringxxxxxxxxxxxxxxxxxxxx'), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('expired token (clock advanced past exp) is rejected: Access Token has expired', async () => {
    // Attack: replay a captured token after its lifetime.
    const { AccessToken } = await tokensFor(s, clientA, 'expiring');
    const start = s.clock.now();
    try {
      s.clock.advance(3600_000 - 1000);
      await useAccessToken(s, AccessToken);
      s.clock.advance(1000);
      await rejectsWith(useAccessToken(s, AccessToken), 'NotAuthorizedException', 'Access Token has expired');
    } finally {
      s.clock.set(start);
    }
  });

  it('token revoked by GlobalSignOut is rejected: Access Token has been revoked (refresh tokens too)', async () => {
    // Attack: keep using tokens (from this or another device) after the user signed out everywhere.
    const first = await tokensFor(s, clientA, 'signout');
    const second = await tokensFor(s, clientA, 'signout');
    await s.client.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken }));
    for (const t of [first, second]) {
      await rejectsWith(useAccessToken(s, t.AccessToken), 'NotAuthorizedException', 'Access Token has been revoked');
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientA, AuthParameters: { REFRESH_TOKEN: t.RefreshToken } })),
        'NotAuthorizedException',
        'Refresh Token has been revoked',
      );
    }
    // A new sign-in after the sign-out works.
    s.clock.advance(1000);
    await useAccessToken(s, (await tokensFor(s, clientA, 'signout')).AccessToken);
  });

  it('token revoked by AdminUserGlobalSignOut is rejected: Access Token has been revoked', async () => {
    const t = await tokensFor(s, clientA, 'signout');
    await s.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolA, Username: 'signout' }));
    await rejectsWith(useAccessToken(s, t.AccessToken), 'NotAuthorizedException', 'Access Token has been revoked');
    s.clock.advance(1000);
  });

  it('token of a client without revocation (no origin_jti) is still revoked by GlobalSignOut', async () => {
    // Attack: tokens that carry no family id must not escape a global sign-out.
    const { clientId } = await createClient(s, poolA, { EnableTokenRevocation: false });
    const t = await tokensFor(s, clientId, 'signout');
    assert.equal(decodeJwt(t.AccessToken).payload.origin_jti, undefined);
    await s.client.send(new GlobalSignOutCommand({ AccessToken: t.AccessToken }));
    await rejectsWith(useAccessToken(s, t.AccessToken), 'NotAuthorizedException', 'Access Token has been revoked');
    s.clock.advance(1000);
  });

  it('token revoked by RevokeToken is rejected: Access Token has been revoked; other sign-ins are unaffected', async () => {
    // Attack: keep using the access token after its refresh token was revoked (RevokeToken revokes what it issued).
    const revoked = await tokensFor(s, clientA, 'revoke');
    const unrelated = await tokensFor(s, clientA, 'revoke');
    const refreshed = await s.client.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientA, AuthParameters: { REFRESH_TOKEN: revoked.RefreshToken } }),
    );
    await s.client.send(new RevokeTokenCommand({ ClientId: clientA, Token: revoked.RefreshToken }));
    await rejectsWith(useAccessToken(s, revoked.AccessToken), 'NotAuthorizedException', 'Access Token has been revoked');
    await rejectsWith(useAccessToken(s, refreshed.AuthenticationResult!.AccessToken!), 'NotAuthorizedException', 'Access Token has been revoked');
    await useAccessToken(s, unrelated.AccessToken);
  });

  it('token without the aws.cognito.signin.user.admin scope is rejected: Access Token does not have required scopes', async () => {
    // A token for resource servers (OAuth scopes only) must not manage the user's account.
    const { AccessToken } = await tokensFor(s, clientA, 'victim');
    const { payload } = decodeJwt(AccessToken);
    const signer = await s.keys.signer(poolA, 'access');
    await rejectsWith(useAccessToken(s, signJwt({ ...payload, scope: 'openid email' }, signer)), 'NotAuthorizedException', 'Access Token does not have required scopes');
    const { scope: _dropped, ...noScope } = payload;
    await rejectsWith(useAccessToken(s, signJwt(noScope, signer)), 'NotAuthorizedException', 'Access Token does not have required scopes');
  });

  it('token of a disabled user is rejected: User is disabled.', async () => {
    const { AccessToken } = await tokensFor(s, clientA, 'disabled');
    await setUser(s, poolA, 'disabled', (u) => (u.enabled = false));
    await rejectsWith(useAccessToken(s, AccessToken), 'NotAuthorizedException', 'User is disabled.');
  });

  it('token of a deleted user is rejected', async () => {
    // Deleting the user revokes its tokens in the same transaction (store contract), so the token is refused as
    // revoked; a user later created under the same name is a different user (sub) and cannot be reached with it.
    const { AccessToken } = await tokensFor(s, clientA, 'deleted');
    await s.store.users.delete(poolA, 'deleted', s.clock.now());
    await rejectsWith(useAccessToken(s, AccessToken), 'NotAuthorizedException', 'Access Token has been revoked');
    await addUser(s, poolA, 'deleted');
    await rejectsWith(useAccessToken(s, AccessToken), 'NotAuthorizedException', 'Access Token has been revoked');
  });

  it('token of a deleted user, unrevoked (no origin_jti), is rejected: User does not exist.', async () => {
    const { clientId } = await createClient(s, poolA, { EnableTokenRevocation: false });
    await addUser(s, poolA, 'gone');
    const { AccessToken } = await tokensFor(s, clientId, 'gone');
    await s.store.users.delete(poolA, 'gone', s.clock.now());
    await rejectsWith(useAccessToken(s, AccessToken), 'UserNotFoundException', 'User does not exist.');
  });

  it('token of a deleted pool is rejected: Invalid Access Token', async () => {
    const pool = await createPool(s);
    const { clientId } = await createClient(s, pool);
    await addUser(s, pool, 'tenant');
    const { AccessToken } = await tokensFor(s, clientId, 'tenant');
    await useAccessToken(s, AccessToken);
    await s.client.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
    await rejectsWith(useAccessToken(s, AccessToken), 'NotAuthorizedException', 'Invalid Access Token');
  });
});
