import type { OutboxRepository } from '../types.js';
import { OUTBOX, outboxListQuery } from '../sql/outbox.js';
import type { PostgresContext } from './connection.js';

export function outbox({ sql, rows }: PostgresContext): OutboxRepository {
  return {
    async add(m) {
      const r = await sql(OUTBOX.insert, [m.poolId, m.username, m.channel, m.destination, m.subject ?? null, m.body, m.code ?? null, m.purpose, m.createdAt]);
      return r.rows[0]!.id as number;
    },
    async list(q) {
      const { text, params } = outboxListQuery(q);
      return (await sql(text, params)).rows.map(rows.toMessage);
    },
  };
}
