import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateSoftwareTokenCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  type SetUserPoolMfaConfigRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createPool, userWithToken } from './helpers.js';

const OFF_WITH_FACTOR = "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.";
const ON_WITHOUT_FACTOR = "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.";

// The request and answer of the AWS CLI's set-user-pool-mfa-config example.
const CLI_EXAMPLE = {
  SmsMfaConfiguration: {
    SmsAuthenticationMessage: 'Your OTP for MFA or sign-in: use {####}.',
    SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/service-role/test-SMS-Role', ExternalId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', SnsRegion: 'us-west-2' },
  },
  SoftwareTokenMfaConfiguration: { Enabled: true },
  EmailMfaConfiguration: { Message: 'Your OTP for MFA or sign-in: use {####}', Subject: 'OTP test' },
  MfaConfiguration: 'OPTIONAL',
  WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com', UserVerification: 'preferred' },
} as const;

describe('SetUserPoolMfaConfig / GetUserPoolMfaConfig (docs/compatibility.md, MFA: SetUserPoolMfaConfig)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());
  const set = (poolId: string, req: Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'>) => s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...req }));
  const get = async (poolId: string) => {
    const { $metadata: _m, ...rest } = await s.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    return rest;
  };

  it('describes a new pool as MFA OFF with TOTP disabled and default passkey settings', async () => {
    const poolId = await createPool(s);
    assert.deepEqual(await get(poolId), {
      MfaConfiguration: 'OFF',
      SoftwareTokenMfaConfiguration: { Enabled: false },
      WebAuthnConfiguration: { UserVerification: 'preferred' },
    });
  });

  it('answers the AWS CLI example with the example output and keeps DescribeUserPool consistent', async () => {
    const poolId = await createPool(s);
    const { $metadata: _m, ...answer } = await set(poolId, CLI_EXAMPLE);
    assert.deepEqual(answer, CLI_EXAMPLE);
    assert.deepEqual(await get(poolId), CLI_EXAMPLE);
    const { UserPool } = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(UserPool!.MfaConfiguration, 'OPTIONAL');
    assert.equal(UserPool!.SmsAuthenticationMessage, CLI_EXAMPLE.SmsMfaConfiguration.SmsAuthenticationMessage);
    assert.deepEqual(UserPool!.SmsConfiguration, CLI_EXAMPLE.SmsMfaConfiguration.SmsConfiguration);
  });

  it('replaces rather than merges: omitted factor blocks switch their factor off', async () => {
    const poolId = await createPool(s);
    await set(poolId, CLI_EXAMPLE);
    await rejectsWith(set(poolId, { MfaConfiguration: 'OPTIONAL' }), 'InvalidParameterException', ON_WITHOUT_FACTOR);
    await set(poolId, { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
    assert.deepEqual(await get(poolId), {
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
      // Passkey settings are not an MFA factor block: omitted, they stay.
      WebAuthnConfiguration: CLI_EXAMPLE.WebAuthnConfiguration,
    });
    const { UserPool } = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(UserPool!.MfaConfiguration, 'ON');
    // The pool's SMS settings serve other messages too; switching SMS MFA off keeps them.
    assert.deepEqual(UserPool!.SmsConfiguration, CLI_EXAMPLE.SmsMfaConfiguration.SmsConfiguration);
  });

  it('keeps the current mode when MfaConfiguration is omitted', async () => {
    const poolId = await createPool(s);
    await set(poolId, { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    const answer = await set(poolId, { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}' } });
    assert.equal(answer.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(answer.SmsMfaConfiguration, { SmsAuthenticationMessage: 'Code {####}' });
    assert.deepEqual(answer.SoftwareTokenMfaConfiguration, { Enabled: false });
    await rejectsWith(set(await createPool(s), { SoftwareTokenMfaConfiguration: { Enabled: true } }), 'InvalidParameterException', OFF_WITH_FACTOR);
  });

  it("refuses OFF together with a factor, but allows the passkey block and a disabled TOTP block", async () => {
    const poolId = await createPool(s);
    await rejectsWith(set(poolId, { MfaConfiguration: 'OFF', SmsMfaConfiguration: {} }), 'InvalidParameterException', OFF_WITH_FACTOR);
    await rejectsWith(set(poolId, { MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: true } }), 'InvalidParameterException', OFF_WITH_FACTOR);
    await rejectsWith(set(poolId, { MfaConfiguration: 'OFF', EmailMfaConfiguration: {} }), 'InvalidParameterException', OFF_WITH_FACTOR);
    const answer = await set(poolId, {
      MfaConfiguration: 'OFF',
      SoftwareTokenMfaConfiguration: { Enabled: false },
      WebAuthnConfiguration: { RelyingPartyId: 'localhost', FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
    });
    assert.equal(answer.MfaConfiguration, 'OFF');
    assert.deepEqual(answer.WebAuthnConfiguration, { UserVerification: 'preferred', RelyingPartyId: 'localhost', FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' });
  });

  it('refuses ON or OPTIONAL without any factor', async () => {
    const poolId = await createPool(s);
    await rejectsWith(set(poolId, { MfaConfiguration: 'ON' }), 'InvalidParameterException', ON_WITHOUT_FACTOR);
    await rejectsWith(set(poolId, { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: false } }), 'InvalidParameterException', ON_WITHOUT_FACTOR);
  });

  it('answers FeatureUnavailableInTierException for email MFA on the LITE tier', async () => {
    const poolId = await createPool(s, { UserPoolTier: 'LITE' });
    await rejectsWith(
      set(poolId, { MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'Code {####}' } }),
      'FeatureUnavailableInTierException',
      'Email MFA is not available for user pools on the LITE feature plan.',
    );
    assert.equal((await get(poolId)).MfaConfiguration, 'OFF');
  });

  it('validates the message templates from the model', async () => {
    const poolId = await createPool(s);
    await rejectsWith(
      set(poolId, { MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsAuthenticationMessage: 'no placeholder here' } }),
      'InvalidParameterException',
      /smsMfaConfiguration\.smsAuthenticationMessage/,
    );
  });

  it('reports SMS MFA for a pool created with MFA and an SMS configuration', async () => {
    const { UserPool } = await s.client.send(
      new CreateUserPoolCommand({ PoolName: 'sms', MfaConfiguration: 'ON', SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms' } }),
    );
    const cfg = await get(UserPool!.Id!);
    assert.equal(cfg.MfaConfiguration, 'ON');
    assert.deepEqual(cfg.SmsMfaConfiguration, { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms' } });
  });

  it('UpdateUserPool without MfaConfiguration turns MFA OFF, and then no factor is reported or usable', async () => {
    const poolId = await createPool(s);
    await set(poolId, { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: {} });
    await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual(await get(poolId), {
      MfaConfiguration: 'OFF',
      SoftwareTokenMfaConfiguration: { Enabled: false },
      WebAuthnConfiguration: { UserVerification: 'preferred' },
    });
    const { clientId } = await createClient(s, poolId);
    const token = await userWithToken(s, poolId, clientId, 'off-user');
    await rejectsWith(s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token })), 'SoftwareTokenMFANotFoundException', 'Software Token MFA has not been enabled by the userPool');
  });

  it('answers ResourceNotFoundException for an unknown pool', async () => {
    await rejectsWith(s.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: 'us-east-1_nothere00' })), 'ResourceNotFoundException', 'User pool us-east-1_nothere00 does not exist.');
  });
});
