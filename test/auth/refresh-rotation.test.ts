import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminInitiateAuthCommand,
  AdminUserGlobalSignOutCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from '../../src/domain/tokens/jwt.js';
import { addUser, createClient, createPool, PASSWORD } from '../helpers/fixtures.js';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Refresh-token rotation (docs/compatibility.md "Refresh-token rotation"): the client's RefreshTokenRotation,
 * GetTokensFromRefreshToken handing out a new refresh token, the grace period of the old one (the server's clock is
 * advanced, nothing sleeps), reuse after it, REFRESH_TOKEN_AUTH refused, revocation and global sign-out.
 */
const ROTATION_FLOWS = { ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_PASSWORD_AUTH'] as never };

describe('refresh-token rotation', () => {
  let s: TestServer;
  let poolId: string;
  let n = 0;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
  });
  after(async () => s.stop());

  async function rotatingClient(grace: number | undefined) {
    const rotation = { Feature: 'ENABLED' as const, ...(grace === undefined ? {} : { RetryGracePeriodSeconds: grace }) };
    return (await createClient(s, poolId, { ...ROTATION_FLOWS, RefreshTokenRotation: rotation })).clientId;
  }
  async function signedIn(clientId: string) {
    const name = `rot${++n}`;
    await addUser(s, poolId, name);
    const r = await s.client.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name, PASSWORD } }),
    );
    return { name, tokens: r.AuthenticationResult! };
  }
  const refresh = (clientId: string, RefreshToken: string) => s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken }));

  it('round-trips RefreshTokenRotation; the default flows leave REFRESH_TOKEN_AUTH out, and it cannot be added', async () => {
    const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: undefined, RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 } });
    const { UserPoolClient } = await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.deepEqual(UserPoolClient!.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 });
    assert.deepEqual(UserPoolClient!.ExplicitAuthFlows, ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH']);
    await rejectsWith(
      createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'], RefreshTokenRotation: { Feature: 'ENABLED' } }),
      'InvalidParameterException',
      'ALLOW_REFRESH_TOKEN_AUTH cannot be enabled for a client with refresh token rotation.',
    );
    await rejectsWith(
      s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'], RefreshTokenRotation: { Feature: 'ENABLED' } })),
      'InvalidParameterException',
    );
  });

  it('GetTokensFromRefreshToken returns a new refresh token of the same family; the old one works for the grace period, then is a reuse that revokes the family', async () => {
    const clientId = await rotatingClient(10);
    const { tokens } = await signedIn(clientId);
    const first = await refresh(clientId, tokens.RefreshToken!);
    const next = first.AuthenticationResult!.RefreshToken!;
    assert.ok(next && next !== tokens.RefreshToken);
    const claims = decodeJwt(first.AuthenticationResult!.AccessToken!).payload;
    const original = decodeJwt(tokens.AccessToken!).payload;
    assert.equal(claims.origin_jti, original.origin_jti);
    assert.equal(claims.auth_time, original.auth_time);

    s.clock.advance(9_000);
    const retry = await refresh(clientId, tokens.RefreshToken!);
    assert.ok(retry.AuthenticationResult!.RefreshToken, 'a retry inside the grace period still refreshes');
    const current = retry.AuthenticationResult!.RefreshToken!;
    s.clock.advance(2_000);
    await rejectsWith(refresh(clientId, tokens.RefreshToken!), 'RefreshTokenReuseException', 'Refresh token has been reused.');
    // The reuse revoked the family: every token of it stops.
    await rejectsWith(refresh(clientId, current), 'NotAuthorizedException', 'Refresh Token has been revoked');
    await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: first.AuthenticationResult!.AccessToken! })), 'NotAuthorizedException', 'Access Token has been revoked');
  });

  it('without a grace period the old token stops at once', async () => {
    const clientId = await rotatingClient(undefined);
    const { tokens } = await signedIn(clientId);
    const next = (await refresh(clientId, tokens.RefreshToken!)).AuthenticationResult!.RefreshToken!;
    await rejectsWith(refresh(clientId, tokens.RefreshToken!), 'RefreshTokenReuseException', 'Refresh token has been reused.');
    await rejectsWith(refresh(clientId, next), 'NotAuthorizedException', 'Refresh Token has been revoked');
  });

  it('a chain of rotations keeps the session going; each token works once its successor exists only within the grace', async () => {
    const clientId = await rotatingClient(5);
    const { tokens } = await signedIn(clientId);
    let token = tokens.RefreshToken!;
    for (let i = 0; i < 4; i++) {
      s.clock.advance(60_000);
      const r = await refresh(clientId, token);
      assert.ok(r.AuthenticationResult!.AccessToken);
      token = r.AuthenticationResult!.RefreshToken!;
    }
    assert.ok((await refresh(clientId, token)).AuthenticationResult!.RefreshToken);
  });

  it('concurrent refreshes with one token inside the grace period all succeed, and the family stays usable', async () => {
    const clientId = await rotatingClient(30);
    const { tokens } = await signedIn(clientId);
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(clientId, tokens.RefreshToken!)));
    const issued = new Set(results.map((r) => r.AuthenticationResult!.RefreshToken!));
    assert.equal(issued.size, 10);
    for (const t of issued) assert.ok((await refresh(clientId, t)).AuthenticationResult!.AccessToken);
  });

  it('REFRESH_TOKEN_AUTH is refused on a client with rotation; a client without rotation gets no new refresh token', async () => {
    const clientId = await rotatingClient(10);
    const { tokens } = await signedIn(clientId);
    await rejectsWith(
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } })),
      'InvalidParameterException',
      'Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken.',
    );
    const { clientId: plain } = await createClient(s, poolId);
    const { tokens: plainTokens } = await signedIn(plain);
    const r = await refresh(plain, plainTokens.RefreshToken!);
    assert.equal(r.AuthenticationResult!.RefreshToken, undefined);
  });

  it('RevokeToken with a rotated-out token (inside its grace) revokes the family, the new token too', async () => {
    const clientId = await rotatingClient(30);
    const { tokens } = await signedIn(clientId);
    const next = (await refresh(clientId, tokens.RefreshToken!)).AuthenticationResult!.RefreshToken!;
    await s.client.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken! }));
    await rejectsWith(refresh(clientId, next), 'NotAuthorizedException', 'Refresh Token has been revoked');
  });

  it('global sign-out covers rotated tokens', async () => {
    const clientId = await rotatingClient(30);
    const { name, tokens } = await signedIn(clientId);
    const next = (await refresh(clientId, tokens.RefreshToken!)).AuthenticationResult!.RefreshToken!;
    await s.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: name }));
    await rejectsWith(refresh(clientId, next), 'NotAuthorizedException', 'Refresh Token has been revoked');
    await rejectsWith(refresh(clientId, tokens.RefreshToken!), 'NotAuthorizedException', 'Refresh Token has been revoked');
  });

  it('a rotated token works only with its own client', async () => {
    const clientId = await rotatingClient(30);
    const other = await rotatingClient(30);
    const { tokens } = await signedIn(clientId);
    const next = (await refresh(clientId, tokens.RefreshToken!)).AuthenticationResult!.RefreshToken!;
    await rejectsWith(refresh(other, next), 'NotAuthorizedException', 'Invalid Refresh Token.');
    await rejectsWith(refresh(other, tokens.RefreshToken!), 'NotAuthorizedException', 'Invalid Refresh Token.');
  });
});
