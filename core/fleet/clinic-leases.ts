import type { Queryable } from './queryable.js';

/*
 * One row per clinic in `clinic_leases`: who works it (`replica_id`), until when (`expires_at`,
 * always from the database's now(), so replicas' clocks never matter) and the fencing `token`.
 * The token goes up by one every time the lease starts a new holding period (another holder, or
 * the same one after it expired or was released), so a token names one holding period and the
 * tokens of a clinic only ever increase. Store writes check it (see fence.ts).
 *
 * Every statement here is a single autocommit statement: PostgreSQL's row lock and its
 * re-check of the WHERE clause against the newest row version (READ COMMITTED) decide races
 * between replicas; no read-then-write in the application.
 */

/** Who holds a clinic's lease, as the database sees it now. */
export interface LeaseHolder {
  clinicId: string;
  /** The replica that holds or last held it; `null` after a release. */
  replicaId: string | null;
  /** The fencing token of the current (or last) holding period. */
  token: number;
  /** True when the lease is expired or released by the database clock: anyone may take it. */
  free: boolean;
}

/**
 * Takes a clinic's lease for `ttlSeconds` when it is free (never leased, released or expired)
 * or already ours and live. Returns the fencing token, or undefined when another replica
 * holds a live lease. Taking a free lease starts a new holding period (token + 1); taking our
 * own live lease again only extends it and keeps the token.
 */
export async function acquireLease(db: Queryable, clinicId: string, replicaId: string, ttlSeconds: number): Promise<number | undefined> {
  const result = await db.query<{ token: string }>(
    `INSERT INTO clinic_leases AS l (clinic_id, replica_id, token, expires_at)
     VALUES ($1, $2, 1, now() + make_interval(secs => $3))
     ON CONFLICT (clinic_id) DO UPDATE
       SET replica_id = EXCLUDED.replica_id,
           expires_at = EXCLUDED.expires_at,
           token = l.token + CASE WHEN l.replica_id = EXCLUDED.replica_id AND l.expires_at > now() THEN 0 ELSE 1 END
       WHERE l.replica_id IS NULL OR l.expires_at IS NULL OR l.expires_at <= now() OR l.replica_id = EXCLUDED.replica_id
     RETURNING token`,
    [clinicId, replicaId, ttlSeconds],
  );
  return result.rows[0] ? Number(result.rows[0].token) : undefined;
}

/**
 * Extends our lease by `ttlSeconds` from the database's now(). False when it is no longer
 * ours: another replica took it (the token moved on), it was released, or it has already
 * expired (an expired lease is lost even if nobody took it yet; taking it again starts a new
 * holding period with a new token).
 */
export async function renewLease(db: Queryable, clinicId: string, replicaId: string, token: number, ttlSeconds: number): Promise<boolean> {
  const result = await db.query(
    `UPDATE clinic_leases SET expires_at = now() + make_interval(secs => $4)
     WHERE clinic_id = $1 AND replica_id = $2 AND token = $3 AND expires_at > now()`,
    [clinicId, replicaId, token, ttlSeconds],
  );
  return result.rowCount === 1;
}

/**
 * Gives our lease up so the next replica can take it at once (it becomes free without waiting
 * for the TTL). False when it was not ours (any more). The token stays; the next holder's is
 * one higher.
 */
export async function releaseLease(db: Queryable, clinicId: string, replicaId: string, token: number): Promise<boolean> {
  const result = await db.query(
    `UPDATE clinic_leases SET replica_id = NULL, expires_at = now()
     WHERE clinic_id = $1 AND replica_id = $2 AND token = $3`,
    [clinicId, replicaId, token],
  );
  return result.rowCount === 1;
}

/** The lease of each listed clinic that has ever been leased (clinics never leased are missing). */
export async function readLeaseHolders(db: Queryable, clinicIds: readonly string[]): Promise<Map<string, LeaseHolder>> {
  const result = await db.query<{ clinic_id: string; replica_id: string | null; token: string; free: boolean }>(
    `SELECT clinic_id, replica_id, token,
            (replica_id IS NULL OR expires_at IS NULL OR expires_at <= now()) AS free
     FROM clinic_leases WHERE clinic_id = ANY($1::text[])`,
    [clinicIds],
  );
  return new Map(result.rows.map((row) => [row.clinic_id, { clinicId: row.clinic_id, replicaId: row.replica_id, token: Number(row.token), free: row.free }]));
}

/** The lease of one clinic, or undefined when it was never leased. */
export async function readLeaseHolder(db: Queryable, clinicId: string): Promise<LeaseHolder | undefined> {
  return (await readLeaseHolders(db, [clinicId])).get(clinicId);
}

/**
 * {@link renewLease} for many clinics in one statement. Returns the clinics still ours; every
 * other listed clinic is lost.
 */
export async function renewLeases(
  db: Queryable,
  replicaId: string,
  leases: ReadonlyArray<{ clinicId: string; token: number }>,
  ttlSeconds: number,
): Promise<Set<string>> {
  if (leases.length === 0) return new Set();
  const result = await db.query<{ clinic_id: string }>(
    `UPDATE clinic_leases AS l SET expires_at = now() + make_interval(secs => $4)
     FROM unnest($2::text[], $3::bigint[]) AS mine(clinic_id, token)
     WHERE l.clinic_id = mine.clinic_id AND l.token = mine.token AND l.replica_id = $1 AND l.expires_at > now()
     RETURNING l.clinic_id`,
    [replicaId, leases.map((l) => l.clinicId), leases.map((l) => String(l.token)), ttlSeconds],
  );
  return new Set(result.rows.map((row) => row.clinic_id));
}
