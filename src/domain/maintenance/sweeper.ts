import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/log.js';
import type { Store } from '../../store/types.js';
import { CODE_ANSWERS, CODE_REQUESTS, LOCKOUT } from '../users/attempts.js';

/**
 * The expiry sweeper: deletes what nobody can use any more, so that storage does not grow with traffic (issue 13:
 * 5,000 unauthenticated decoy sign-ins used to leave 6 MB for ever). It runs off the request path, on a timer in
 * `serve`, in bounded batches, and is safe when several processes sweep one database at once (every statement is a
 * bounded DELETE; PostgreSQL's skips rows another sweeper or a request has locked). What is kept, and for how long,
 * is in docs/security.md (Storage, Expiry).
 */
export interface SweepPolicy {
  everyMs: number;
  batch: number;
  maxBatches: number;
  sessionGraceMs: number;
  familyRetentionMs: number;
  outboxRetentionMs: number;
  attemptRetentionMs: number;
}

export const SWEEP: Readonly<SweepPolicy> = {
  /** Time between the end of one run and the start of the next. */
  everyMs: 30_000,
  /** Rows per DELETE. */
  batch: 500,
  /** DELETEs per kind per run, at most: a run deletes at most batch × maxBatches rows of each kind. */
  maxBatches: 20,
  /**
   * Expired challenge sessions stay this long, so that an answer to one still gets Cognito's "session is expired"
   * rather than "Invalid session for the user." (sessions live 3 to 15 minutes).
   */
  sessionGraceMs: 60 * 60_000,
  /**
   * A token family is kept until no access token issued from it can still be valid: access tokens live at most one
   * day (AccessTokenValidity's maximum) and are issued only until the family's refresh token expires or it is
   * revoked; an hour on top covers a token issued while the revocation committed and processes whose clocks differ.
   * Revocation is checked against the family on every call, so deleting it earlier would un-revoke such a token.
   */
  familyRetentionMs: 24 * 60 * 60_000 + 60 * 60_000,
  /** Outbox messages (codes and invitations as sent) are kept one day. */
  outboxRetentionMs: 24 * 60 * 60_000,
  /**
   * An attempt count (users/attempts.ts; decoy requests make one per unknown name tried) is deleted once its lock has
   * run out and it has been idle for the longest forget time of the attempt policies: a reservation would then start
   * its count again, so deleting it changes nothing.
   */
  attemptRetentionMs: Math.max(LOCKOUT.forgetAfterMs, CODE_ANSWERS.forgetAfterMs, CODE_REQUESTS.forgetAfterMs),
};

export interface SweepResult {
  sessions: number;
  codes: number;
  tokenFamilies: number;
  outbox: number;
  kv: number;
  attempts: number;
  oauthCodes: number;
}

/** One run: each kind in batches until a batch comes back short or the run's bound is reached. */
export async function sweepExpired(store: Store, now: number, policy: SweepPolicy = SWEEP): Promise<SweepResult> {
  const kinds: Array<[keyof SweepResult, (limit: number) => Promise<number>]> = [
    ['sessions', (limit) => store.sessions.deleteExpired(now - policy.sessionGraceMs, limit)],
    ['codes', (limit) => store.codes.deleteExpired(now, limit)],
    ['tokenFamilies', (limit) => store.tokens.deleteEnded(now - policy.familyRetentionMs, limit)],
    ['outbox', (limit) => store.outbox.deleteOlderThan(now - policy.outboxRetentionMs, limit)],
    ['kv', (limit) => store.kv.deleteExpired(now, limit)],
    ['attempts', (limit) => store.attempts.deleteIdle(now - policy.attemptRetentionMs, now, limit)],
    ['oauthCodes', (limit) => store.authorizationCodes.deleteExpired(now, limit)],
  ];
  const result: SweepResult = { sessions: 0, codes: 0, tokenFamilies: 0, outbox: 0, kv: 0, attempts: 0, oauthCodes: 0 };
  for (const [kind, deleteBatch] of kinds) {
    for (let i = 0; i < policy.maxBatches; i++) {
      const n = await deleteBatch(policy.batch);
      result[kind] += n;
      if (n < policy.batch) break;
      // Let requests in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return result;
}

export interface Sweeper {
  /** Sweeps now (tests; the timer calls it too). Runs never overlap: a call during a run waits for it, then runs. */
  runOnce(): Promise<SweepResult>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Starts sweeping every `everyMs` (0: never on its own; runOnce still works). The timer is unref'd: it never keeps
 * a process alive. A failed run (the database unreachable) is logged and the next one tries again.
 */
export function startSweeper(deps: { store: Store; clock: Clock; log: Logger }, everyMs: number = SWEEP.everyMs, policy: SweepPolicy = SWEEP): Sweeper {
  let running: Promise<SweepResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOnce = async (): Promise<SweepResult> => {
    while (running) await running.catch(() => {});
    running = sweepExpired(deps.store, deps.clock.now(), policy);
    try {
      const result = await running;
      if (Object.values(result).some((n) => n > 0)) deps.log.debug('expiry sweep', { ...result });
      return result;
    } finally {
      running = undefined;
    }
  };
  const schedule = () => {
    if (stopped || everyMs <= 0) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((e: unknown) => deps.log.warn('expiry sweep failed; retrying at the next run', { error: e instanceof Error ? e.message : String(e) }))
        .finally(schedule);
    }, everyMs);
    timer.unref();
  };
  schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
