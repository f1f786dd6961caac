/*
 * The MFA-preference rules as pure functions, in milliseconds: what SetUserMFAPreference stores (applyPreference) and
 * what a sign-in then asks for (mfaDecision). test/mfa/decision-table.test.ts and preferences.test.ts check the same
 * rules end to end through the SDK and every sign-in flow; this file pins the table itself, row by row.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PoolConfig, PoolRecord, UserRecord } from '../../store/types.js';
import { isCognitoError } from '../errors.js';
import { applyPreference, noDeliveryConfig, PREFERRED_BUT_DISABLED, TWO_PREFERRED, type PreferenceRequest } from './preferences.js';
import { EMAIL_MFA_TIER } from './pool-config.js';
import { mfaDecision } from './sign-in.js';
import { mfaState, mfaView, type MfaFactor } from './state.js';

const ALL_FACTORS: PoolConfig = {
  SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' },
  SoftwareTokenMfaConfiguration: { Enabled: true },
  EmailMfaConfiguration: {},
};

function pool(config: PoolConfig = {}): PoolRecord {
  return { id: 'us-east-1_unit', name: 'unit', createdAt: 0, updatedAt: 0, config };
}

const VERIFIED_TOKEN = { verified: { sealed: 'x', createdAt: 0, verifiedAt: 0 } };

function user(attributes: Record<string, string> = {}, data: Record<string, unknown> = {}): UserRecord {
  return { poolId: 'us-east-1_unit', username: 'u', usernameKey: 'u', sub: 's', status: 'CONFIRMED', enabled: true, createdAt: 0, updatedAt: 0, version: 1, attributes, data };
}

/** A user who can receive every factor: phone, email and a verified software token. */
const reachable = () => user({ phone_number: '+15555550100', email: 'u@example.com' }, { softwareToken: VERIFIED_TOKEN });

function apply(u: UserRecord, request: PreferenceRequest, p = pool(ALL_FACTORS)): UserRecord {
  const next = applyPreference(p, u, request, 0);
  assert.ok(next, 'a request naming a factor changes the record');
  return next;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isCognitoError(e), String(e));
    return `${e.type}: ${e.message}`;
  }
  assert.fail('expected a Cognito error');
}

describe('applyPreference (what SetUserMFAPreference stores)', () => {
  it('an empty request, or only null settings, changes nothing', () => {
    assert.equal(applyPreference(pool(), reachable(), {}, 0), undefined);
    assert.equal(applyPreference(pool(), reachable(), { SMSMfaSettings: null, EmailMfaSettings: null }, 0), undefined);
  });

  it('enables and prefers; UserMFASettingList keeps SMS, TOTP, email order whatever the request order', () => {
    const u = apply(reachable(), { EmailMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true }, SMSMfaSettings: { Enabled: true } });
    assert.deepEqual(mfaView(u), {
      MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      UserMFASettingList: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
    });
  });

  it('preferring one factor moves the preference; naming the preferred one without PreferredMfa clears it', () => {
    let u = apply(reachable(), { SMSMfaSettings: { Enabled: true, PreferredMfa: true }, SoftwareTokenMfaSettings: { Enabled: true } });
    assert.equal(mfaState(u)?.preferred, 'SMS_MFA');
    u = apply(u, { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    assert.equal(mfaState(u)?.preferred, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(mfaState(u)?.enabled.sort(), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    u = apply(u, { SoftwareTokenMfaSettings: { Enabled: true } });
    assert.equal(mfaState(u)?.preferred, undefined);
  });

  it('a present settings object states the whole setting: Enabled absent is false', () => {
    const u = apply(apply(reachable(), { SMSMfaSettings: { Enabled: true } }), { SMSMfaSettings: {} });
    assert.deepEqual(mfaView(u), { UserMFASettingList: [] }, 'configured, then everything off: an empty list, no MFAOptions');
    assert.equal(refusal(() => apply(reachable(), { SMSMfaSettings: { PreferredMfa: true } })), `InvalidParameterException: ${PREFERRED_BUT_DISABLED}`);
  });

  it('two preferred factors are refused before anything else is looked at', () => {
    const request = { SMSMfaSettings: { Enabled: true, PreferredMfa: true }, EmailMfaSettings: { Enabled: true, PreferredMfa: true } };
    assert.equal(refusal(() => apply(user(), request)), `InvalidParameterException: ${TWO_PREFERRED}`);
  });

  it('only enabling checks prerequisites: phone (verified or not), email, a verified token', () => {
    const bare = user();
    for (const [member, factor] of [['SMSMfaSettings', 'SMS_MFA'], ['SoftwareTokenMfaSettings', 'SOFTWARE_TOKEN_MFA'], ['EmailMfaSettings', 'EMAIL_OTP']] as const) {
      assert.equal(refusal(() => apply(bare, { [member]: { Enabled: true } })), `InvalidParameterException: ${noDeliveryConfig(factor)}`);
      assert.deepEqual(mfaView(apply(bare, { [member]: { Enabled: false } })), { UserMFASettingList: [] }, `disabling ${factor} needs nothing`);
    }
    assert.deepEqual(mfaState(apply(user({ phone_number: '+15555550100', phone_number_verified: 'false' }), { SMSMfaSettings: { Enabled: true } }))?.enabled, ['SMS_MFA']);
  });

  it('the pool is not consulted: a pool with MFA OFF still stores the preference', () => {
    const u = apply(reachable(), { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }, pool({ MfaConfiguration: 'OFF' }));
    assert.equal(mfaState(u)?.preferred, 'SOFTWARE_TOKEN_MFA');
  });

  it('email MFA on a LITE pool: InvalidParameterException with the tier text (the operation models no FeatureUnavailableInTierException)', () => {
    assert.equal(
      refusal(() => apply(reachable(), { EmailMfaSettings: { Enabled: true } }, pool({ ...ALL_FACTORS, UserPoolTier: 'LITE' }))),
      `InvalidParameterException: ${EMAIL_MFA_TIER}`,
    );
  });
});

describe('mfaDecision (what sign-in asks for after the password)', () => {
  const on = (extra: PoolConfig = {}) => pool({ MfaConfiguration: 'ON', ...ALL_FACTORS, ...extra });
  const optional = (extra: PoolConfig = {}) => pool({ MfaConfiguration: 'OPTIONAL', ...ALL_FACTORS, ...extra });
  const withPreference = (request: PreferenceRequest, u = reachable()) => apply(u, request);
  const challenge = (factor: MfaFactor) => ({ kind: 'challenge', factor });

  it('pool MFA OFF: no MFA, whatever the user enabled', () => {
    assert.deepEqual(mfaDecision(pool({ MfaConfiguration: 'OFF', ...ALL_FACTORS }), withPreference({ SMSMfaSettings: { Enabled: true } })), { kind: 'none' });
  });

  it('the preferred factor if usable, else the only usable one, else a choice among the usable ones', () => {
    const all = withPreference({ SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    assert.deepEqual(mfaDecision(optional(), all), challenge('EMAIL_OTP'));
    assert.deepEqual(mfaDecision(optional({ EmailMfaConfiguration: undefined }), all), { kind: 'select', factors: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'] }, 'preferred factor switched off in the pool');
    assert.deepEqual(mfaDecision(optional(), withPreference({ SMSMfaSettings: { Enabled: true } })), challenge('SMS_MFA'));
  });

  it('a verified token stays usable after the pool switches TOTP off', () => {
    const u = withPreference({ SoftwareTokenMfaSettings: { Enabled: true } });
    assert.deepEqual(mfaDecision(optional({ SoftwareTokenMfaConfiguration: { Enabled: false } }), u), challenge('SOFTWARE_TOKEN_MFA'));
  });

  it('enabled but undeliverable (phone removed since): MFAMethodNotFoundException', () => {
    const u = withPreference({ SMSMfaSettings: { Enabled: true } });
    delete u.attributes.phone_number;
    assert.deepEqual(mfaDecision(on(), u), { kind: 'not-found' });
  });

  it('OPTIONAL and nothing enabled: no MFA', () => {
    assert.deepEqual(mfaDecision(optional(), reachable()), { kind: 'none' });
  });

  it('ON and nothing enabled: what the user can receive counts, else MFA_SETUP, else MFAMethodNotFoundException', () => {
    assert.deepEqual(mfaDecision(on(), user({ phone_number: '+15555550100' })), challenge('SMS_MFA'), 'implicit SMS MFA');
    assert.deepEqual(mfaDecision(on(), user({ phone_number: '+15555550100', email: 'u@example.com' })), { kind: 'select', factors: ['SMS_MFA', 'EMAIL_OTP'] });
    assert.deepEqual(mfaDecision(on(), user()), { kind: 'setup', factors: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] });
    assert.deepEqual(mfaDecision(pool({ MfaConfiguration: 'ON', SmsConfiguration: {} }), user()), { kind: 'not-found' }, 'SMS only and no phone: nothing to set up');
  });
});
