import type { CalledVisit } from './day-visits.js';

const MINUTE = 60_000;

/** Consults measured today count from this many on; fewer are blended with the default. */
export const ENOUGH_SAMPLES = 3;
/** The median is of this many most recent consults (about two hours), so a change of pace shows. */
export const RECENT_SAMPLES = 8;

/**
 * Today's measured consult lengths (ms), in call order. A consult counts from its call-in to
 * its end when the host saw it end; otherwise to the practitioner's next call-in, but only when
 * the next patient was already there (arrived and due) when this consult began: then the
 * practitioner went straight from one to the next, and the gap is the consult plus the change
 * over, not idle time. Requiring that before the consult began (not merely before the next
 * call) keeps long consults from being picked more often than short ones.
 */
export function consultSamples(called: readonly CalledVisit[]): number[] {
  const samples: number[] = [];
  for (let i = 0; i < called.length; i++) {
    const visit = called[i]!;
    if (visit.doneAt !== undefined) {
      if (visit.doneAt > visit.calledAt) samples.push(visit.doneAt - visit.calledAt);
      continue;
    }
    const next = called[i + 1];
    if (!next || next.arrivedAt === undefined) continue;
    const nextReady = Math.max(next.arrivedAt, next.scheduledMs);
    if (nextReady <= visit.calledAt && next.calledAt > visit.calledAt) samples.push(next.calledAt - visit.calledAt);
  }
  return samples;
}

/** The consult length the estimate walks with, and how many measured consults it rests on. */
export interface ConsultLength {
  ms: number;
  samples: number;
}

/**
 * The median of the most recent consults; with fewer than {@link ENOUGH_SAMPLES}, the measured
 * median is blended with the configured default in proportion to the count (one sample moves
 * the figure a third of the way), so one odd consult early in the day does not swing every
 * estimate.
 */
export function consultLength(samples: readonly number[], defaultMinutes: number): ConsultLength {
  const defaultMs = defaultMinutes * MINUTE;
  if (samples.length === 0) return { ms: defaultMs, samples: 0 };
  const measured = median(samples.slice(-RECENT_SAMPLES));
  if (samples.length >= ENOUGH_SAMPLES) return { ms: measured, samples: samples.length };
  const weight = samples.length / ENOUGH_SAMPLES;
  return { ms: weight * measured + (1 - weight) * defaultMs, samples: samples.length };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
