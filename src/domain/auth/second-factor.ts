import type { ChallengeSessionRecord, ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';

/**
 * The contract between the sign-in flows (domain/auth) and MFA (domain/mfa). After the first factor succeeds
 * (password, SRP, NEW_PASSWORD_REQUIRED), the flow asks `decide`; when a challenge comes back, the flow stores a
 * challenge session with `sessionData` and returns the challenge; answers to MFA challenge names are passed to
 * `answer`. The MFA module registers its implementation at start-up (see domain/mfa/sign-in.ts).
 */
export type MfaChallengeName = 'SMS_MFA' | 'EMAIL_OTP' | 'SOFTWARE_TOKEN_MFA' | 'SELECT_MFA_TYPE' | 'MFA_SETUP';

export type SecondFactorOutcome =
  | { kind: 'tokens'; user: UserRecord }
  | { kind: 'challenge'; challengeName: MfaChallengeName; parameters: Record<string, string>; sessionData: Record<string, unknown>; user: UserRecord };

export interface SecondFactorContext {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  /** A remembered device whose key was proven by device SRP (then MFA may be skipped, docs/compatibility.md, Devices). */
  rememberedDevice: boolean;
  /** The MFA threat protection asks for at this sign-in's risk level (ENFORCED mode; docs/threat-protection.md). */
  riskMfa?: 'IF_CONFIGURED' | 'REQUIRED';
  /** The MFA lock (0: none) as read when the first factor passed, in this request; absent: `decide` reads it. */
  mfaLockedUntil?: number;
}

export interface SecondFactor {
  decide(deps: Deps, ctx: SecondFactorContext): Promise<SecondFactorOutcome>;
  answer(
    deps: Deps,
    ctx: SecondFactorContext & { session: ChallengeSessionRecord; challengeName: string; responses: Record<string, string> },
  ): Promise<SecondFactorOutcome>;
}
