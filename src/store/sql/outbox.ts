/** The outbox: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const OUTBOX = {
  insert: `INSERT INTO outbox (pool_id, username, channel, destination, subject, body, code, purpose, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
} as const;

/** The purpose of an outbox row that stands for a decoy delivery (domain/messaging/outbox.ts): never listed. */
export const DECOY_PURPOSE = 'decoy';

/** Builds the outbox listing: the filters given, newest first, decoys left out. The same text for both dialects. */
export function outboxListQuery(q: { poolId?: string; username?: string; channel?: string; limit: number }): { text: string; params: unknown[] } {
  const where: string[] = [`purpose <> '${DECOY_PURPOSE}'`];
  const params: unknown[] = [];
  if (q.poolId) where.push(`pool_id = $${params.push(q.poolId)}`);
  if (q.username) where.push(`username = $${params.push(q.username)}`);
  if (q.channel) where.push(`channel = $${params.push(q.channel)}`);
  const text = `SELECT * FROM outbox WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.push(q.limit)}`;
  return { text, params };
}
