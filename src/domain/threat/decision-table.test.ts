/*
 * The MFA decision with threat protection on (docs/compatibility.md "MFA with threat protection"), row by row: the
 * pool's MFA mode × what the user has × the MFA the risk level asks for (ENFORCED). test/threat/risk-levels.test.ts
 * provokes the same rows end to end through the SDK.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PoolConfig, PoolRecord, UserRecord } from '../../store/types.js';
import { mfaDecision } from '../mfa/sign-in.js';

const FACTORS: PoolConfig = { SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: {} };
const pool = (mode: 'OFF' | 'OPTIONAL' | 'ON'): PoolRecord => ({
  id: 'us-east-1_unit', name: 'unit', createdAt: 0, updatedAt: 0, config: mode === 'OFF' ? { MfaConfiguration: 'OFF' } : { MfaConfiguration: mode, ...FACTORS },
});
const user = (attributes: Record<string, string>, data: Record<string, unknown> = {}): UserRecord => ({
  poolId: 'us-east-1_unit', username: 'u', usernameKey: 'u', sub: 's', status: 'CONFIRMED', enabled: true, createdAt: 0, updatedAt: 0, version: 1, attributes, data,
});
const USERS = {
  /** Email MFA switched on and preferred. */
  chose: user({ email: 'u@example.com' }, { mfa: { enabled: ['EMAIL_OTP'], preferred: 'EMAIL_OTP' } }),
  /** Never chose, but has an email address: the factor they have. */
  'never chose, has email': user({ email: 'u@example.com' }),
  /** Never chose and can receive nothing. */
  'never chose, nothing': user({}),
} as const;

type Risk = 'none' | 'IF_CONFIGURED' | 'REQUIRED';
const show = (d: ReturnType<typeof mfaDecision>) => ('factor' in d ? `${d.kind} ${d.factor}` : 'factors' in d ? `${d.kind} ${d.factors.join('+')}` : d.kind);

// pool MFA | user | risk's MFA → decision ("risk-block": NotAuthorizedException Unable to login because of security reasons.)
const TABLE: Array<[mode: 'OFF' | 'OPTIONAL' | 'ON', who: keyof typeof USERS, risk: Risk, expected: string]> = [
  ['OFF', 'chose', 'none', 'none'],
  ['OFF', 'chose', 'IF_CONFIGURED', 'none'],
  ['OFF', 'chose', 'REQUIRED', 'risk-block'],
  ['OFF', 'never chose, nothing', 'REQUIRED', 'risk-block'],
  ['OPTIONAL', 'chose', 'none', 'challenge EMAIL_OTP'],
  ['OPTIONAL', 'chose', 'IF_CONFIGURED', 'challenge EMAIL_OTP'],
  ['OPTIONAL', 'chose', 'REQUIRED', 'challenge EMAIL_OTP'],
  ['OPTIONAL', 'never chose, has email', 'none', 'none'],
  ['OPTIONAL', 'never chose, has email', 'IF_CONFIGURED', 'challenge EMAIL_OTP'],
  ['OPTIONAL', 'never chose, has email', 'REQUIRED', 'challenge EMAIL_OTP'],
  ['OPTIONAL', 'never chose, nothing', 'none', 'none'],
  ['OPTIONAL', 'never chose, nothing', 'IF_CONFIGURED', 'none'],
  ['OPTIONAL', 'never chose, nothing', 'REQUIRED', 'risk-block'],
  ['ON', 'chose', 'REQUIRED', 'challenge EMAIL_OTP'],
  ['ON', 'never chose, has email', 'none', 'challenge EMAIL_OTP'],
  ['ON', 'never chose, has email', 'IF_CONFIGURED', 'challenge EMAIL_OTP'],
  ['ON', 'never chose, nothing', 'none', 'setup SOFTWARE_TOKEN_MFA+EMAIL_OTP'],
  ['ON', 'never chose, nothing', 'IF_CONFIGURED', 'setup SOFTWARE_TOKEN_MFA+EMAIL_OTP'],
  ['ON', 'never chose, nothing', 'REQUIRED', 'setup SOFTWARE_TOKEN_MFA+EMAIL_OTP'],
];

describe('the MFA decision with threat protection (pool MFA × user × the risk level\'s MFA action)', () => {
  for (const [mode, who, risk, expected] of TABLE) {
    it(`${mode} | ${who} | ${risk} → ${expected}`, () => {
      assert.equal(show(mfaDecision(pool(mode), USERS[who], risk === 'none' ? undefined : risk)), expected);
    });
  }
});
