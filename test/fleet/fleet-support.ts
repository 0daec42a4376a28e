import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureLeaseSchema } from '../../core/fleet/index.js';
import { dropSchema, testPostgresUrl } from '../proxy/postgres-support.js';

export { testPostgresUrl };

/** A PostgreSQL schema of its own for one test file, with the fleet tables in it. */
export interface FleetDatabase {
  url: string;
  schema: string;
  /** Opens a pool on the schema (closed by {@link FleetDatabase.destroy}). */
  pool(max?: number): pg.Pool;
  destroy(): Promise<void>;
}

/** A fresh schema with the lease tables, or undefined (and a loud warning) when PostgreSQL does not answer. */
export async function fleetDatabase(): Promise<FleetDatabase | undefined> {
  const url = await testPostgresUrl();
  if (!url) return undefined;
  const schema = `fleet_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const pools: pg.Pool[] = [];
  const pool = (max = 4) => {
    const p = new pg.Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
    pools.push(p);
    return p;
  };
  await ensureLeaseSchema(pool(1));
  return {
    url,
    schema,
    pool,
    async destroy() {
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      await dropSchema(url, schema);
    },
  };
}

/** Polls `check` every 20 ms until it returns a value other than undefined (or times out). */
export async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
