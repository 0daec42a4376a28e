/** One answer the host would have given a patient: when, what it said, and what the naive answer was. */
export interface Answer {
  kind: 'delay-text' | 'wait-reply';
  appointmentId: string;
  /** Minutes from midnight. */
  at: number;
  estimate: number;
  scheduled: number;
}

/** An answer next to what happened: the patient's actual call-in (minutes from midnight). */
export interface ScoredAnswer extends Answer {
  actual: number;
}

export const HORIZONS = [
  { label: '0–30', from: 0, to: 30 },
  { label: '30–60', from: 30, to: 60 },
  { label: '60+', from: 60, to: Infinity },
] as const;

export interface ErrorFigures {
  answers: number;
  naiveMaeMin: number;
  estimateMaeMin: number;
  ratio: number;
  /** The naive answer, but not in the past: max(scheduled, now). For context only. */
  naiveNotPastMaeMin: number;
}

export function errorFigures(answers: readonly ScoredAnswer[]): ErrorFigures {
  const mean = (f: (a: ScoredAnswer) => number) => (answers.length ? answers.reduce((s, a) => s + f(a), 0) / answers.length : 0);
  const naive = mean((a) => Math.abs(a.scheduled - a.actual));
  const estimate = mean((a) => Math.abs(a.estimate - a.actual));
  return {
    answers: answers.length,
    naiveMaeMin: round(naive),
    estimateMaeMin: round(estimate),
    ratio: naive ? round(estimate / naive, 3) : 0,
    naiveNotPastMaeMin: round(mean((a) => Math.abs(Math.max(a.scheduled, a.at) - a.actual))),
  };
}

export function byHorizon(answers: readonly ScoredAnswer[]): Record<string, ErrorFigures> {
  const figures: Record<string, ErrorFigures> = {};
  for (const h of HORIZONS) figures[h.label] = errorFigures(answers.filter((a) => a.actual - a.at >= h.from && a.actual - a.at < h.to));
  return figures;
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
