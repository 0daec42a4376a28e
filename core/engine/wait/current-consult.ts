import type { CalledVisit } from './day-visits.js';

/** However long a consult has run, at least this share of a typical one is still expected. */
export const MIN_REMAINING_SHARE = 0.3;

/** The practitioner's current patient (the latest call-in, not seen finished), if any. */
export function currentVisit(called: readonly CalledVisit[]): CalledVisit | undefined {
  const latest = called[called.length - 1];
  return latest && latest.doneAt === undefined ? latest : undefined;
}

/**
 * When the practitioner is expected to be free for the next patient. In a consult: the
 * typical length from its call-in, but never less than a share of a typical consult from now
 * (consult lengths have a long right tail: one that has run long is not about to end); after
 * a finished one, or before the first call of the day, from now.
 */
export function freeAtMs(called: readonly CalledVisit[], consultMs: number, now: number): number {
  const current = currentVisit(called);
  if (!current) return now;
  return Math.max(current.calledAt + consultMs, now + MIN_REMAINING_SHARE * consultMs);
}
