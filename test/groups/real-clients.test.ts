import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { AdminAddUserToGroupCommand, CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, memoryStorage, PASSWORD } from '../helpers/fixtures.js';

const ROLE = 'arn:aws:iam::123456789012:role/editors';

/** Issue 15 acceptance: amazon-cognito-identity-js and Amplify v6 see cognito:groups in the session's tokens. */
describe('groups in the tokens of real client libraries', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    ({ clientId } = await createClient(s, poolId));
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors', RoleArn: ROLE, Precedence: 1 }));
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    for (const u of ['ivy', 'amp']) {
      await addUser(s, poolId, u);
      for (const g of ['editors', 'readers']) await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: g, Username: u }));
    }
  });
  after(async () => s.stop());
  afterEach(async () => {
    await signOut().catch(() => undefined);
  });

  it('amazon-cognito-identity-js: the SRP session\'s access and ID token payloads carry cognito:groups; the ID token the roles', async () => {
    const Storage = memoryStorage();
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url, Storage });
    const user = new CognitoUser({ Username: 'ivy', Pool: pool, Storage });
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: 'ivy', Password: PASSWORD }), { onSuccess: resolve, onFailure: reject }),
    );
    assert.deepEqual(session.getAccessToken().decodePayload()['cognito:groups'], ['editors', 'readers']);
    const id = session.getIdToken().decodePayload();
    assert.deepEqual(id['cognito:groups'], ['editors', 'readers']);
    assert.deepEqual(id['cognito:roles'], [ROLE]);
    assert.equal(id['cognito:preferred_role'], ROLE);
  });

  it('Amplify v6: fetchAuthSession() tokens carry cognito:groups, also after a forced refresh', async () => {
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: s.url } } });
    const r = await signIn({ username: 'amp', password: PASSWORD });
    assert.equal(r.isSignedIn, true);
    const { tokens } = await fetchAuthSession();
    assert.deepEqual(tokens!.accessToken.payload['cognito:groups'], ['editors', 'readers']);
    assert.deepEqual(tokens!.idToken!.payload['cognito:groups'], ['editors', 'readers']);
    assert.equal(tokens!.idToken!.payload['cognito:preferred_role'], ROLE);
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 0 }));
    await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Username: 'amp' }));
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    assert.deepEqual(refreshed.tokens!.accessToken.payload['cognito:groups'], ['admins', 'editors', 'readers']);
  });
});
