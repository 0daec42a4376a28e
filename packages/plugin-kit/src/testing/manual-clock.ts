import type { Clock } from '../contracts/clock.js';

/**
 * A clock that only moves when a test says so.
 *
 * @example
 * const clock = new ManualClock('2026-11-23T08:00:00+11:00');
 * clock.advance(15 * 60_000);
 */
export class ManualClock implements Clock {
  private current: number;

  /** @param start epoch milliseconds or an ISO 8601 timestamp; defaults to 2026-01-01T00:00:00Z. */
  constructor(start: number | string = Date.UTC(2026, 0, 1)) {
    this.current = toEpochMs(start);
  }

  /** Current time in epoch milliseconds. */
  now(): number {
    return this.current;
  }

  /** Jump to an instant (epoch milliseconds or ISO 8601 with offset). Moving backwards is allowed. */
  set(instant: number | string): void {
    this.current = toEpochMs(instant);
  }

  /** Move forward by `ms` milliseconds (negative values move backwards). */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`ManualClock.advance: not a finite number of ms: ${ms}`);
    this.current += ms;
  }
}

function toEpochMs(instant: number | string): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`ManualClock: not a valid instant: ${String(instant)}`);
  return ms;
}
