import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserAuthFactorsCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserSettingsCommand,
  AssociateSoftwareTokenCommand,
  GetUserAuthFactorsCommand,
  SetUserMFAPreferenceCommand,
  SetUserSettingsCommand,
  VerifySoftwareTokenCommand,
  type SetUserMFAPreferenceRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { setMfaPreference } from '../../src/domain/mfa/preferences.js';
import { mfaView } from '../../src/domain/mfa/state.js';
import { rawCall, rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { codeAt, EMAIL, mfaPool, SMS, TOTP, userRecord, userWithToken } from './helpers.js';

const TOTP_MSG = 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA';
const SMS_MSG = 'User does not have delivery config set to turn on SMS_MFA';
const EMAIL_MSG = 'User does not have delivery config set to turn on EMAIL_OTP';
const PREFERRED_BUT_DISABLED = 'Invalid MFA settings: an MFA method that is not enabled cannot be preferred.';
const TWO_PREFERRED = 'Invalid MFA settings: only one MFA method can be preferred.';

describe('SetUserMFAPreference / AdminSetUserMFAPreference (docs/compatibility.md, MFA: SetUserMFAPreference)', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  let n = 0;
  before(async () => {
    s = await startTestServer();
    ({ poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...SMS, ...TOTP, ...EMAIL }));
  });
  after(async () => s.stop());

  const fresh = (attributes: Record<string, string> = { phone_number: '+15555550100', email: 'pat@example.com' }) =>
    userWithToken(s, poolId, clientId, `user${++n}`, { attributes }).then((token) => ({ token, name: `user${n}` }));
  const set = (token: string, req: Omit<SetUserMFAPreferenceRequest, 'AccessToken'>) => s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: token, ...req }));
  const factors = (token: string) => s.client.send(new GetUserAuthFactorsCommand({ AccessToken: token }));
  async function verifyTotp(token: string, steps = -1): Promise<string> {
    const { SecretCode } = await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
    await s.client.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: codeAt(s, SecretCode!, steps) }));
    return SecretCode!;
  }

  it('omits the MFA members for a user who never configured MFA', async () => {
    const { token, name } = await fresh();
    const r = await factors(token);
    assert.equal(r.Username, name);
    assert.equal(r.PreferredMfaSetting, undefined);
    assert.equal(r.UserMFASettingList, undefined);
    assert.deepEqual(r.ConfiguredUserAuthFactors, ['PASSWORD']);
  });

  it('answers HTTP 200 with the body {} (the AWS CLI prints nothing)', async () => {
    const { token } = await fresh();
    const r = await rawCall(s.url, 'SetUserMFAPreference', JSON.stringify({ AccessToken: token, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    assert.equal(r.status, 200);
    assert.equal(r.text, '{}');
  });

  it('refuses TOTP without a verified software token, then accepts it once verified', async () => {
    const { token } = await fresh();
    await rejectsWith(set(token, { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }), 'InvalidParameterException', TOTP_MSG);
    // Associated but not verified is not enough either.
    await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
    await rejectsWith(set(token, { SoftwareTokenMfaSettings: { Enabled: true } }), 'InvalidParameterException', TOTP_MSG);
    await verifyTotp(token);
    await set(token, { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true }, SMSMfaSettings: { Enabled: false, PreferredMfa: false } });
    const r = await factors(token);
    assert.equal(r.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(r.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.ok(r.ConfiguredUserAuthFactors!.includes('SOFTWARE_TOKEN'));
  });

  it('refuses SMS without a phone_number and email MFA without an email', async () => {
    const { token } = await fresh({});
    await rejectsWith(set(token, { SMSMfaSettings: { Enabled: true } }), 'InvalidParameterException', SMS_MSG);
    await rejectsWith(set(token, { EmailMfaSettings: { Enabled: true } }), 'InvalidParameterException', EMAIL_MSG);
    // Nothing was written by the refused calls.
    assert.equal((await factors(token)).UserMFASettingList, undefined);
  });

  it('accepts an unverified phone number for SMS MFA', async () => {
    const { token } = await fresh({ phone_number: '+15555550101', phone_number_verified: 'false' });
    await set(token, { SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
    assert.equal((await factors(token)).PreferredMfaSetting, 'SMS_MFA');
  });

  it('refuses Enabled:false with PreferredMfa:true, and PreferredMfa:true with Enabled omitted', async () => {
    const { token } = await fresh();
    await rejectsWith(set(token, { SMSMfaSettings: { Enabled: false, PreferredMfa: true } }), 'InvalidParameterException', PREFERRED_BUT_DISABLED);
    await rejectsWith(set(token, { EmailMfaSettings: { PreferredMfa: true } }), 'InvalidParameterException', PREFERRED_BUT_DISABLED);
  });

  it('refuses two preferred factors in one request', async () => {
    const { token } = await fresh();
    await rejectsWith(
      set(token, { SMSMfaSettings: { Enabled: true, PreferredMfa: true }, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }),
      'InvalidParameterException',
      TWO_PREFERRED,
    );
    assert.equal((await factors(token)).UserMFASettingList, undefined);
  });

  it('leaves a factor whose settings are omitted or null unchanged', async () => {
    const { token } = await fresh();
    await set(token, { SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
    await verifyTotp(token);
    // amazon-cognito-identity-js sends the factor it is not changing as JSON null.
    const r = await rawCall(s.url, 'SetUserMFAPreference', JSON.stringify({ AccessToken: token, SMSMfaSettings: null, SoftwareTokenMfaSettings: { Enabled: true } }));
    assert.equal(r.status, 200, r.text);
    await set(token, { EmailMfaSettings: { Enabled: true } });
    const f = await factors(token);
    assert.equal(f.PreferredMfaSetting, 'SMS_MFA');
    assert.deepEqual(f.UserMFASettingList, ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
  });

  it('keeps at most one preferred factor: preferring one clears the other', async () => {
    const { token } = await fresh();
    await set(token, { SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
    await set(token, { EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    const f = await factors(token);
    assert.equal(f.PreferredMfaSetting, 'EMAIL_OTP');
    assert.deepEqual(f.UserMFASettingList, ['SMS_MFA', 'EMAIL_OTP']);
  });

  it('clears the preference when the preferred factor is sent as Enabled:true without PreferredMfa', async () => {
    const { token } = await fresh();
    await set(token, { SMSMfaSettings: { Enabled: true, PreferredMfa: true }, EmailMfaSettings: { Enabled: true } });
    await set(token, { SMSMfaSettings: { Enabled: true } });
    let f = await factors(token);
    assert.equal(f.PreferredMfaSetting, undefined);
    assert.deepEqual(f.UserMFASettingList, ['SMS_MFA', 'EMAIL_OTP']);
    // PreferredMfa:false on a factor that is not preferred changes nothing else.
    await set(token, { EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    await set(token, { SMSMfaSettings: { Enabled: true, PreferredMfa: false } });
    f = await factors(token);
    assert.equal(f.PreferredMfaSetting, 'EMAIL_OTP');
  });

  it('removes a disabled factor and its preference; all disabled leaves an empty list', async () => {
    const { token } = await fresh();
    await set(token, { SMSMfaSettings: { Enabled: true, PreferredMfa: true }, EmailMfaSettings: { Enabled: true } });
    await set(token, { SMSMfaSettings: { Enabled: false } });
    let f = await factors(token);
    assert.equal(f.PreferredMfaSetting, undefined);
    assert.deepEqual(f.UserMFASettingList, ['EMAIL_OTP']);
    await set(token, { EmailMfaSettings: { Enabled: false, PreferredMfa: false } });
    f = await factors(token);
    assert.deepEqual(f.UserMFASettingList, []);
  });

  it('accepts disabling factors the user cannot have (Amplify v5 NOMFA for a user without phone or token)', async () => {
    const { token } = await fresh({});
    await set(token, { SMSMfaSettings: { Enabled: false, PreferredMfa: false }, SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } });
    assert.deepEqual((await factors(token)).UserMFASettingList, []);
  });

  it('does not check the pool: SMS can be preferred in a TOTP-only pool, and anything in a pool with MFA OFF', async () => {
    const totpOnly = await mfaPool(s, { MfaConfiguration: 'ON', ...TOTP });
    const t1 = await userWithToken(s, totpOnly.poolId, totpOnly.clientId, 'sms-in-totp-pool', { attributes: { phone_number: '+15555550102' } });
    await set(t1, { SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
    assert.equal((await factors(t1)).PreferredMfaSetting, 'SMS_MFA');
    const off = await mfaPool(s, undefined);
    const t2 = await userWithToken(s, off.poolId, off.clientId, 'sms-in-off-pool', { attributes: { phone_number: '+15555550103' } });
    await set(t2, { SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
    assert.equal((await factors(t2)).PreferredMfaSetting, 'SMS_MFA');
  });

  // SetUserMFAPreference models no FeatureUnavailableInTierException (SetUserPoolMfaConfig does).
  it('answers InvalidParameterException for email MFA in a LITE pool', async () => {
    const lite = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...SMS }, { UserPoolTier: 'LITE' });
    const token = await userWithToken(s, lite.poolId, lite.clientId, 'lite', { attributes: { email: 'lite@example.com' } });
    await rejectsWith(set(token, { EmailMfaSettings: { Enabled: true } }), 'InvalidParameterException', 'Email MFA is not available for user pools on the LITE feature plan.');
  });

  it('checks the access token', async () => {
    await rejectsWith(set('not-a-token', { SMSMfaSettings: { Enabled: true } }), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('AdminSetUserMFAPreference applies the same rules to a user named by the administrator', async () => {
    const { token, name } = await fresh({ phone_number: '+15555550104' });
    await rejectsWith(
      s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })),
      'InvalidParameterException',
      TOTP_MSG,
    );
    await rejectsWith(
      s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name, SMSMfaSettings: { Enabled: true, PreferredMfa: true }, EmailMfaSettings: { Enabled: true, PreferredMfa: true } })),
      'InvalidParameterException',
      TWO_PREFERRED,
    );
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: name.toUpperCase(), SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    assert.equal((await factors(token)).PreferredMfaSetting, 'SMS_MFA');
    const admin = await s.client.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: poolId, Username: name }));
    assert.deepEqual(admin.UserMFASettingList, ['SMS_MFA']);
    await rejectsWith(
      s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'nobody', SMSMfaSettings: { Enabled: true } })),
      'UserNotFoundException',
      'User does not exist.',
    );
  });

  it('race: 50 concurrent calls preferring different factors lose no update and leave exactly one preferred', async () => {
    const { token, name } = await fresh();
    await verifyTotp(token);
    const members = ['SMSMfaSettings', 'SoftwareTokenMfaSettings', 'EmailMfaSettings'] as const;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => set(token, { [members[i % 3]!]: { Enabled: true, PreferredMfa: true } })),
    );
    assert.deepEqual(results.filter((r) => r.status === 'rejected'), []);
    const view = mfaView(await userRecord(s, poolId, name));
    // Every call touched only its own factor: a lost update would leave a factor out of the list.
    assert.deepEqual(view.UserMFASettingList, ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
    assert.ok(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'].includes(view.PreferredMfaSetting!));
  });

  it('race: 50 concurrent updates that all start from the same stale record still lose nothing', async () => {
    // What interleaving requests (or several processes on one database) do: each read the user before any wrote.
    const { token, name } = await fresh();
    await verifyTotp(token);
    const pool = (await s.store.pools.get(poolId))!;
    const stale = await userRecord(s, poolId, name);
    const members = ['SMSMfaSettings', 'SoftwareTokenMfaSettings', 'EmailMfaSettings'] as const;
    await Promise.all(Array.from({ length: 50 }, (_, i) => setMfaPreference(s.deps, pool, stale, { [members[i % 3]!]: { Enabled: true, PreferredMfa: true } })));
    const view = mfaView(await userRecord(s, poolId, name));
    assert.deepEqual(view.UserMFASettingList, ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
    assert.ok(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'].includes(view.PreferredMfaSetting!));
  });
});

describe('SetUserSettings / AdminSetUserSettings (legacy MFAOptions, docs/compatibility.md, MFA: Legacy MFAOptions)', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startTestServer();
    ({ poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...SMS, ...TOTP }));
  });
  after(async () => s.stop());
  const view = async (name: string) => mfaView(await userRecord(s, poolId, name));

  it('shows legacy SMS MFA in MFAOptions only, until the preference API is used', async () => {
    const token = await userWithToken(s, poolId, clientId, 'legacy', { attributes: { phone_number: '+15555550110' } });
    await s.client.send(new SetUserSettingsCommand({ AccessToken: token, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
    assert.deepEqual(await view('legacy'), { MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] });
    await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    assert.deepEqual(await view('legacy'), {
      MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
      PreferredMfaSetting: 'SMS_MFA',
      UserMFASettingList: ['SMS_MFA'],
    });
  });

  it('an empty list turns SMS MFA off in both views; the preference API turning SMS off clears MFAOptions', async () => {
    const token = await userWithToken(s, poolId, clientId, 'legacy-off', { attributes: { phone_number: '+15555550111' } });
    await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    await s.client.send(new SetUserSettingsCommand({ AccessToken: token, MFAOptions: [] }));
    assert.deepEqual(await view('legacy-off'), { UserMFASettingList: [] });
    await s.client.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'legacy-off', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
    await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SMSMfaSettings: { Enabled: false } }));
    assert.deepEqual(await view('legacy-off'), { UserMFASettingList: [] });
  });

  it('refuses legacy SMS without a phone number; keeps an EMAIL entry without enabling anything', async () => {
    await userWithToken(s, poolId, clientId, 'legacy-email', { attributes: { email: 'e@example.com' } });
    await rejectsWith(
      s.client.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'legacy-email', MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] })),
      'InvalidParameterException',
      SMS_MSG,
    );
    await s.client.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'legacy-email', MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }] }));
    assert.deepEqual(await view('legacy-email'), { MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }] });
  });
});
