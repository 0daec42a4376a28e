/**
 * The wait estimate against simulated clinic days (issue 18). From a fixed seed: 4
 * practitioners, 25–35 appointments each, consult lengths lognormal around a different median
 * per practitioner, late starts, late backs from lunch, no-shows, walk-ins, patients arriving
 * around their time. Every minute the engine's `practitionerQueues` runs on what the host would
 * have recorded; whenever a delay text or a WAIT answer would go out, the estimated call-in and
 * the naive answer (the booked start) are kept and, after the day, compared with the actual
 * call-in. Half the days the clinic records the end of each visit, half only the call-in.
 * Last line: one JSON object. Run: npm run bench:wait
 */
import { byHorizon, errorFigures, HORIZONS, type ErrorFigures, type ScoredAnswer } from './wait/answers.js';
import { PRACTITIONER_MEDIANS, simulateDay } from './wait/clinic-day.js';
import { Random } from './wait/random.js';
import { runDay } from './wait/run-day.js';

const DAYS = Number(process.env.WAIT_BENCH_DAYS ?? 240);
const SEED = 18;
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2027, 0, 4);

const dayRandom = new Random(SEED);
const askRandom = new Random(SEED * 7919);
/** Each answer with the day it was given on (odd days: the clinic records the end of each visit). */
const answers: (ScoredAnswer & { day: number })[] = [];
let appointments = 0;
const t0 = performance.now();
for (let d = 0; d < DAYS; d++) {
  const day = simulateDay(dayRandom);
  appointments += day.patients.length;
  const midnightMs = FIRST_DAY + d * DAY_MS;
  const options = { midnightMs, today: new Date(midnightMs).toISOString().slice(0, 10), seesDone: d % 2 === 1 };
  for (const answer of runDay(day, options, askRandom)) answers.push({ ...answer, day: d });
}
const elapsed = performance.now() - t0;

const all = errorFigures(answers);
const horizons = byHorizon(answers);
const row = (label: string, f: ErrorFigures) =>
  `  ${label.padEnd(22)} ${String(f.answers).padStart(7)}  ${f.naiveMaeMin.toFixed(1).padStart(8)}  ${f.estimateMaeMin.toFixed(1).padStart(8)}  ${f.ratio.toFixed(2).padStart(5)}  ${f.naiveNotPastMaeMin.toFixed(1).padStart(13)}`;
console.log(
  `wait estimate, ${DAYS} simulated days (seed ${SEED}): 4 practitioners (median consults ${PRACTITIONER_MEDIANS.join(', ')} min on 15-min slots), ${appointments} appointments`,
);
console.log(
  `  ${'answers'.padEnd(22)} ${'count'.padStart(7)}  ${'naive'.padStart(8)}  ${'estimate'.padStart(8)}  ${'ratio'.padStart(5)}  ${'max(sched,now)'.padStart(13)}   (mean absolute error, minutes)`,
);
console.log(row('all', all));
console.log(row('delay texts', errorFigures(answers.filter((a) => a.kind === 'delay-text'))));
console.log(row('WAIT replies', errorFigures(answers.filter((a) => a.kind === 'wait-reply'))));
console.log(row('clinic records done', errorFigures(answers.filter((a) => a.day % 2 === 1))));
console.log(row('call-in only', errorFigures(answers.filter((a) => a.day % 2 === 0))));
for (const h of HORIZONS) console.log(row(`called in ${h.label} min`, horizons[h.label]!));
console.log(`  run time ${Math.round(elapsed)} ms`);
console.log(
  JSON.stringify({
    days: DAYS,
    appointments,
    answers: all.answers,
    naiveMaeMin: all.naiveMaeMin,
    estimateMaeMin: all.estimateMaeMin,
    ratio: all.ratio,
    byHorizon: Object.fromEntries(
      HORIZONS.map((h) => [
        h.label,
        {
          answers: horizons[h.label]!.answers,
          naiveMaeMin: horizons[h.label]!.naiveMaeMin,
          estimateMaeMin: horizons[h.label]!.estimateMaeMin,
          ratio: horizons[h.label]!.ratio,
        },
      ]),
    ),
  }),
);
