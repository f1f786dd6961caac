import type { GroupRecord } from './types.js';
import { opt, type Row } from './rows.js';

/** A `groups` row as a record (same columns in the SQLite and PostgreSQL adapters). */
export const toGroup = (r: Row): GroupRecord => ({
  poolId: r.pool_id as string,
  groupName: r.group_name as string,
  groupKey: r.group_key as string,
  description: opt(r.description),
  roleArn: opt(r.role_arn),
  precedence: opt(r.precedence),
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});
