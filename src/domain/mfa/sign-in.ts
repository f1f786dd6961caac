import { CognitoError } from '../errors.js';
import type { SecondFactor } from '../auth/second-factor.js';
import { mfaState } from './state.js';

/**
 * The sign-in decision table of spec §4.1: which second factor (if any) a sign-in must pass.
 * Pool OFF never challenges; OPTIONAL without an enabled factor issues tokens.
 */
export function createSecondFactor(): SecondFactor {
  return {
    async decide(_deps, { pool, user }) {
      const mode = pool.config.MfaConfiguration ?? 'OFF';
      if (mode === 'OFF') return { kind: 'tokens', user };
      const enabled = mfaState(user)?.enabled ?? [];
      if (mode === 'OPTIONAL' && enabled.length === 0) return { kind: 'tokens', user };
      throw new CognitoError('MFAMethodNotFoundException', 'No MFA mechanism registerd in the account.');
    },
    async answer(_deps, { challengeName }) {
      throw new CognitoError('InvalidParameterException', `Unsupported challenge ${challengeName}.`);
    },
  };
}
