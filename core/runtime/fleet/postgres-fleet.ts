import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Clock, Logger } from '@clinic-arrivals/plugin-kit';
import type { FleetConfig } from '../../config/fleet-config.js';
import type { HostConfig } from '../../config/types.js';
import { ensureLeaseSchema, holderApiUrl, leaseFence, LeaseKeeper, readLeaseHolders } from '../../fleet/index.js';
import { createPostgresPool, migratePostgres, openPostgresStore } from '../../store/postgres/index.js';
import type { OpenedClinicStore } from '../clinic-store.js';

/** What the replica does when the keeper hands it a clinic or takes one away. */
export interface LeaseEvents {
  gained(clinicId: string): void;
  /** Resolves once the clinic's work has stopped. */
  lost(clinicId: string): Promise<void>;
}

/**
 * A fleet on PostgreSQL: one pool for every clinic's store, and the replica's leases. A clinic's
 * store is opened with the fencing token of the lease this replica holds for it, so a write after
 * another replica has taken the clinic over is refused by the database, not by timing.
 */
export class PostgresFleet {
  readonly replicaId: string;
  private keeper?: LeaseKeeper;

  private constructor(
    readonly pool: pg.Pool,
    private readonly leasePool: pg.Pool,
    private readonly fleet: FleetConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    // Unique per process: two processes under one id would share a token.
    this.replicaId = fleet.fleet?.replicaId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  /** Opens the pool and brings the schema up to date (safe when replicas start together). */
  static async open(fleet: FleetConfig, clock: Clock, logger: Logger): Promise<PostgresFleet> {
    const onIdleError = (error: Error) => logger.warn({ err: error.message }, 'a PostgreSQL connection broke while idle; the pool opens another');
    const leaseMs = (fleet.fleet?.leaseSeconds ?? 15) * 1000;
    // A replica frozen inside a write loses its session well before its lease runs out, so the
    // lock its fence took never holds up the takeover.
    const idleInTransactionTimeoutMs = Math.max(500, Math.min(5_000, Math.floor(leaseMs / 3)));
    const pool = createPostgresPool(fleet.store.url!, { max: fleet.store.poolMax, onIdleError, idleInTransactionTimeoutMs });
    const leasePool = createPostgresPool(fleet.store.url!, { max: 2, onIdleError, queryTimeoutMs: leaseMs });
    try {
      await migratePostgres(pool);
      await ensureLeaseSchema(pool);
    } catch (error) {
      await Promise.all([pool.end(), leasePool.end()]).catch(() => undefined);
      throw error;
    }
    return new PostgresFleet(pool, leasePool, fleet, clock, logger);
  }

  /** Starts taking leases for `clinicIds` (and keeps them, rebalancing as replicas come and go). */
  async startLeases(clinicIds: Iterable<string>, events: LeaseEvents, apiUrl: string): Promise<void> {
    const settings = this.fleet.fleet;
    this.keeper = new LeaseKeeper({
      replicaId: this.replicaId,
      // Its own connections: lease ticks must never queue behind the clinics' store traffic.
      pool: this.leasePool,
      clinicIds,
      apiUrl: settings?.advertiseUrl ?? apiUrl,
      ttlSeconds: settings?.leaseSeconds ?? 15,
      intervalMs: (settings?.checkSeconds ?? 2) * 1000,
      // Not awaited: a clinic's start must not hold up the renewal of every other lease.
      onGained: (clinicId) => events.gained(clinicId),
      onLost: (clinicId) => events.lost(clinicId),
      // Stop the clinic first, but never hold up the tick (and every other lease's renewal) for
      // long: past the cap the lease goes anyway, and the fence refuses the old work's writes.
      onReleasing: (clinicId) => withinMs(events.lost(clinicId), Math.min(5_000, ((settings?.leaseSeconds ?? 15) * 1000) / 3)),
      // Its lines (gained, lost, released) name the replica like every other line of a replica.
      logger: this.logger.child({ replica: this.replicaId }),
    });
    await this.keeper.start();
  }

  setClinicIds(clinicIds: Iterable<string>): void {
    this.keeper?.setClinicIds(clinicIds);
  }

  /** The fencing token of this replica's lease on the clinic. */
  tokenOf(clinicId: string): number | undefined {
    return this.keeper?.heldLeases().get(clinicId);
  }

  holds(clinicId: string): boolean {
    return this.keeper?.heldLeases().has(clinicId) ?? false;
  }

  /** Which replica holds each clinic now (the fleet view). */
  async holders(clinicIds: readonly string[]): Promise<Map<string, string | undefined>> {
    const found = await readLeaseHolders(this.leasePool, clinicIds);
    return new Map(clinicIds.map((id) => [id, found.get(id)?.free === false ? (found.get(id)?.replicaId ?? undefined) : undefined]));
  }

  /** Where the replica working `clinicId` answers, when it is another replica. */
  async ownerApiUrl(clinicId: string): Promise<string | undefined> {
    const holder = await holderApiUrl(this.leasePool, clinicId);
    return holder && holder.replicaId !== this.replicaId ? holder.apiUrl : undefined;
  }

  /** The clinic's store, fenced by this replica's lease on it. */
  async openStore(config: HostConfig): Promise<OpenedClinicStore> {
    const clinicId = config.clinic.id!;
    const token = this.keeper?.heldLeases().get(clinicId);
    if (token === undefined) throw new Error(`clinic ${clinicId}: this replica holds no lease on it`);
    const store = await openPostgresStore({ pool: this.pool, clinicId, clock: this.clock, fence: leaseFence(clinicId, token) });
    return { store, close: () => store.close() };
  }

  /** Hands every clinic back (each stopped first) and closes the pool. */
  async close(): Promise<void> {
    await this.keeper?.stop();
    await Promise.all([this.pool.end(), this.leasePool.end()]);
  }
}

/** Waits for `work`, at most `ms` (it goes on in the background). */
function withinMs(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, cap]).finally(() => clearTimeout(timer));
}
