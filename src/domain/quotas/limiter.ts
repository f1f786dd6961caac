import type { Clock } from '../../platform/clock.js';
import type { Store } from '../../store/types.js';
import { CognitoError } from '../errors.js';
import { CATEGORY_NAMES, OPERATION_CATEGORIES, QUOTA_CATEGORIES, type QuotaCategory } from './categories.js';

/**
 * Cognito's request-rate quotas (docs/security.md, Quotas): each operation spends one request of its category's
 * budget per one-second window; past it the request is answered TooManyRequestsException before it runs.
 *
 * The budget lives in the store, shared by every process on it (serve --workers, several servers on one PostgreSQL),
 * but a request does not go to the store: each process leases a slice of the window's budget (a tenth of the limit)
 * in one atomic upsert and spends it locally. Only the request that finds its slice empty waits for the next lease,
 * and concurrent ones share that lease. So at most about ten store writes per second per busy category and process.
 *
 * Error bound, per category and window: never more than the limit is admitted (the store grants at most the limit,
 * whatever the number of processes), given clocks in step; fewer may be, by at most what other processes leased and
 * did not spend: (processes − 1) × (slice − 1). The windows are fixed seconds, so a burst straddling a boundary can
 * see up to twice the limit within one second, as with any fixed window.
 */
const SLICES_PER_WINDOW = 10;

/** The challenge-response allowance: three times UserAuthentication's limit, its own bucket (see `admit`). */
export const CHALLENGE_RESPONSES = 'UserAuthentication.ChallengeResponses';
const CHALLENGE_FACTOR = 3;

export const RATE_EXCEEDED = 'Rate exceeded';

interface Bucket {
  readonly name: string;
  /** The default (free) limit of this deployment: Cognito's, or --quota-limits. */
  readonly free: number;
  /** The limit last applied by the store (the provisioned limit when one is set): sizes the slices. */
  limit: number;
  /** The window (epoch seconds) that `tokens` and `exhausted` belong to. */
  window: number;
  /** What is left of this process's slices in `window`. */
  tokens: number;
  /** The store has no more budget in `window`: refuse without asking it again until the next window. */
  exhausted: boolean;
  /** The lease under way, which concurrent requests wait for instead of asking for their own. */
  pending: Promise<void> | undefined;
}

export interface QuotaLimiterOptions {
  store: Pick<Store, 'quotas'>;
  clock: Clock;
  /** The free limit per category, where it differs from Cognito's default. */
  limits?: Partial<Record<QuotaCategory, number>>;
}

/** Operations whose answers may belong to several buckets (see `admit`). */
const CHALLENGE_ANSWER = -1;

export class QuotaLimiter {
  private readonly store: Pick<Store, 'quotas'>;
  private readonly clock: Clock;
  private readonly buckets: Bucket[];
  private readonly byName = new Map<string, Bucket>();
  private readonly operationBucket = new Map<string, number>();
  private readonly challenges: Bucket;
  private readonly authentication: Bucket;
  private readonly recovery: Bucket;

  constructor(opts: QuotaLimiterOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    const bucket = (name: string, free: number): Bucket => ({ name, free, limit: free, window: -1, tokens: 0, exhausted: false, pending: undefined });
    this.buckets = CATEGORY_NAMES.map((c) => bucket(c, opts.limits?.[c] ?? QUOTA_CATEGORIES[c].free));
    for (const b of this.buckets) this.byName.set(b.name, b);
    this.challenges = bucket(CHALLENGE_RESPONSES, CHALLENGE_FACTOR * this.freeLimit('UserAuthentication'));
    this.buckets.push(this.challenges);
    this.byName.set(CHALLENGE_RESPONSES, this.challenges);
    this.authentication = this.byName.get('UserAuthentication')!;
    this.recovery = this.byName.get('UserAccountRecovery')!;
    for (const [op, { category }] of Object.entries(OPERATION_CATEGORIES)) {
      this.operationBucket.set(op, CATEGORY_NAMES.indexOf(category));
    }
    this.operationBucket.set('RespondToAuthChallenge', CHALLENGE_ANSWER);
    this.operationBucket.set('AdminRespondToAuthChallenge', CHALLENGE_ANSWER);
  }

  /**
   * Spends one request of the operation's budget: true, false when it is spent, or a promise of either when this
   * process must lease more first. The common case is synchronous and allocates nothing.
   *
   * Challenge answers are Cognito's special case (quotas page, "special request rate handling"): NEW_PASSWORD_REQUIRED
   * counts toward UserAccountRecovery; the others toward an allowance of three times UserAuthentication, and past it
   * toward UserAuthentication itself.
   */
  admit(operation: string, input: Record<string, unknown>): boolean | Promise<boolean> {
    const index = this.operationBucket.get(operation);
    if (index === undefined) return true;
    if (index !== CHALLENGE_ANSWER) return this.take(this.buckets[index]!);
    if (input.ChallengeName === 'NEW_PASSWORD_REQUIRED') return this.take(this.recovery);
    const first = this.take(this.challenges);
    if (first === true) return true;
    if (first === false) return this.take(this.authentication);
    return first.then((ok) => ok || this.take(this.authentication));
  }

  /** The free (default) limit of a category in this deployment. */
  freeLimit(category: QuotaCategory): number {
    return this.byName.get(category)!.free;
  }

  /** The limit enforced for a category: the provisioned one if set, else the free one. */
  async provisionedLimit(category: QuotaCategory): Promise<number> {
    return (await this.store.quotas.getProvisioned(category)) ?? this.freeLimit(category);
  }

  /**
   * Sets the limit enforced for a category, at once in this process and from their next lease (at the latest the
   * next window) in the others. UserAuthentication carries its challenge-response allowance along.
   */
  async setProvisionedLimit(category: QuotaCategory, value: number): Promise<void> {
    await this.store.quotas.setProvisioned(category, value);
    this.reopen(this.byName.get(category)!, value);
    if (category === 'UserAuthentication') {
      await this.store.quotas.setProvisioned(CHALLENGE_RESPONSES, CHALLENGE_FACTOR * value);
      this.reopen(this.challenges, CHALLENGE_FACTOR * value);
    }
  }

  private reopen(b: Bucket, limit: number): void {
    b.limit = limit;
    b.exhausted = false;
  }

  private take(b: Bucket): boolean | Promise<boolean> {
    return this.takeLocal(b) ?? this.takeAfterLease(b);
  }

  /** From this process's slice: true or false, or undefined when only a new lease can tell. */
  private takeLocal(b: Bucket): boolean | undefined {
    const window = Math.floor(this.clock.now() / 1000);
    if (b.window !== window) {
      b.window = window;
      b.tokens = 0;
      b.exhausted = false;
    }
    if (b.tokens > 0) {
      b.tokens--;
      return true;
    }
    return b.exhausted ? false : undefined;
  }

  private async takeAfterLease(b: Bucket): Promise<boolean> {
    // Each lease either adds tokens or marks its window exhausted, so this ends; a lease that comes back after the
    // window moved on is dropped and the request tries the new window.
    for (;;) {
      b.pending ??= this.lease(b, b.window).finally(() => (b.pending = undefined));
      await b.pending;
      const r = this.takeLocal(b);
      if (r !== undefined) return r;
    }
  }

  private async lease(b: Bucket, window: number): Promise<void> {
    const want = Math.max(1, Math.ceil(b.limit / SLICES_PER_WINDOW));
    const { granted, provisioned } = await this.store.quotas.lease(b.name, window, want, b.free);
    b.limit = provisioned ?? b.free;
    if (b.window !== window) return;
    b.tokens += granted;
    if (granted < want) b.exhausted = true;
  }
}

export function rateExceeded(): CognitoError {
  return new CognitoError('TooManyRequestsException', RATE_EXCEEDED);
}
