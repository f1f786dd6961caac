import type { GroupRecord } from './types.js';
import { optional, rowMapper, value } from './rows.js';

/** A `groups` row as a record (same columns in the SQLite and PostgreSQL adapters). */
export const toGroup = rowMapper<GroupRecord>({
  poolId: value, groupName: value, groupKey: value, description: optional, roleArn: optional, precedence: optional, createdAt: value, updatedAt: value,
});
