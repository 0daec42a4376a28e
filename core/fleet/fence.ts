import type { PoolClient } from 'pg';
import { LeaseLostError } from './lease-lost-error.js';

/** Checks, inside the caller's open transaction, that a clinic's lease is still held under a token. */
export type LeaseFence = (client: PoolClient) => Promise<void>;

/**
 * A fence for every store write of `clinicId` by the holder of `token`. Call it inside the
 * write's transaction, before COMMIT: `BEGIN; await fence(client); INSERT ...; COMMIT`. It
 * throws {@link LeaseLostError} when the token is no longer the lease's, when the lease was
 * released, or when it has expired by the database clock; the caller then rolls back.
 *
 * Why this is a real fence and not just a check: `FOR SHARE` locks the lease row until the
 * writer's transaction ends. A takeover is an UPDATE of that row (acquireLease), which needs a
 * lock that conflicts with FOR SHARE, so it waits until the writer commits or rolls back. So
 * every write that passed the fence commits before the takeover does; and every fence that
 * runs after the takeover committed reads the new row (READ COMMITTED takes the newest
 * committed version for a locking read) and sees the new token. No write of an old holder can
 * land after a new holder got its token, however long the old one was paused.
 *
 * Expiry is checked with clock_timestamp(), not now(): now() is the start of the caller's
 * transaction, which may be long past for a writer that was paused after BEGIN.
 */
export function leaseFence(clinicId: string, token: number): LeaseFence {
  return async (client) => {
    const result = await client.query<{ token: string; replica_id: string | null; live: boolean }>(
      `SELECT token, replica_id, (expires_at > clock_timestamp()) AS live
       FROM clinic_leases WHERE clinic_id = $1 FOR SHARE`,
      [clinicId],
    );
    const row = result.rows[0];
    if (!row) throw new LeaseLostError(clinicId, 'no lease');
    if (Number(row.token) !== token) throw new LeaseLostError(clinicId, 'another replica took it over');
    if (row.replica_id === null) throw new LeaseLostError(clinicId, 'released');
    if (!row.live) throw new LeaseLostError(clinicId, 'expired');
  };
}
