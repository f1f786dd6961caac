import type { KeyService } from '../domain/tokens/keys.js';
import type { AccessTokenAuthorizer } from '../domain/tokens/tokens.js';
import type { SecondFactor } from '../domain/auth/second-factor.js';
import type { QuotaLimiter } from '../domain/quotas/limiter.js';

/**
 * Long-lived domain services that operations share (caches live here, not in Deps). Made once by the composition
 * root (cli/serve.ts) and handed to every operation in its request context as `ctx.services`.
 */
export interface Services {
  keys: KeyService;
  /** Checks an access token and returns its pool, client, user and claims (or throws Cognito's error). */
  authorize: AccessTokenAuthorizer;
  /** MFA after the first factor (domain/mfa/sign-in.ts). */
  secondFactor: SecondFactor;
  /** Request-rate quotas: enforced by the protocol layer when on, reported and changed by Get/UpdateProvisionedLimit. */
  quotas: QuotaLimiter;
}
