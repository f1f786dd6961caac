import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { GetTokensFromRefreshTokenCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from '../../src/domain/tokens/jwt.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, memoryStorage, createClient, createPool, PASSWORD, tokensFor, useAccessToken, verifierFor } from '../helpers/fixtures.js';

/**
 * Acceptance of issue 3: what real clients do against cognate. amazon-cognito-identity-js runs its own SRP over fetch
 * against the server; aws-jwt-verify checks every token against the issuer and the JWKS it downloads from the server.
 */
describe('real clients: amazon-cognito-identity-js (SRP), AWS SDK v3, aws-jwt-verify', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    ({ clientId } = await createClient(s, poolId));
    await addUser(s, poolId, 'alice', PASSWORD, { attributes: { email: 'alice@example.com', email_verified: 'true' } });
    await addUser(s, poolId, 'bob');
  });
  after(async () => s.stop());

  function acijUser(username: string): CognitoUser {
    const Storage = memoryStorage();
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url, Storage });
    return new CognitoUser({ Username: username, Pool: pool, Storage });
  }

  type NewPasswordHandler = (attrs: any, required: any, callbacks: { onSuccess: (s: CognitoUserSession) => void; onFailure: (e: unknown) => void }) => void;

  function authenticate(user: CognitoUser, username: string, password: string, onNewPassword?: NewPasswordHandler) {
    return new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
        onSuccess: resolve,
        onFailure: reject,
        newPasswordRequired: (attrs, required) =>
          onNewPassword ? onNewPassword(attrs, required, { onSuccess: resolve, onFailure: reject }) : reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
        mfaRequired: () => reject(new Error('unexpected MFA')),
        totpRequired: () => reject(new Error('unexpected TOTP')),
      }),
    );
  }

  it('CognitoUser.authenticateUser completes SRP and aws-jwt-verify accepts the access and id tokens unchanged', async () => {
    const session = await authenticate(acijUser('alice'), 'alice', PASSWORD);
    const access = await verifierFor(s, poolId, 'access', clientId).verify(session.getAccessToken().getJwtToken());
    const id = await verifierFor(s, poolId, 'id', clientId).verify(session.getIdToken().getJwtToken());
    assert.equal(access.username, 'alice');
    assert.equal(access.scope, 'aws.cognito.signin.user.admin');
    assert.equal(id['cognito:username'], 'alice');
    assert.equal(id.email, 'alice@example.com');
    assert.equal(id.email_verified, true);
    assert.equal(id.sub, access.sub);
    assert.ok(session.getRefreshToken().getToken().length > 100);
    // The header is exactly Cognito's: kid and alg, no typ.
    assert.deepEqual(Object.keys(decodeJwt(session.getAccessToken().getJwtToken()).header), ['kid', 'alg']);
  });

  it('the tokens of an SRP sign-in authorize token-authorized operations', async () => {
    const session = await authenticate(acijUser('bob'), 'bob', PASSWORD);
    await useAccessToken(s, session.getAccessToken().getJwtToken());
  });

  it('a wrong password through SRP is NotAuthorizedException "Incorrect username or password."', async () => {
    await assert.rejects(authenticate(acijUser('alice'), 'alice', 'Wr0ng-Password!'), (e: any) => {
      assert.equal(e.code ?? e.name, 'NotAuthorizedException');
      assert.equal(e.message, 'Incorrect username or password.');
      return true;
    });
  });

  it('refreshSession keeps origin_jti and auth_time, and the refreshed tokens pass aws-jwt-verify', async () => {
    const user = acijUser('alice');
    const first = await authenticate(user, 'alice', PASSWORD);
    s.clock.advance(60_000);
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(first.getRefreshToken(), (err: any, sess: CognitoUserSession) => (err ? reject(err) : resolve(sess))),
    );
    const a1 = decodeJwt(first.getAccessToken().getJwtToken()).payload;
    const a2 = await verifierFor(s, poolId, 'access', clientId).verify(refreshed.getAccessToken().getJwtToken());
    await verifierFor(s, poolId, 'id', clientId).verify(refreshed.getIdToken().getJwtToken());
    assert.equal(a2.origin_jti, a1.origin_jti);
    assert.equal(a2.auth_time, a1.auth_time);
    assert.notEqual(a2.jti, a1.jti);
    assert.ok((a2.iat as number) > (a1.iat as number));
  });

  it('signOut revokes the refresh token through RevokeToken, and the access tokens issued from it', async () => {
    const user = acijUser('bob');
    const session = await authenticate(user, 'bob', PASSWORD);
    await new Promise<void>((resolve, reject) => user.signOut((err?: Error) => (err ? reject(err) : resolve())));
    await assert.rejects(useAccessToken(s, session.getAccessToken().getJwtToken()), { name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    await assert.rejects(
      s.client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() } })),
      { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' },
    );
  });

  it('completeNewPasswordChallenge answers NEW_PASSWORD_REQUIRED with the required attributes', async () => {
    const requiredPool = await createPool(s, { Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] });
    const { clientId: cid } = await createClient(s, requiredPool);
    await addUser(s, requiredPool, 'carol', 'Temp-Passw0rd!', { status: 'FORCE_CHANGE_PASSWORD', temporaryDays: 7, attributes: { email: 'carol@example.com' } });
    const user = acijUserIn(requiredPool, cid, 'carol');
    let seen: { attrs: any; required: any } | undefined;
    const session = await authenticate(user, 'carol', 'Temp-Passw0rd!', (attrs, required, callbacks) => {
      seen = { attrs, required };
      user.completeNewPasswordChallenge('N3w-Passw0rd!', { name: 'Carol' }, callbacks);
    });
    assert.deepEqual(seen?.required, ['name']);
    assert.equal(seen?.attrs.email, 'carol@example.com');
    const id = await verifierFor(s, requiredPool, 'id', cid).verify(session.getIdToken().getJwtToken());
    assert.equal(id.name, 'Carol');
    const again = await authenticate(acijUserIn(requiredPool, cid, 'carol'), 'carol', 'N3w-Passw0rd!');
    assert.equal(decodeJwt(again.getAccessToken().getJwtToken()).payload.username, 'carol');
  });

  function acijUserIn(pool: string, cid: string, username: string): CognitoUser {
    const Storage = memoryStorage();
    return new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: pool, ClientId: cid, endpoint: s.url, Storage }), Storage });
  }

  it('USER_PASSWORD_AUTH through the AWS SDK v3 returns tokens aws-jwt-verify accepts', async () => {
    const tokens = await tokensFor(s, clientId, 'alice');
    assert.equal(tokens.ExpiresIn, 3600);
    const access = await verifierFor(s, poolId, 'access', clientId).verify(tokens.AccessToken);
    const id = await verifierFor(s, poolId, 'id', clientId).verify(tokens.IdToken);
    assert.equal(access.client_id, clientId);
    assert.equal(id.aud, clientId);
    assert.equal(typeof access.origin_jti, 'string');
    assert.equal(access.origin_jti, id.origin_jti);
  });

  it('REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken issue verifiable tokens of the same family, without a new refresh token', async () => {
    const tokens = await tokensFor(s, clientId, 'alice');
    const origin = decodeJwt(tokens.AccessToken).payload.origin_jti;
    const viaAuth = await s.client.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }),
    );
    assert.equal(viaAuth.AuthenticationResult!.RefreshToken, undefined);
    const viaOp = await s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken }));
    for (const r of [viaAuth.AuthenticationResult!, viaOp.AuthenticationResult!]) {
      const a = await verifierFor(s, poolId, 'access', clientId).verify(r.AccessToken!);
      await verifierFor(s, poolId, 'id', clientId).verify(r.IdToken!);
      assert.equal(a.origin_jti, origin);
    }
  });
});
