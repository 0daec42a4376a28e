/**
 * The clock every time decision goes through, so tests control time.
 * Epoch milliseconds; time zones are handled by the clinic calendar, never by the clock.
 */
export interface Clock {
  now(): number;
}

/** The real clock. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
