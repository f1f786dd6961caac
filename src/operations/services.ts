import type { Deps } from '../domain/deps.js';
import type { KeyService } from '../domain/tokens/keys.js';
import type { AccessTokenAuthorizer } from '../domain/tokens/tokens.js';
import type { SecondFactor } from '../domain/auth/second-factor.js';

/**
 * Long-lived domain services that operations share (caches live here, not in Deps). Set once by the
 * composition root; operations reach them through `services(ctx.deps)`.
 */
export interface Services {
  keys: KeyService;
  /** Checks an access token and returns its pool, client, user and claims (or throws Cognito's error). */
  authorize: AccessTokenAuthorizer;
  /** MFA after the first factor (domain/mfa/sign-in.ts). */
  secondFactor: SecondFactor;
}

const byDeps = new WeakMap<Deps, Services>();

export function setServices(deps: Deps, services: Services): void {
  byDeps.set(deps, services);
}

export function services(deps: Deps): Services {
  const s = byDeps.get(deps);
  if (!s) throw new Error('services not initialised for these deps');
  return s;
}
