import type { OutboxRepository } from '../types.js';
import { OUTBOX, outboxListQuery } from '../sql/outbox.js';
import { EXPIRY } from '../sql/expiry.js';
import { changed, type PostgresContext } from './connection.js';

const DELETE_OLD = EXPIRY.outbox('FOR UPDATE SKIP LOCKED');

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
    async deleteOlderThan(before, limit) {
      return changed(sql(DELETE_OLD, [before, limit]));
    },
  };
}
