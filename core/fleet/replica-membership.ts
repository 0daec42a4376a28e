import type { Queryable } from './queryable.js';

/*
 * Which replicas are alive: each one upserts its row in `fleet_replicas` on every tick, and a
 * replica counts as live while its last heartbeat is younger than the TTL, by the database's
 * clock. The same TTL as the leases, so a replica that stops ticking leaves the live list
 * about when its leases expire.
 */

/** Records that `replicaId` is alive now (inserting it on its first heartbeat), and where its API answers. */
export async function heartbeat(db: Queryable, replicaId: string, apiUrl?: string): Promise<void> {
  await db.query(
    `INSERT INTO fleet_replicas (replica_id, heartbeat_at, started_at, api_url) VALUES ($1, now(), now(), $2)
     ON CONFLICT (replica_id) DO UPDATE SET heartbeat_at = now(), api_url = COALESCE($2, fleet_replicas.api_url)`,
    [replicaId, apiUrl ?? null],
  );
}

/** The API address of the live replica holding `clinicId`'s lease, if any. */
export async function holderApiUrl(db: Queryable, clinicId: string): Promise<{ replicaId: string; apiUrl?: string } | undefined> {
  const result = await db.query<{ replica_id: string; api_url: string | null }>(
    `SELECT l.replica_id, r.api_url FROM clinic_leases l JOIN fleet_replicas r ON r.replica_id = l.replica_id
     WHERE l.clinic_id = $1 AND l.expires_at > now()`,
    [clinicId],
  );
  const row = result.rows[0];
  return row ? { replicaId: row.replica_id, ...(row.api_url ? { apiUrl: row.api_url } : {}) } : undefined;
}

/** The replicas whose last heartbeat is younger than `ttlSeconds`, sorted by id. */
export async function listLiveReplicas(db: Queryable, ttlSeconds: number): Promise<string[]> {
  const result = await db.query<{ replica_id: string }>(
    `SELECT replica_id FROM fleet_replicas WHERE heartbeat_at > now() - make_interval(secs => $1) ORDER BY replica_id`,
    [ttlSeconds],
  );
  return result.rows.map((row) => row.replica_id);
}

/** Removes a replica on a graceful stop, so the others rebalance at once instead of after the TTL. */
export async function removeReplica(db: Queryable, replicaId: string): Promise<void> {
  await db.query('DELETE FROM fleet_replicas WHERE replica_id = $1', [replicaId]);
}
