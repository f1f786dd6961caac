import type { Deps } from '../domain/deps.js';
import type { KeyService } from '../domain/tokens/keys.js';
import type { DevEndpoint } from './server.js';

/** /_cognate/*: what a test suite needs beyond the Cognito API. SigV4-authenticated like admin operations. */
export function devEndpoints(deps: Deps, keys: KeyService): DevEndpoint[] {
  return [
    {
      method: 'GET',
      path: '/_cognate/outbox',
      async handle(q) {
        const channel = q.get('channel')?.toUpperCase();
        const limit = listLimit(q);
        const messages = await deps.store.outbox.list({
          poolId: q.get('poolId') ?? undefined,
          username: q.get('username') ?? undefined,
          channel: channel === 'SMS' || channel === 'EMAIL' ? channel : undefined,
          limit,
        });
        return { messages: messages.map((m) => ({ ...m, createdAt: m.createdAt / 1000 })) };
      },
    },
    {
      method: 'GET',
      path: '/_cognate/triggers',
      async handle(q) {
        const limit = listLimit(q);
        const invocations = deps.triggerLog?.list({ poolId: q.get('poolId') ?? undefined, username: q.get('username') ?? undefined, limit }) ?? [];
        return { invocations: invocations.map((i) => ({ ...i, createdAt: i.createdAt / 1000 })) };
      },
    },
    {
      method: 'POST',
      path: '/_cognate/reset',
      async handle() {
        const pools = await deps.store.pools.list(100_000);
        await deps.store.reset();
        deps.triggerLog?.clear();
        for (const p of pools) keys.forget(p.id);
        return { reset: true };
      },
    },
  ];
}

/** `?limit=`: 50 by default, 1 to 1000. */
function listLimit(q: URLSearchParams): number {
  return Math.min(Math.max(Number.parseInt(q.get('limit') ?? '50', 10) || 50, 1), 1000);
}
