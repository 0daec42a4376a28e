import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { PluginCallCounts, PluginHealthRecord, Store } from '../store/store.js';
import type { PluginRole } from '@clinic-arrivals/plugin-kit';
import type { HealthStatus, PluginHealthFeed, PluginHealthState } from './plugin-health-feed.js';

/**
 * What one call into a plugin came to, for health:
 * - `ok`: it worked, or the remote side gave a business answer that is no fault of the link
 *   (the record is not found, someone else changed it);
 * - `refused`: the remote side answered and refused this one request (invalid number, opted-out
 *   recipient): counted as a failure (reception must see it) but never `down` on its own, because
 *   the provider is evidently working;
 * - `failed`: the call failed for the plugin's or the remote system's sake.
 */
export type CallOutcome = { kind: 'ok' } | { kind: 'refused' | 'failed'; code: string };

/** The part of the store the tracker keeps its window and last errors in. */
export type PluginHealthLog = Pick<Store, 'addPluginCalls' | 'listPluginCalls' | 'prunePluginCalls' | 'savePluginHealth' | 'listPluginHealth'>;

/** Counts are kept per second: fine enough for a window of minutes, one store row per busy second. */
const BUCKET_MS = 1000;

interface Bucket {
  at: number;
  calls: number;
  retried: number;
  failed: number;
  refused: number;
}

interface RoleHealth {
  buckets: Bucket[];
  status: HealthStatus;
  since: number;
  lastError?: { code: string; at: number };
  /** Set while the host knows the plugin cannot work until something happens (credentials rejected, not started). */
  forcedDown?: string;
}

/**
 * Every plugin role's health over a sliding window of calls (see {@link PluginHealthFeed}):
 * `degraded` when calls needed retries or some failed, `down` when every call in the window
 * failed (refusals of single requests aside) or the host knows a person must act. The counts
 * and the newest error go to the store as they happen, so a restart keeps the window. Time
 * comes from the host's clock: {@link refresh} (run by a host loop, and by every read) notices
 * the window sliding past the last retry or failure.
 */
export class PluginHealthTracker implements PluginHealthFeed {
  private readonly roles = new Map<PluginRole, RoleHealth>();
  private readonly listeners = new Set<(state: PluginHealthState) => void>();
  /** What was last written per role (see {@link save}). */
  private readonly saved = new Map<PluginRole, string>();
  /** Store writes, one after another; never rejects. */
  private written: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly log: PluginHealthLog,
    /** Window length in ms. */
    readonly windowMs: number,
  ) {}

  /** Starts following `roles` (the running plugins), restoring each one's window and last error from the store. */
  async restore(roles: readonly PluginRole[]): Promise<void> {
    const now = this.clock.now();
    const [saved, rows] = await Promise.all([this.log.listPluginHealth(), this.log.listPluginCalls(now - this.windowMs)]);
    for (const role of roles) {
      const record = saved.find((r) => r.role === role);
      const health: RoleHealth = {
        buckets: rows.filter((r) => r.role === role).map(({ at, calls, retried, failed, refused }) => ({ at, calls, retried, failed, refused })),
        status: record?.status ?? 'ok',
        since: record?.since ?? now,
        ...(record?.lastErrorCode !== undefined && record.lastErrorAt !== undefined
          ? { lastError: { code: record.lastErrorCode, at: record.lastErrorAt } }
          : {}),
      };
      this.roles.set(role, health);
    }
    this.refresh();
  }

  /** The outcome of one call the host made into the role's plugin. */
  recordCall(role: PluginRole, outcome: CallOutcome): void {
    const health = this.roles.get(role);
    if (!health) return;
    const now = this.clock.now();
    const counts = { calls: 1, retried: 0, failed: outcome.kind === 'ok' ? 0 : 1, refused: outcome.kind === 'refused' ? 1 : 0 };
    this.count(role, health, now, counts);
    if (outcome.kind !== 'ok') this.noteError(health, outcome.code, now);
    this.settle(role, health, now);
  }

  /** The plugin tried a call again (its own retry): the call needed help even if it worked in the end. */
  recordRetry(role: PluginRole, code: string): void {
    const health = this.roles.get(role);
    if (!health) return;
    const now = this.clock.now();
    this.count(role, health, now, { calls: 0, retried: 1, failed: 0, refused: 0 });
    this.noteError(health, code, now);
    this.settle(role, health, now);
  }

  /** The host knows the plugin cannot work until a person (or a start) fixes it; `undefined` lifts it. */
  setForcedDown(role: PluginRole, code: string | undefined): void {
    const health = this.roles.get(role);
    if (!health || health.forcedDown === code) return;
    const now = this.clock.now();
    health.forcedDown = code;
    if (code !== undefined) this.noteError(health, code, now);
    this.settle(role, health, now);
  }

  current(): PluginHealthState[] {
    this.refresh();
    return [...this.roles].map(([role, health]) => this.stateOf(role, health));
  }

  subscribe(listener: (state: PluginHealthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads every role at the clock's now: statuses change as the window slides. */
  refresh(): void {
    const now = this.clock.now();
    for (const [role, health] of this.roles) this.settle(role, health, now);
  }

  /** Drops store rows that have left the window (a host loop calls this now and then). */
  prune(): Promise<void> {
    const before = this.clock.now() - this.windowMs;
    return this.enqueue(() => this.log.prunePluginCalls(before));
  }

  /** Resolves once every write so far is in the store (call before closing it). */
  flush(): Promise<void> {
    return this.written;
  }

  private count(role: PluginRole, health: RoleHealth, now: number, counts: Omit<Bucket, 'at'>): void {
    const at = Math.floor(now / BUCKET_MS) * BUCKET_MS;
    let bucket = health.buckets.at(-1);
    if (bucket?.at !== at) {
      bucket = { at, calls: 0, retried: 0, failed: 0, refused: 0 };
      health.buckets.push(bucket);
    }
    bucket.calls += counts.calls;
    bucket.retried += counts.retried;
    bucket.failed += counts.failed;
    bucket.refused += counts.refused;
    const row: PluginCallCounts = { role, at, ...counts };
    void this.enqueue(() => this.log.addPluginCalls(row)); // never rejects; flush() awaits it
  }

  private noteError(health: RoleHealth, code: string, now: number): void {
    health.lastError = { code, at: now };
  }

  /** Drops buckets that left the window, works out the status, saves and announces a change. */
  private settle(role: PluginRole, health: RoleHealth, now: number): void {
    const from = now - this.windowMs;
    while (health.buckets.length > 0 && health.buckets[0]!.at + BUCKET_MS <= from) health.buckets.shift();
    const status = this.statusOf(health);
    const changed = status !== health.status;
    if (changed) {
      health.status = status;
      health.since = now;
    }
    this.save(role, health);
    if (changed) {
      const state = this.stateOf(role, health);
      for (const listener of this.listeners) listener(state);
    }
  }

  private statusOf(health: RoleHealth): HealthStatus {
    if (health.forcedDown !== undefined) return 'down';
    const t = totals(health.buckets);
    if (t.calls > 0 && t.failed === t.calls && t.refused < t.failed) return 'down';
    return t.retried > 0 || t.failed > 0 ? 'degraded' : 'ok';
  }

  private stateOf(role: PluginRole, health: RoleHealth): PluginHealthState {
    const { calls, retried, failed } = totals(health.buckets);
    return {
      role,
      status: health.status,
      since: health.since,
      calls,
      retried,
      failed,
      ...(health.lastError ? { lastError: { ...health.lastError } } : {}),
    };
  }

  /** Saved only when it differs from what was saved last, so a refresh writes nothing most of the time. */
  private save(role: PluginRole, health: RoleHealth): void {
    const record: PluginHealthRecord = {
      role,
      status: health.status,
      since: health.since,
      ...(health.lastError ? { lastErrorCode: health.lastError.code, lastErrorAt: health.lastError.at } : {}),
    };
    const key = JSON.stringify(record);
    if (this.saved.get(role) === key) return;
    this.saved.set(role, key);
    void this.enqueue(() => this.log.savePluginHealth(record)); // never rejects; flush() awaits it
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    // Health bookkeeping must never break the call it counts (say, the store is closing).
    this.written = this.written.then(write).catch(() => undefined);
    return this.written;
  }
}

function totals(buckets: readonly Bucket[]): Omit<Bucket, 'at'> {
  const t = { calls: 0, retried: 0, failed: 0, refused: 0 };
  for (const b of buckets) {
    t.calls += b.calls;
    t.retried += b.retried;
    t.failed += b.failed;
    t.refused += b.refused;
  }
  return t;
}
