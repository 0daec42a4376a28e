import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import { createPostgresPool } from './pool.js';

let found: Promise<string | undefined> | undefined;
let warned = false;

/**
 * A connection string for the test PostgreSQL (127.0.0.1:5432, database `test`, user `postgres`
 * or the current user, no password), or undefined when none answers; then a loud warning, once.
 */
export function testPostgresUrl(): Promise<string | undefined> {
  found ??= (async () => {
    for (const user of new Set(['postgres', userInfo().username])) {
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
      console.warn(
        '\n!!!!!!!! PostgreSQL at 127.0.0.1:5432 (database "test") did not answer: the PostgreSQL tests (store, proxy, fleet) are SKIPPED !!!!!!!!\n',
      );
    }
    return url;
  });
}

/**
 * A schema of its own for one test file (or one test), so runs never meet each other's tables
 * or the proxy's. Pools from {@link pool} have it as their search_path; {@link drop} ends them
 * and drops the schema (only this one: nothing else is touched).
 */
export class TestSchema {
  private readonly pools: pg.Pool[] = [];

  private constructor(
    readonly url: string,
    readonly name: string,
  ) {}

  static async create(url: string): Promise<TestSchema> {
    const schema = new TestSchema(url, `store_test_${process.pid}_${randomBytes(4).toString('hex')}`);
    await schema.admin(`CREATE SCHEMA "${schema.name}"`);
    return schema;
  }

  /** A new pool whose connections see this schema. */
  pool(max = 5): pg.Pool {
    const pool = createPostgresPool(this.url, { max, schema: this.name });
    this.pools.push(pool);
    return pool;
  }

  async drop(): Promise<void> {
    await Promise.all(this.pools.splice(0).map((pool) => pool.end().catch(() => undefined)));
    await this.admin(`DROP SCHEMA IF EXISTS "${this.name}" CASCADE`);
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

/**
 * Mocha hooks for a test file on PostgreSQL: a schema of its own before the tests (or the whole
 * describe skipped, loudly, when PostgreSQL does not answer), dropped after them.
 */
export function useTestSchema(): () => TestSchema {
  let schema: TestSchema | undefined;
  before(async function () {
    const url = await testPostgresUrl();
    if (!url) return this.skip();
    schema = await TestSchema.create(url);
  });
  after(async () => {
    await schema?.drop();
  });
  return () => schema!;
}
