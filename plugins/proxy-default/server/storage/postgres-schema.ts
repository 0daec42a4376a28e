import type { PoolClient } from 'pg';

/*
 * The proxy's PostgreSQL schema, versioned in a `schema_version` table inside the configured
 * schema. Several instances may start at once: an advisory lock per schema makes them
 * migrate one after the other. Never edit a released step; append a new one.
 */

interface PostgresStep {
  version: number;
  description: string;
  sql: (schema: string) => string;
}

const STEPS: readonly PostgresStep[] = [
  {
    version: 1,
    description: 'messages awaiting delivery, tombstones of acknowledged ones',
    sql: (s) => `
CREATE TABLE ${s}.messages (
  seq           BIGSERIAL PRIMARY KEY,
  account_sid   TEXT NOT NULL,
  id            TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('sms', 'status')),
  message_sid   TEXT NOT NULL,
  from_number   TEXT NOT NULL,
  to_number     TEXT NOT NULL,
  body          TEXT NOT NULL,
  status        TEXT,
  error_code    TEXT,
  received_at   BIGINT NOT NULL,
  leased_until  BIGINT NOT NULL DEFAULT 0,
  deliveries    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_sid, id)
);
CREATE INDEX messages_available ON ${s}.messages (account_sid, leased_until, seq);
CREATE INDEX messages_received ON ${s}.messages (received_at);

CREATE TABLE ${s}.tombstones (
  account_sid  TEXT NOT NULL,
  id           TEXT NOT NULL,
  received_at  BIGINT NOT NULL,
  PRIMARY KEY (account_sid, id)
);
CREATE INDEX tombstones_received ON ${s}.tombstones (received_at);
`,
  },
  {
    version: 2,
    description: 'join locks: sealed video links and the MACs of their codes (the join gate)',
    sql: (s) => `
CREATE TABLE ${s}.join_locks (
  lock_id          TEXT PRIMARY KEY,
  account_sid      TEXT NOT NULL,
  sealed           TEXT NOT NULL,
  proof            TEXT NOT NULL,
  code_expires_at  BIGINT NOT NULL,
  expires_at       BIGINT NOT NULL,
  published_at     BIGINT NOT NULL,
  wrong_attempts   INTEGER NOT NULL DEFAULT 0,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX join_locks_expires ON ${s}.join_locks (expires_at);
CREATE INDEX join_locks_published ON ${s}.join_locks (published_at);
`,
  },
  {
    version: 3,
    // The expression is CLINIC_NUMBER_SQL (rows.ts), spelled out: a released step never changes.
    description: 'messages by clinic number (several clinics on one account, each polling only its own numbers)',
    sql: (s) => `
CREATE INDEX messages_by_number ON ${s}.messages (account_sid, (CASE kind WHEN 'sms' THEN to_number ELSE from_number END), leased_until, seq);
`,
  },
];

/** The schema version this code writes. */
export const POSTGRES_SCHEMA_VERSION = STEPS[STEPS.length - 1]!.version;

/** Double-quotes an identifier already checked against the config pattern. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates the schema when needed and applies missing steps, all in one transaction. */
export async function migratePostgres(client: PoolClient, schemaName: string): Promise<void> {
  const schema = quoteIdent(schemaName);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`clinic-arrivals-proxy:${schemaName}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_version (version INTEGER NOT NULL)`);
    const found = await client.query<{ version: number }>(`SELECT max(version) AS version FROM ${schema}.schema_version`);
    const current = found.rows[0]?.version ?? 0;
    if (current > POSTGRES_SCHEMA_VERSION) {
      throw new Error(
        `proxy database schema "${schemaName}" has schema version ${current}, but this clinic-arrivals understands up to ` +
          `version ${POSTGRES_SCHEMA_VERSION}; upgrade clinic-arrivals or set proxy.storage.schema to another schema`,
      );
    }
    for (const step of STEPS.filter((s) => s.version > current)) {
      await client.query(step.sql(schema));
      await client.query(`INSERT INTO ${schema}.schema_version (version) VALUES ($1)`, [step.version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
