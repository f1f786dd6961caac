/**
 * The invocation log: what each trigger's function was sent and what came of it, newest first, so that a test can
 * assert what its function saw (GET /_cognate/triggers, `cognate triggers`). It is kept in the server process's
 * memory with a bound (the oldest entries go), like a test fixture and unlike the outbox: it holds whole events,
 * which are developer data, not messages a user was sent. With --workers N each process keeps its own.
 */
export interface TriggerInvocation {
  id: number;
  poolId: string;
  username: string;
  trigger: string;
  triggerSource: string;
  functionArn: string;
  /** The event as sent, a UserMigration_Authentication password masked. */
  event: Record<string, unknown>;
  /** The function's `response`, when it answered one cognate could read. */
  response?: Record<string, unknown>;
  /** The exception the trigger became, when it failed. */
  error?: { type: string; message: string };
  durationMs: number;
  createdAt: number;
}

export interface TriggerLogQuery {
  poolId?: string | undefined;
  username?: string | undefined;
  limit: number;
}

export interface TriggerLog {
  record(entry: Omit<TriggerInvocation, 'id'>): void;
  list(query: TriggerLogQuery): TriggerInvocation[];
  clear(): void;
}

export const TRIGGER_LOG_SIZE = 1000;

export function createTriggerLog(size = TRIGGER_LOG_SIZE): TriggerLog {
  let entries: TriggerInvocation[] = [];
  let next = 1;
  return {
    record(entry) {
      entries.push({ id: next++, ...entry });
      if (entries.length > size) entries = entries.slice(entries.length - size);
    },
    list(q) {
      const out: TriggerInvocation[] = [];
      for (let i = entries.length - 1; i >= 0 && out.length < q.limit; i--) {
        const e = entries[i]!;
        if (q.poolId !== undefined && e.poolId !== q.poolId) continue;
        if (q.username !== undefined && e.username !== q.username) continue;
        out.push(e);
      }
      return out;
    },
    clear() {
      entries = [];
    },
  };
}
