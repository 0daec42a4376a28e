import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test PostgreSQL's URL, or undefined (and one loud warning) when none answers: the store's tests share it. */
export { testPostgresUrl } from '../../core/store/postgres/test-support.js';

/** A schema name no other run uses. */
export function uniqueSchemaName(): string {
  return `proxy_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
