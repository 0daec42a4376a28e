import type pg from 'pg';
import { SystemClock, describeError, type Clock, type Logger } from '@clinic-arrivals/plugin-kit';
import { acquireLease, readLeaseHolders, releaseLease, renewLeases } from './clinic-leases.js';
import { planLeases } from './lease-plan.js';
import { heartbeat, listLiveReplicas, removeReplica } from './replica-membership.js';

/** Timers the keeper schedules its ticks and its lease deadlines with; injectable for tests. */
export interface KeeperTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: KeeperTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The options of a {@link LeaseKeeper}. */
export interface LeaseKeeperOptions {
  /** This replica's id: unique per running process (e.g. host name + pid + random), never reused by two at once. */
  replicaId: string;
  /** The pool on the shared database, its search_path at the schema ensureLeaseSchema() prepared. Give it a `query_timeout` so a cut-off replica's ticks end. */
  pool: pg.Pool;
  /** The clinics this replica may work; change with {@link LeaseKeeper.setClinicIds}. */
  clinicIds: Iterable<string>;
  /** Leases taken at most in one tick (the rest in the next ones). @default 200 */
  maxAcquirePerTick?: number;
  /** Where this replica's API answers, told to the others with each heartbeat (they forward a clinic's pages here). */
  apiUrl?: string;
  /** @default 15 */
  ttlSeconds?: number;
  /** @default 2000 */
  intervalMs?: number;
  /** Called once this replica holds a clinic's lease; `token` goes to that clinic's store fence. */
  onGained?: (clinicId: string, token: number) => void | Promise<void>;
  /** Called as soon as a lease is found lost (renewal refused or its local deadline passed): stop the clinic's work now. Its writes are already fenced. */
  onLost?: (clinicId: string) => void | Promise<void>;
  /** Awaited before a lease is released (rebalancing, removed clinic, stop): stop the clinic's work, then return. */
  onReleasing?: (clinicId: string) => void | Promise<void>;
  /** @default a logger that writes nothing */
  logger?: Logger;
  /** For lease deadlines and the orphan watch (durations only; lease times come from the database). @default the system clock */
  clock?: Clock;
  /** @default the global setTimeout / clearTimeout */
  timers?: KeeperTimers;
}

interface HeldLease {
  token: number;
  /** Local clock: the lease surely expires in the database no earlier than this. */
  deadline: number;
}

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => silent };

/**
 * Keeps this replica's share of the clinics' leases: on each tick it renews what it holds,
 * heartbeats, works out from the live replicas which clinics it should own (rendezvous
 * hashing), releases the others and takes the free ones it should own (plus orphans, see
 * lease-plan.ts). Ticks never overlap: the next is scheduled when one ends.
 *
 * Failover bound: a replica that is killed, paused or cut off loses its clinics to the others
 * within ttl + interval (+ the duration of one tick). Its last renewal and heartbeat were at
 * some database time t; both its leases and its place in the live list lapse at t + ttl; the
 * next tick of each other replica (at most one interval later) sees it gone, re-hashes and
 * takes its clinics. The lost replica itself calls onLost at the latest when its local
 * deadline passes (ttl after it sent its last successful renewal), even if the database no
 * longer answers; its writes are refused by the fence from the moment of the takeover anyway.
 */
export class LeaseKeeper {
  readonly replicaId: string;
  private readonly pool: pg.Pool;
  private readonly ttlSeconds: number;
  private readonly intervalMs: number;
  private readonly maxAcquirePerTick: number;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly timers: KeeperTimers;
  private clinicIds: string[];
  private readonly held = new Map<string, HeldLease>();
  private readonly adoptedFrom = new Map<string, string>();
  private orphanSince = new Map<string, number>();
  private running: Promise<void> | undefined;
  private tickTimer: unknown;
  private deadlineTimer: unknown;
  private started = false;
  private stopped = false;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.replicaId = options.replicaId;
    this.pool = options.pool;
    this.ttlSeconds = options.ttlSeconds ?? 15;
    this.intervalMs = options.intervalMs ?? 2000;
    this.maxAcquirePerTick = options.maxAcquirePerTick ?? 200;
    this.logger = options.logger ?? silent;
    this.clock = options.clock ?? new SystemClock();
    this.timers = options.timers ?? realTimers;
    this.clinicIds = [...new Set(options.clinicIds)];
  }

  /** The clinics held now, with their fencing tokens. */
  heldLeases(): ReadonlyMap<string, number> {
    return new Map([...this.held].map(([clinicId, lease]) => [clinicId, lease.token]));
  }

  /** Replaces the clinics this replica may work; the next tick acts on it. */
  setClinicIds(clinicIds: Iterable<string>): void {
    this.clinicIds = [...new Set(clinicIds)];
  }

  /** Runs the first tick, then ticks every `intervalMs` until {@link stop}. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.tick();
  }

  /**
   * One tick now (or the running one, if a tick is under way). Ticks never throw: database
   * failures are logged and the next tick tries again.
   */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.runTick().finally(() => {
      this.running = undefined;
      this.scheduleNextTick();
    });
    return this.running;
  }

  /** Stops ticking, releases every held lease (each after onReleasing) and leaves the live list. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.clearTimeout(this.tickTimer);
    this.timers.clearTimeout(this.deadlineTimer);
    await this.running;
    for (const clinicId of [...this.held.keys()]) await this.release(clinicId);
    await removeReplica(this.pool, this.replicaId).catch((error: unknown) =>
      this.logger.warn({ err: describeError(error) }, 'fleet: could not leave the replica list; it lapses after the TTL'),
    );
  }

  private scheduleNextTick(): void {
    if (this.stopped || !this.started) return;
    this.timers.clearTimeout(this.tickTimer);
    this.tickTimer = this.timers.setTimeout(() => void this.tick(), this.intervalMs);
  }

  private async runTick(): Promise<void> {
    try {
      await this.renewHeld();
      await heartbeat(this.pool, this.replicaId, this.options.apiUrl);
      const liveReplicas = await listLiveReplicas(this.pool, this.ttlSeconds);
      const clinicIds = this.clinicIds; // one list for the whole tick, even if setClinicIds() runs meanwhile
      const leases = await readLeaseHolders(this.pool, clinicIds);
      const plan = planLeases({
        self: this.replicaId,
        clinicIds,
        liveReplicas,
        held: new Set(this.held.keys()),
        leases,
        orphanSince: this.orphanSince,
        adoptedFrom: this.adoptedFrom,
        now: this.clock.now(),
        ttlMs: this.ttlSeconds * 1000,
      });
      this.orphanSince = plan.orphanSince;
      for (const clinicId of plan.release) await this.release(clinicId);
      // A bounded number per tick: a tick that takes long delays the next renewal of every lease held.
      let budget = this.maxAcquirePerTick;
      for (const clinicId of plan.acquire) if (budget-- > 0) await this.acquire(clinicId);
      for (const [clinicId, owner] of plan.adopt) if (budget-- > 0) await this.acquire(clinicId, owner);
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'fleet: lease tick failed; retrying next tick');
    }
  }

  /** Renews every held lease in one statement; a lease not renewed is lost at once. */
  private async renewHeld(): Promise<void> {
    if (this.held.size === 0) return;
    const sentAt = this.clock.now();
    const asked = [...this.held].map(([clinicId, lease]) => ({ clinicId, token: lease.token }));
    const renewed = await renewLeases(this.pool, this.replicaId, asked, this.ttlSeconds);
    for (const { clinicId, token } of asked) {
      const lease = this.held.get(clinicId);
      if (!lease || lease.token !== token) continue;
      if (renewed.has(clinicId)) lease.deadline = sentAt + this.ttlSeconds * 1000;
      else await this.lose(clinicId, 'renewal refused');
    }
    this.armDeadline();
  }

  private async acquire(clinicId: string, adoptedFrom?: string): Promise<void> {
    const sentAt = this.clock.now();
    const token = await acquireLease(this.pool, clinicId, this.replicaId, this.ttlSeconds);
    if (token === undefined) return;
    this.held.set(clinicId, { token, deadline: sentAt + this.ttlSeconds * 1000 });
    if (adoptedFrom !== undefined) this.adoptedFrom.set(clinicId, adoptedFrom);
    this.armDeadline();
    this.logger.info(
      { clinicId },
      adoptedFrom === undefined ? 'fleet: lease gained' : 'fleet: lease gained (taken over; its assigned replica did not take it)',
    );
    await this.callback('onGained', clinicId, token);
  }

  private async release(clinicId: string): Promise<void> {
    const lease = this.held.get(clinicId);
    if (!lease) return;
    await this.callback('onReleasing', clinicId);
    // Forgotten even if the release below fails: the caller has stopped the clinic's work, and an unreleased lease lapses after the TTL.
    this.held.delete(clinicId);
    this.adoptedFrom.delete(clinicId);
    try {
      await releaseLease(this.pool, clinicId, this.replicaId, lease.token);
      this.logger.info({ clinicId }, 'fleet: lease released');
    } catch (error) {
      this.logger.warn({ clinicId, err: describeError(error) }, 'fleet: lease release failed; it lapses after the TTL');
    }
  }

  private async lose(clinicId: string, why: string): Promise<void> {
    if (!this.held.delete(clinicId)) return;
    this.adoptedFrom.delete(clinicId);
    this.logger.info({ clinicId }, `fleet: lease lost (${why})`);
    await this.callback('onLost', clinicId);
  }

  /** Declares lost, without the database, every lease whose local deadline passed (a hung or cut-off database must not keep us working). */
  private armDeadline(): void {
    this.timers.clearTimeout(this.deadlineTimer);
    if (this.held.size === 0 || this.stopped) return;
    const earliest = Math.min(...[...this.held.values()].map((lease) => lease.deadline));
    this.deadlineTimer = this.timers.setTimeout(() => void this.expireOverdue(), Math.max(0, earliest - this.clock.now()));
  }

  private async expireOverdue(): Promise<void> {
    const now = this.clock.now();
    for (const [clinicId, lease] of [...this.held]) {
      if (lease.deadline <= now) await this.lose(clinicId, 'not renewed within the TTL');
    }
    this.armDeadline();
  }

  private async callback(name: 'onGained' | 'onLost' | 'onReleasing', clinicId: string, token?: number): Promise<void> {
    try {
      if (name === 'onGained') await this.options.onGained?.(clinicId, token!);
      else await this.options[name]?.(clinicId);
    } catch (error) {
      this.logger.error({ clinicId, err: describeError(error) }, `fleet: ${name} failed`);
    }
  }
}
