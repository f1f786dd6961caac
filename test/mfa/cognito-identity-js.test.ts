import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminSetUserMFAPreferenceCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { accessTokenFor, addUser, codeAt, lastCode, memoryStorage, mfaPool, PASSWORD, SMS, TOTP } from './helpers.js';

/**
 * amazon-cognito-identity-js end to end (USER_SRP_AUTH, its default): TOTP enrolment and preference, then every MFA
 * callback its authenticateUser can take: totpRequired, mfaRequired, selectMFAType, mfaSetup.
 */
type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'totpRequired' | 'mfaRequired' | 'selectMFAType' | 'mfaSetup'; name: string; params: Record<string, string> };

function callbacks(resolve: (o: Outcome) => void, reject: (e: unknown) => void) {
  return {
    onSuccess: (session: CognitoUserSession) => resolve({ kind: 'success', session }),
    onFailure: reject,
    totpRequired: (name: string, params: any) => resolve({ kind: 'totpRequired', name, params }),
    mfaRequired: (name: string, params: any) => resolve({ kind: 'mfaRequired', name, params }),
    selectMFAType: (name: string, params: any) => resolve({ kind: 'selectMFAType', name, params }),
    mfaSetup: (name: string, params: any) => resolve({ kind: 'mfaSetup', name, params }),
    newPasswordRequired: () => reject(new Error('unexpected newPasswordRequired')),
    customChallenge: () => reject(new Error('unexpected customChallenge')),
  };
}

describe('amazon-cognito-identity-js and MFA', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  function userOf(poolId: string, clientId: string, username: string): CognitoUser {
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url, Storage: memoryStorage() as never });
    return new CognitoUser({ Username: username, Pool: pool, Storage: memoryStorage() as never });
  }
  const authenticate = (user: CognitoUser) =>
    new Promise<Outcome>((res, rej) => user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: PASSWORD }), callbacks(res, rej)));
  const sendMFACode = (user: CognitoUser, code: string, type?: string) => new Promise<Outcome>((res, rej) => user.sendMFACode(code, callbacks(res, rej), type));

  it('associateSoftwareToken / verifySoftwareToken / setUserMfaPreference(null, TOTP), then totpRequired → sendMFACode', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...TOTP });
    await addUser(s, poolId, 'ada');
    const user = userOf(poolId, clientId, 'ada');
    const first = await authenticate(user);
    assert.equal(first.kind, 'success');

    const secret = await new Promise<string>((res, rej) => user.associateSoftwareToken({ associateSecretCode: res, onFailure: rej }));
    assert.match(secret, /^[A-Z2-7]{52}$/);
    const verified = await new Promise<any>((res, rej) => user.verifySoftwareToken(codeAt(s, secret, -1), 'ada-phone', { onSuccess: res, onFailure: rej }));
    assert.equal(verified.Status, 'SUCCESS');
    const pref = await new Promise<string | undefined>((res, rej) =>
      user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (err, result) => (err ? rej(err) : res(result))),
    );
    assert.equal(pref, 'SUCCESS');
    const { PreferredMfaSetting, UserMFASettingList } = await s.client.send(new GetUserCommand({ AccessToken: user.getSignInUserSession()!.getAccessToken().getJwtToken() }));
    assert.equal(PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);

    const again = userOf(poolId, clientId, 'ada');
    const challenge = await authenticate(again);
    assert.equal(challenge.kind, 'totpRequired');
    assert.equal((challenge as { name: string }).name, 'SOFTWARE_TOKEN_MFA');
    const done = await sendMFACode(again, codeAt(s, secret, 0), 'SOFTWARE_TOKEN_MFA');
    assert.equal(done.kind, 'success');
    assert.equal((done as { session: CognitoUserSession }).session.getAccessToken().payload.username, 'ada');
  });

  it('mfaRequired with the code read from the outbox', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...SMS });
    await addUser(s, poolId, 'bob', PASSWORD, { attributes: { phone_number: '+447700900123' } });
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'bob', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const user = userOf(poolId, clientId, 'bob');
    const challenge = await authenticate(user);
    assert.equal(challenge.kind, 'mfaRequired');
    const params = (challenge as { params: Record<string, string> }).params;
    assert.equal(params.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    assert.equal(params.CODE_DELIVERY_DESTINATION, '+********0123');
    const done = await sendMFACode(user, (await lastCode(s, poolId, 'bob', 'SMS')).code);
    assert.equal(done.kind, 'success');
  });

  it('selectMFAType → sendMFASelectionAnswer → the chosen challenge', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...SMS, ...TOTP });
    await addUser(s, poolId, 'cy', PASSWORD, { attributes: { phone_number: '+15555550123' } });
    const token = await accessTokenFor(s, poolId, clientId, 'cy');
    const user = userOf(poolId, clientId, 'cy');
    // Enrol TOTP through the library too, on a session made from the minted token.
    const { AssociateSoftwareTokenCommand, VerifySoftwareTokenCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    const secret = (await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!;
    await s.client.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: codeAt(s, secret, -1) }));
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'cy', SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true } }));

    const select = await authenticate(user);
    assert.equal(select.kind, 'selectMFAType');
    assert.deepEqual(JSON.parse((select as { params: Record<string, string> }).params.MFAS_CAN_CHOOSE!), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const totp = await new Promise<Outcome>((res, rej) => user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', callbacks(res, rej)));
    assert.equal(totp.kind, 'totpRequired');
    assert.equal((await sendMFACode(user, codeAt(s, secret, 0), 'SOFTWARE_TOKEN_MFA')).kind, 'success');

    const again = userOf(poolId, clientId, 'cy');
    assert.equal((await authenticate(again)).kind, 'selectMFAType');
    const sms = await new Promise<Outcome>((res, rej) => again.sendMFASelectionAnswer('SMS_MFA', callbacks(res, rej)));
    assert.equal(sms.kind, 'mfaRequired');
    assert.equal((await sendMFACode(again, (await lastCode(s, poolId, 'cy', 'SMS')).code)).kind, 'success');
  });

  it('mfaSetup on a pool with MFA ON: associateSoftwareToken and verifySoftwareToken on the session sign the user in', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'ON', ...TOTP });
    await addUser(s, poolId, 'dee');
    const user = userOf(poolId, clientId, 'dee');
    const setup = await authenticate(user);
    assert.equal(setup.kind, 'mfaSetup');
    assert.equal((setup as { params: Record<string, string> }).params.MFAS_CAN_SETUP, '["SOFTWARE_TOKEN_MFA"]');
    const secret = await new Promise<string>((res, rej) => user.associateSoftwareToken({ associateSecretCode: res, onFailure: rej }));
    const session = await new Promise<CognitoUserSession>((res, rej) => user.verifySoftwareToken(codeAt(s, secret, -1), 'dee-phone', { onSuccess: res, onFailure: rej }));
    assert.equal(session.getAccessToken().payload.username, 'dee');

    const again = userOf(poolId, clientId, 'dee');
    const challenge = await authenticate(again);
    assert.equal(challenge.kind, 'totpRequired');
    assert.equal((challenge as { params: Record<string, string> }).params.FRIENDLY_DEVICE_NAME, 'dee-phone');
    assert.equal((await sendMFACode(again, codeAt(s, secret, 0), 'SOFTWARE_TOKEN_MFA')).kind, 'success');
  });
});
