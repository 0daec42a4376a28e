import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { RateConfig } from './config.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** When the bucket last moved to the end of the map (the "recently used" end). */
  movedAt: number;
}

/** A busy key moves to the recently-used end at most this often: moving costs a delete and an insert. */
const MOVE_INTERVAL_MS = 1000;

/**
 * Token buckets by key (client address, account): `burst` requests at once, refilled at
 * `perSecond`. Memory is bounded: full buckets are dropped (they carry no state), and when a
 * flood of distinct keys still exceeds `maxKeys` the oldest are dropped first.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rate: RateConfig,
    private readonly clock: Clock,
    private readonly maxKeys = 50_000,
  ) {}

  /**
   * Takes one token for `key`. Returns 0 when allowed, otherwise the milliseconds until a
   * token is available (for Retry-After).
   */
  take(key: string): number {
    const now = this.clock.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.rate.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.rate.perSecond) : this.rate.burst;
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    if (bucket) {
      bucket.tokens = left;
      bucket.updatedAt = now;
      // Re-insert so Map order stays "least recently used first" for eviction (to within a
      // second). A refused key counts as used too: a flood of other keys must not reset it.
      if (now - bucket.movedAt >= MOVE_INTERVAL_MS) {
        bucket.movedAt = now;
        this.buckets.delete(key);
        this.buckets.set(key, bucket);
      }
    } else {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      this.buckets.set(key, { tokens: left, updatedAt: now, movedAt: now });
    }
    return allowed ? 0 : Math.ceil(((1 - tokens) / this.rate.perSecond) * 1000);
  }

  /** Milliseconds until `key` has a token again (0: it has one now), without taking it. */
  waitFor(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = Math.min(this.rate.burst, bucket.tokens + ((this.clock.now() - bucket.updatedAt) / 1000) * this.rate.perSecond);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.rate.perSecond) * 1000);
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.rate.perSecond >= this.rate.burst) this.buckets.delete(key);
    }
    const excess = this.buckets.size - Math.floor(this.maxKeys * 0.9);
    if (excess <= 0) return;
    let dropped = 0;
    for (const key of this.buckets.keys()) {
      if (dropped++ >= excess) break;
      this.buckets.delete(key);
    }
  }
}
