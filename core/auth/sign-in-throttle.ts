import type { Clock } from '@clinic-arrivals/plugin-kit';

/** When failures start to lock, and how long. */
export interface ThrottlePolicy {
  /** Failures per name allowed before each further one locks the name. @default 5 */
  freeFailuresPerName: number;
  /** Failures per client address allowed before each further one locks the address. @default 20 */
  freeFailuresPerAddress: number;
  /** First lock; doubles with each further failure. @default 30 s */
  firstLockMs: number;
  /** Longest lock. @default 15 min */
  maxLockMs: number;
  /** A record with no failure for this long is forgotten. @default 1 h */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailuresPerName: 5,
  freeFailuresPerAddress: 20,
  firstLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

interface Record {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/** Most records kept; the oldest go first (a flood of made-up names cannot exhaust memory). */
const MAX_RECORDS = 10_000;

/**
 * Backoff for wrong passwords, per user name (whether or not it exists, so the answer does
 * not reveal which names do) and per client address. After the free failures every further
 * failure locks for twice as long as the one before. A success clears the name's record.
 * Kept in memory: a restart forgets it, which only ever helps the clinic's own staff.
 */
export class SignInThrottle {
  private readonly records = new Map<string, Record>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  /** Milliseconds until `name` from `address` may try again; 0 when it may now. */
  waitMs(name: string, address: string): number {
    const now = this.clock.now();
    return Math.max(0, ...[this.nameKey(name), this.addressKey(address)].map((key) => (this.live(key, now)?.lockedUntil ?? 0) - now));
  }

  failed(name: string, address: string): void {
    const now = this.clock.now();
    this.bump(this.nameKey(name), this.policy.freeFailuresPerName, now);
    this.bump(this.addressKey(address), this.policy.freeFailuresPerAddress, now);
  }

  succeeded(name: string): void {
    this.records.delete(this.nameKey(name));
  }

  private bump(key: string, free: number, now: number): void {
    const record = this.live(key, now) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0 };
    record.failures += 1;
    record.lastFailureAt = now;
    const excess = record.failures - free;
    if (excess > 0) {
      record.lockedUntil = now + Math.min(this.policy.maxLockMs, this.policy.firstLockMs * 2 ** Math.min(excess - 1, 30));
    }
    this.records.delete(key);
    this.records.set(key, record);
    if (this.records.size > MAX_RECORDS) this.records.delete(this.records.keys().next().value!);
  }

  private live(key: string, now: number): Record | undefined {
    const record = this.records.get(key);
    if (record && now - record.lastFailureAt > this.policy.forgetAfterMs && now >= record.lockedUntil) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }

  private nameKey(name: string): string {
    return `name:${name.toLowerCase()}`;
  }

  private addressKey(address: string): string {
    return `addr:${address}`;
  }
}
