import type { Pool, PoolClient } from 'pg';
import { StoreVersionError } from '../errors.js';
import { coreSchema, monitoringSchema, receptionSchema, videoSchema } from './schema.js';

/** One schema step of the PostgreSQL store. Versions start at 1 and increase by one; never edit a released step, add a new one. */
export interface PostgresMigration {
  version: number;
  /** What the step does, for logs and reviewers. */
  description: string;
  /** Statements run in the migration's transaction, against the connection's search_path. */
  sql: string;
}

/** The PostgreSQL store's schema history, oldest first. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  { version: 1, description: 'progress, outbox, incoming, reply plans, opt-outs, practitioners, template overrides, plugin state', sql: coreSchema },
  { version: 2, description: 'inbox conversations and staff replies; staff users, sessions and the activity log', sql: receptionSchema },
  { version: 3, description: 'recent errors, plugin calls and health, alert state, language gaps', sql: monitoringSchema },
  { version: 4, description: 'guest grants and join locks of video consults', sql: videoSchema },
];

/**
 * Every process that migrates takes this transaction-level advisory lock first, so processes
 * starting together migrate one after the other ("clinicar" as a 64-bit number). It is one lock
 * for the whole database, whatever the schema: migrations are rare and quick.
 */
export const MIGRATION_LOCK_KEY = '7164217030175056242';

/** Where a version mismatch is reported (StoreVersionError names it). */
const LOCATION = 'PostgreSQL (schema_migrations)';

/** The schema version of the newest step in `migrations`. */
export function latestPostgresVersion(migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

/**
 * Brings the schema in the connection's search_path up to date, in one transaction that first
 * takes {@link MIGRATION_LOCK_KEY}: two processes starting at once are safe (the second finds
 * the work done). Applied versions are rows of `schema_migrations`. A failing step rolls back
 * everything; a schema newer than this code is refused with StoreVersionError, untouched.
 * Run it once before opening stores (not once per clinic).
 *
 * @returns the versions applied (empty when the schema was up to date).
 */
export async function migratePostgres(pool: Pool, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  checkOrder(migrations);
  const target = latestPostgresVersion(migrations);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version      integer PRIMARY KEY,
      description  text NOT NULL,
      applied_at   timestamptz NOT NULL DEFAULT now()
    )`);
    const current = await appliedVersion(client);
    if (current > target) throw new StoreVersionError(current, target, LOCATION);
    const pending = migrations.filter((m) => m.version > current);
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.version);
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Refuses a schema that is not exactly the one this code writes: behind (migratePostgres has
 * not run) or ahead (a newer clinic-arrivals migrated it; StoreVersionError).
 */
export async function assertPostgresSchemaCurrent(pool: Pool): Promise<void> {
  const target = latestPostgresVersion();
  const found = await pool.query<{ present: string | null }>(`SELECT to_regclass('schema_migrations')::text AS present`);
  const current = found.rows[0]?.present ? await appliedVersion(pool) : 0;
  if (current > target) throw new StoreVersionError(current, target, LOCATION);
  if (current < target) throw new Error(`the PostgreSQL store's schema is at version ${current}, this code needs ${target}: run migratePostgres first`);
}

async function appliedVersion(on: Pool | PoolClient): Promise<number> {
  const result = await on.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return result.rows[0]?.version ?? 0;
}

function checkOrder(migrations: readonly PostgresMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration list out of order: position ${index + 1} has version ${migration.version}`);
  });
}
