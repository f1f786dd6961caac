import type { OutboxRepository } from '../types.js';
import { OUTBOX, outboxListQuery } from '../sql/outbox.js';
import { EXPIRY } from '../sql/expiry.js';
import type { SqliteContext } from './connection.js';

const DELETE_OLD = EXPIRY.outbox('');

export function outbox({ rows, one, all, run }: SqliteContext): OutboxRepository {
  return {
    async add(m) {
      const r = one(OUTBOX.insert, m.poolId, m.username, m.channel, m.destination, m.subject ?? null, m.body, m.code ?? null, m.purpose, m.createdAt);
      return r!.id as number;
    },
    async list(q) {
      const { text, params } = outboxListQuery(q);
      return all(text, ...params).map(rows.toMessage);
    },
    async deleteOlderThan(before, limit) {
      return run(DELETE_OLD, before, limit);
    },
  };
}
