import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminInitiateAuthCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  UpdateUserPoolClientCommand,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createPool, PASSWORD, passwordSignIn, srpClient } from '../helpers/fixtures.js';

/**
 * Issue 15 fidelity bug 1: the ExplicitAuthFlows table of the CreateUserPoolClient reference. Legacy values
 * (ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH_FLOW_ONLY) still allow USER_SRP_AUTH and refresh; they cannot be
 * mixed with ALLOW_ values; no value means SRP, refresh and custom auth; the legacy AuthFlow names are aliases.
 */
describe('ExplicitAuthFlows semantics', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    await addUser(s, poolId, 'flo');
  });
  after(async () => s.stop());

  async function client(flows?: ExplicitAuthFlowsType[]): Promise<string> {
    const { UserPoolClient } = await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'f', ...(flows ? { ExplicitAuthFlows: flows } : {}) }));
    return UserPoolClient!.ClientId!;
  }
  const password = (clientId: string) => passwordSignIn(s, clientId, 'flo');
  const admin = (clientId: string, flow: 'ADMIN_USER_PASSWORD_AUTH' | 'ADMIN_NO_SRP_AUTH' = 'ADMIN_USER_PASSWORD_AUTH') =>
    s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: flow, AuthParameters: { USERNAME: 'flo', PASSWORD } }));
  async function srp(clientId: string) {
    const c = await srpClient(s, poolId);
    const start = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'flo', SRP_A: c.srpA } }));
    const done = await s.client.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: await c.answer(start.ChallengeParameters!) }),
    );
    return done.AuthenticationResult!;
  }
  const refresh = (clientId: string, token: string, flow: 'REFRESH_TOKEN_AUTH' | 'REFRESH_TOKEN' = 'REFRESH_TOKEN_AUTH') =>
    s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: flow, AuthParameters: { REFRESH_TOKEN: token } }));

  it('legacy values still allow USER_SRP_AUTH and refresh, besides the flow they name', async () => {
    for (const legacy of ['ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_AUTH_FLOW_ONLY'] as const) {
      const id = await client([legacy]);
      const tokens = await srp(id);
      assert.ok(tokens.AccessToken, `${legacy}: SRP`);
      assert.ok((await refresh(id, tokens.RefreshToken!)).AuthenticationResult!.AccessToken, `${legacy}: refresh`);
    }
    const userPassword = await client(['USER_PASSWORD_AUTH']);
    assert.ok((await password(userPassword)).AuthenticationResult);
    await rejectsWith(admin(userPassword), 'InvalidParameterException', 'Auth flow not enabled for this client');
    const adminNoSrp = await client(['ADMIN_NO_SRP_AUTH']);
    assert.ok((await admin(adminNoSrp)).AuthenticationResult);
    assert.ok((await admin(adminNoSrp, 'ADMIN_NO_SRP_AUTH')).AuthenticationResult, 'the legacy AuthFlow name is an alias');
    await rejectsWith(password(adminNoSrp), 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
  });

  it('legacy and ALLOW_ values cannot be mixed, on create or update', async () => {
    const message = 'ExplicitAuthFlows cannot mix the legacy values ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY and USER_PASSWORD_AUTH with ALLOW_ values.';
    await rejectsWith(client(['USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']), 'InvalidParameterException', message);
    const id = await client(['ALLOW_USER_SRP_AUTH']);
    await rejectsWith(
      s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: id, ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })),
      'InvalidParameterException',
      message,
    );
  });

  it('no value: SRP, refresh and custom auth, not passwords; ALLOW_ values allow exactly what they name', async () => {
    const none = await client();
    const { UserPoolClient } = await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: none }));
    assert.deepEqual([...UserPoolClient!.ExplicitAuthFlows!].sort(), ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    const tokens = await srp(none);
    assert.ok((await refresh(none, tokens.RefreshToken!, 'REFRESH_TOKEN')).AuthenticationResult, 'REFRESH_TOKEN is an alias');
    await rejectsWith(password(none), 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
    await rejectsWith(admin(none), 'InvalidParameterException', 'Auth flow not enabled for this client');

    const passwordOnly = await client(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    assert.ok((await password(passwordOnly)).AuthenticationResult);
    await rejectsWith(
      s.client.send(new InitiateAuthCommand({ ClientId: passwordOnly, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'flo', SRP_A: (await srpClient(s, poolId)).srpA } })),
      'InvalidParameterException',
      'USER_SRP_AUTH is not enabled for the client.',
    );
  });
});
