import { USER_COLUMNS } from './users.js';

/** Challenge sessions: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const SESSIONS = {
  insert: `INSERT INTO challenge_sessions (id_hash, pool_id, client_id, username_key, challenge, data, created_at, expires_at, used_at, failures)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 0)`,
  get: 'SELECT * FROM challenge_sessions WHERE id_hash = $1',
  /** The session's columns as they are, the user's prefixed `u_` (rows.ts sessionWithUser). */
  getWithUser: `SELECT s.*, ${USER_COLUMNS.map((c) => `u.${c} AS u_${c}`).join(', ')}
         FROM challenge_sessions s LEFT JOIN users u ON u.pool_id = s.pool_id AND u.username_key = s.username_key
         WHERE s.id_hash = $1`,
  /** Single use: the affected-row count decides. Arguments: now, idHash, now. */
  consume: 'UPDATE challenge_sessions SET used_at = $1 WHERE id_hash = $2 AND used_at IS NULL AND expires_at > $3',
  recordFailure: 'UPDATE challenge_sessions SET failures = failures + 1 WHERE id_hash = $1 RETURNING failures',
} as const;
