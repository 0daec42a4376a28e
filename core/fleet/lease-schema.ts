import type pg from 'pg';

/**
 * The advisory-lock key that serialises schema creation. `CREATE TABLE IF NOT EXISTS` is not
 * safe when two sessions run it at once (the loser fails on the catalogue's unique index), and
 * replicas of a fleet usually start together.
 */
export const LEASE_SCHEMA_LOCK_KEY = 0x43415f464c454554n; // "CA_FLEET" in ASCII: any fixed 64-bit value will do

/**
 * Creates the fleet's two tables in the pool's current schema (search_path) when missing:
 * `fleet_replicas` (who is alive) and `clinic_leases` (who works which clinic, with its fencing
 * token). Safe to call from many replicas at once.
 */
export async function ensureLeaseSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LEASE_SCHEMA_LOCK_KEY.toString()]);
    await client.query(`CREATE TABLE IF NOT EXISTS fleet_replicas (
      replica_id text PRIMARY KEY,
      heartbeat_at timestamptz NOT NULL,
      started_at timestamptz NOT NULL
    )`);
    // Where the replica's API answers: any replica forwards a clinic's pages to the one working it.
    await client.query('ALTER TABLE fleet_replicas ADD COLUMN IF NOT EXISTS api_url text');
    await client.query(`CREATE TABLE IF NOT EXISTS clinic_leases (
      clinic_id text PRIMARY KEY,
      replica_id text,
      token bigint NOT NULL,
      expires_at timestamptz
    )`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
