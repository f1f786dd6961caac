import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

/** The database the PostgreSQL tests use; unset means "skip them" (scripts/with-postgres.sh sets it). */
export const TEST_POSTGRES_URL_ENV = 'COGNATE_TEST_POSTGRES_URL';

export interface TestSchema {
  /** The store URL: the test database, with `?schema=` naming this schema. */
  url: string;
  schema: string;
  /** Drops the schema with everything in it. */
  drop(): Promise<void>;
}

/**
 * A PostgreSQL schema of its own for one test or test server, so that parallel test files and `reset()` never
 * touch each other's data. With `key` the name is derived from it (a server restarted on the same data folder
 * finds its data again); without, it is random.
 */
export function testSchema(baseUrl: string, label: string, key?: string): TestSchema {
  const suffix = key === undefined ? randomBytes(6).toString('hex') : createHash('sha256').update(key).digest('hex').slice(0, 12);
  const schema = `cognate_${label.replace(/[^a-z0-9_]/gi, '_')}_${suffix}`.slice(0, 63);
  const u = new URL(baseUrl);
  u.searchParams.set('schema', schema);
  return {
    url: u.toString(),
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
