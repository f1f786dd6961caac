import type { OutboxRepository } from '../types.js';
import { OUTBOX, outboxListQuery } from '../sql/outbox.js';
import type { SqliteContext } from './connection.js';

export function outbox({ rows, one, all }: SqliteContext): OutboxRepository {
  return {
    async add(m) {
      const r = one(OUTBOX.insert, m.poolId, m.username, m.channel, m.destination, m.subject ?? null, m.body, m.code ?? null, m.purpose, m.createdAt);
      return r!.id as number;
    },
    async list(q) {
      const { text, params } = outboxListQuery(q);
      return all(text, ...params).map(rows.toMessage);
    },
  };
}
