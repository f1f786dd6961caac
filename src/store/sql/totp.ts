/** TOTP replay marks: statements both dialects run as written (placeholders: see ./placeholders.ts). */
export const TOTP = {
  /**
   * Inserts the mark or moves it forward in one statement; a concurrent claim of the same step waits on the row and
   * then fails the WHERE. The affected-row count decides.
   */
  claimStep: `INSERT INTO totp_marks (pool_id, username_key, last_step) VALUES ($1, $2, $3)
              ON CONFLICT (pool_id, username_key) DO UPDATE SET last_step = excluded.last_step WHERE totp_marks.last_step < excluded.last_step`,
} as const;
