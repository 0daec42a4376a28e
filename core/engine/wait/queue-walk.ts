import type { WaitingVisit } from './day-visits.js';
import { showLikelihood } from './show-likelihood.js';

/** A waiting patient with the time the walk expects them called in. */
export interface WalkedVisit extends WaitingVisit {
  estimateMs: number;
  /** Not arrived long past their start (see show-likelihood.ts). */
  likelyNoShow: boolean;
}

/**
 * Walks the waiting patients in booked order from when the practitioner is free. Each is
 * called no earlier than their booked start (practitioners do not call ahead), not before now,
 * and, when not yet arrived and already late, not before now either; then holds the
 * practitioner for one typical consult, weighted by how likely they are to be seen: a likely
 * no-show barely moves the patients after them.
 */
export function walkQueue(waiting: readonly WaitingVisit[], freeAt: number, consultMs: number, now: number): WalkedVisit[] {
  let free = Math.max(freeAt, now);
  return waiting.map((visit) => {
    const estimateMs = Math.max(free, visit.scheduledMs, now);
    const likelihood = showLikelihood(visit, now);
    free = likelihood * (estimateMs + consultMs) + (1 - likelihood) * free;
    const walked: WalkedVisit = { appointmentId: visit.appointmentId, scheduledMs: visit.scheduledMs, estimateMs, likelyNoShow: likelihood === 0 };
    if (visit.arrivedAt !== undefined) walked.arrivedAt = visit.arrivedAt;
    return walked;
  });
}
