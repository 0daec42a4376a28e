import type { Clock } from '@clinic-arrivals/plugin-kit';
import { describeError } from '@clinic-arrivals/plugin-kit';

/** The room-size endpoint's failure streak, for the status page and the cool-down. */
export interface RoomSizeFailure {
  failures: number;
  /** Epoch ms of the first failure of the streak. */
  since: number;
  /** Log-safe error description (code and message; never the URL, which carries a token). */
  error: string;
}

/**
 * Remembers whether the room-size endpoint is failing. After a failure (retries spent) the
 * endpoint is left alone for a cool-down, so an outage does not slow every appointment pass by
 * a full backoff per room.
 */
export class RoomSizeHealth {
  private failure?: RoomSizeFailure;
  private lastFailureAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly cooldownMs: number,
  ) {}

  coolingDown(): boolean {
    return this.failure !== undefined && this.clock.now() - this.lastFailureAt < this.cooldownMs;
  }

  succeeded(): void {
    this.failure = undefined;
  }

  failed(error: unknown): void {
    const now = this.clock.now();
    this.lastFailureAt = now;
    this.failure = {
      failures: (this.failure?.failures ?? 0) + 1,
      since: this.failure?.since ?? now,
      error: describeError(error),
    };
  }

  report(): RoomSizeFailure | undefined {
    return this.failure && { ...this.failure };
  }
}
