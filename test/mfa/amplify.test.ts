import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminSetUserMFAPreferenceCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchMFAPreference, setUpTOTP, signIn, signOut, updateMFAPreference, verifyTOTPSetup } from 'aws-amplify/auth';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, codeAt, EMAIL, lastCode, mfaPool, PASSWORD, SMS, TOTP } from './helpers.js';

/**
 * Amplify JS v6 (aws-amplify/auth) headless in Node, against cognate through `userPoolEndpoint`: its default
 * USER_SRP_AUTH sign-in, TOTP set-up and preference calls, and every MFA next step it knows.
 */
describe('Amplify JS v6 and MFA', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());
  afterEach(async () => {
    await signOut().catch(() => undefined);
  });

  function configure(poolId: string, clientId: string): void {
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: s.url } } });
  }

  it('setUpTOTP / verifyTOTPSetup / updateMFAPreference / fetchMFAPreference, then CONFIRM_SIGN_IN_WITH_TOTP_CODE → confirmSignIn', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...TOTP, ...SMS });
    await addUser(s, poolId, 'amy', PASSWORD, { attributes: { phone_number: '+15555550150' } });
    configure(poolId, clientId);
    const first = await signIn({ username: 'amy', password: PASSWORD });
    assert.equal(first.isSignedIn, true);
    assert.deepEqual(await fetchMFAPreference(), { enabled: undefined, preferred: undefined });

    const totp = await setUpTOTP();
    assert.match(totp.sharedSecret, /^[A-Z2-7]{52}$/);
    assert.match(totp.getSetupUri('cognate').href, new RegExp(`secret=${totp.sharedSecret}`));
    await verifyTOTPSetup({ code: codeAt(s, totp.sharedSecret, -1), options: { friendlyDeviceName: 'amy-phone' } });
    await updateMFAPreference({ totp: 'PREFERRED', sms: 'ENABLED' });
    assert.deepEqual(await fetchMFAPreference(), { enabled: ['SMS', 'TOTP'], preferred: 'TOTP' });
    await updateMFAPreference({ sms: 'DISABLED' });
    assert.deepEqual(await fetchMFAPreference(), { enabled: ['TOTP'], preferred: 'TOTP' });
    await signOut();

    const challenge = await signIn({ username: 'amy', password: PASSWORD });
    assert.equal(challenge.isSignedIn, false);
    assert.equal(challenge.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const done = await confirmSignIn({ challengeResponse: codeAt(s, totp.sharedSecret, 0) });
    assert.equal(done.isSignedIn, true);
    assert.equal(done.nextStep.signInStep, 'DONE');
  });

  it('CONTINUE_SIGN_IN_WITH_TOTP_SETUP on a pool with MFA ON', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'ON', ...TOTP });
    await addUser(s, poolId, 'ben');
    configure(poolId, clientId);
    const setup = await signIn({ username: 'ben', password: PASSWORD });
    assert.equal(setup.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    const secret = (setup.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails.sharedSecret;
    const done = await confirmSignIn({ challengeResponse: codeAt(s, secret, -1) });
    assert.equal(done.isSignedIn, true);
    assert.deepEqual(await fetchMFAPreference(), { enabled: ['TOTP'], preferred: 'TOTP' });
  });

  it('CONFIRM_SIGN_IN_WITH_SMS_CODE and CONFIRM_SIGN_IN_WITH_EMAIL_CODE with codes from the outbox', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...SMS, ...EMAIL });
    await addUser(s, poolId, 'cat', PASSWORD, { attributes: { phone_number: '+15555550151', email: 'cat@example.com' } });
    configure(poolId, clientId);
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'cat', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const sms = await signIn({ username: 'cat', password: PASSWORD });
    assert.equal(sms.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
    assert.deepEqual((sms.nextStep as { codeDeliveryDetails: unknown }).codeDeliveryDetails, { deliveryMedium: 'SMS', destination: '+*******0151' });
    assert.equal((await confirmSignIn({ challengeResponse: (await lastCode(s, poolId, 'cat', 'SMS')).code })).isSignedIn, true);
    await updateMFAPreference({ email: 'PREFERRED' });
    await signOut();

    const email = await signIn({ username: 'cat', password: PASSWORD });
    assert.equal(email.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    assert.deepEqual((email.nextStep as { codeDeliveryDetails: unknown }).codeDeliveryDetails, { deliveryMedium: 'EMAIL', destination: 'c***@e***' });
    assert.equal((await confirmSignIn({ challengeResponse: (await lastCode(s, poolId, 'cat', 'EMAIL')).code })).isSignedIn, true);
  });

  it('CONTINUE_SIGN_IN_WITH_MFA_SELECTION → confirmSignIn with the choice', async () => {
    const { poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...SMS, ...EMAIL });
    await addUser(s, poolId, 'dan', PASSWORD, { attributes: { phone_number: '+15555550152', email: 'dan@example.com' } });
    await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'dan', SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } }));
    configure(poolId, clientId);
    const select = await signIn({ username: 'dan', password: PASSWORD });
    assert.equal(select.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION');
    assert.deepEqual((select.nextStep as { allowedMFATypes: string[] }).allowedMFATypes, ['SMS', 'EMAIL']);
    const email = await confirmSignIn({ challengeResponse: 'EMAIL' });
    assert.equal(email.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    assert.equal((await confirmSignIn({ challengeResponse: (await lastCode(s, poolId, 'dan', 'EMAIL')).code })).isSignedIn, true);
  });
});
