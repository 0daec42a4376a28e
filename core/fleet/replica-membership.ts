import type { Queryable } from './queryable.js';

/*
 * Which replicas are alive: each one upserts its row in `fleet_replicas` on every tick, and a
 * replica counts as live while its last heartbeat is younger than the TTL, by the database's
 * clock. The same TTL as the leases, so a replica that stops ticking leaves the live list
 * about when its leases expire.
 */

/** Records that `replicaId` is alive now (inserting it on its first heartbeat). */
export async function heartbeat(db: Queryable, replicaId: string): Promise<void> {
  await db.query(
    `INSERT INTO fleet_replicas (replica_id, heartbeat_at, started_at) VALUES ($1, now(), now())
     ON CONFLICT (replica_id) DO UPDATE SET heartbeat_at = now()`,
    [replicaId],
  );
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
