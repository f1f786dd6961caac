/** Threat protection's auth events: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const AUTH_EVENTS = {
  insert: 'INSERT INTO auth_events (pool_id, username_key, event_id, created_at, details) VALUES ($1, $2, $3, $4, $5)',
  // Keeps the newest `keep` (the same order as list); the subquery reads at most `keep` index entries.
  prune: `DELETE FROM auth_events WHERE pool_id = $1 AND username_key = $2 AND event_id NOT IN (
            SELECT event_id FROM auth_events WHERE pool_id = $3 AND username_key = $4 ORDER BY created_at DESC, event_id DESC LIMIT $5)`,
  get: 'SELECT * FROM auth_events WHERE pool_id = $1 AND username_key = $2 AND event_id = $3',
  list: `SELECT * FROM auth_events WHERE pool_id = $1 AND username_key = $2 AND (created_at < $3 OR (created_at = $4 AND event_id < $5))
         ORDER BY created_at DESC, event_id DESC LIMIT $6`,
  update: 'UPDATE auth_events SET details = $1 WHERE pool_id = $2 AND username_key = $3 AND event_id = $4',
} as const;
