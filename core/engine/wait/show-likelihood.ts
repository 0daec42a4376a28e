import type { WaitingVisit } from './day-visits.js';

const MINUTE = 60_000;

/** A patient this many minutes past their start and still not arrived is taken for a no-show. */
export const PRESUMED_NO_SHOW_MINUTES = 20;

/**
 * How likely a waiting patient is still to be seen (1 = certainly), from how late they are.
 * Arrived patients and those not yet due count fully; one not arrived counts less the later
 * they are, and nothing from {@link PRESUMED_NO_SHOW_MINUTES} past their start, so a no-show
 * stops holding up the patients after them.
 */
export function showLikelihood(visit: WaitingVisit, now: number): number {
  if (visit.arrivedAt !== undefined || now <= visit.scheduledMs) return 1;
  const lateMinutes = (now - visit.scheduledMs) / MINUTE;
  return Math.max(0, 1 - lateMinutes / PRESUMED_NO_SHOW_MINUTES);
}
