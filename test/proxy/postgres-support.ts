import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';

let found: Promise<string | undefined> | undefined;
let warned = false;

/**
 * A connection string for the test PostgreSQL (127.0.0.1:5432, database `test`, user
 * `postgres` or the current user, no password), or undefined when no server answers.
 * Prints a loud warning once when PostgreSQL tests are about to be skipped.
 */
export function testPostgresUrl(): Promise<string | undefined> {
  found ??= (async () => {
    const users = [...new Set(['postgres', userInfo().username])];
    for (const user of users) {
      const url = `postgres://${encodeURIComponent(user)}@127.0.0.1:5432/test`;
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return url;
      } catch {
        // try the next user
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    return undefined;
  })();
  return found.then((url) => {
    if (!url && !warned) {
      warned = true;
      console.warn('\n!!!!!!!! PostgreSQL at 127.0.0.1:5432 (database "test") did not answer: PostgreSQL proxy tests are SKIPPED !!!!!!!!\n');
    }
    return url;
  });
}

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
