import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidPassword } from '../errors.js';
import { effectiveRisk } from '../pools/risk.js';
import { isBreachedPassword } from './breached-passwords.js';
import { recordEvent } from './events.js';
import { threatMode } from './sign-in.js';

/**
 * Compromised credentials on sign-up and password changes (docs/threat-protection.md "Compromised credentials"): a
 * new password on the breached-password list is refused in ENFORCED mode when the configured action is BLOCK, and
 * recorded as a PasswordChange event of the user either way. Callers check `threatMode(pool) !== 'OFF'` first.
 */
export const PASSWORD_COMPROMISED = 'Provided password cannot be used for security reasons.';

export async function checkNewPassword(
  deps: Deps,
  pool: PoolRecord,
  clientId: string | undefined,
  event: 'SIGN_UP' | 'PASSWORD_CHANGE',
  password: string,
  user?: UserRecord,
): Promise<void> {
  const config = (await effectiveRisk(deps, pool.id, clientId ?? '')).CompromisedCredentialsRiskConfiguration;
  if (config?.EventFilter && !config.EventFilter.includes(event)) return;
  const compromised = await isBreachedPassword(password);
  const blocks = compromised && threatMode(pool) === 'ENFORCED' && config?.Actions?.EventAction === 'BLOCK';
  if (user && event === 'PASSWORD_CHANGE') {
    await recordEvent(deps, pool, user, {
      eventType: 'PasswordChange', response: blocks ? 'Fail' : 'Pass', riskDecision: blocks ? 'Block' : 'NoRisk', compromised,
      challenges: [], reasons: compromised ? ['compromised-credentials'] : [], fingerprint: '',
    });
  }
  if (blocks) throw invalidPassword(PASSWORD_COMPROMISED);
}
