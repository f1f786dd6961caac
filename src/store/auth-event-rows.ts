import type { AuthEventRecord } from './types.js';
import { jsonColumn, rowMapper, value } from './rows.js';

/** An `auth_events` row as a record (same columns in the SQLite and PostgreSQL adapters). */
export const toAuthEvent = rowMapper<AuthEventRecord>({ poolId: value, usernameKey: value, eventId: value, createdAt: value, details: jsonColumn });

/** The cursor of the first page: before every event. */
export const NEWEST = { createdAt: Number.MAX_SAFE_INTEGER, eventId: '' };
