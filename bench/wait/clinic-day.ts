import type { Random } from './random.js';

/**
 * One simulated clinic day, decided up front from the seed: who is booked when, who arrives
 * when (or not at all), how long each consult takes, and how late each practitioner starts.
 * All times are whole minutes from midnight.
 */
export interface SimPatient {
  id: string;
  practitioner: number;
  start: number;
  /** When the appointment appears in the PMS: the day before for bookings, on the day for walk-ins. */
  createdAt: number;
  walkIn: boolean;
  /** When the patient arrives; undefined for a no-show. */
  arrival?: number;
  /** When reception marks a no-show as such, if it does. */
  markedNoShowAt?: number;
  /** Minutes with the practitioner once called in. */
  consult: number;
}

export interface SimPractitioner {
  /** Median consult length that day (minutes). */
  median: number;
  /** Minutes late for the first patient of the morning. */
  lateStart: number;
  /** Minutes late back from lunch beyond the afternoon's first start (when not already running late). */
  lateBack: number;
}

export interface SimDay {
  practitioners: SimPractitioner[];
  patients: SimPatient[];
}

/** Each practitioner's usual median consult (minutes): a different pace each, on 15-minute slots. */
export const PRACTITIONER_MEDIANS = [10, 12.5, 14, 16] as const;
export const SLOT = 15;
/** Morning 08:00–12:30 and afternoon 13:30–17:45: 35 slots of 15 minutes. */
export const MORNING = { from: 8 * 60, to: 12.5 * 60 };
export const AFTERNOON = { from: 13.5 * 60, to: 17.75 * 60 };
const CONSULT_SIGMA = 0.5;
const NO_SHOW_RATE = 0.06;
const LATE_ARRIVAL_RATE = 0.12;

export function slotStarts(): number[] {
  const starts: number[] = [];
  for (const part of [MORNING, AFTERNOON]) for (let t = part.from; t < part.to; t += SLOT) starts.push(t);
  return starts;
}

export function simulateDay(random: Random): SimDay {
  const practitioners = PRACTITIONER_MEDIANS.map((usual) => ({
    median: usual * random.between(0.85, 1.15),
    lateStart: random.chance(0.45) ? 0 : Math.min(40, Math.round(random.exponential(10))),
    lateBack: random.chance(0.6) ? 0 : random.int(0, 15),
  }));
  const patients: SimPatient[] = [];
  const slots = slotStarts();
  practitioners.forEach((practitioner, p) => {
    const booked = random.int(25, 33);
    const free = [...slots];
    for (let i = free.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [free[i], free[j]] = [free[j]!, free[i]!];
    }
    const consult = () => Math.max(3, Math.round(random.lognormal(practitioner.median, CONSULT_SIGMA)));
    for (const start of free.slice(0, booked)) {
      const noShow = random.chance(NO_SHOW_RATE);
      const arrival = noShow
        ? undefined
        : random.chance(LATE_ARRIVAL_RATE)
          ? start + random.int(2, 20)
          : Math.round(Math.min(start, start + random.normal(-8, 6)));
      patients.push({
        id: `d-p${p}-${start}`,
        practitioner: p,
        start,
        createdAt: 0,
        walkIn: false,
        ...(arrival !== undefined ? { arrival } : {}),
        ...(noShow && random.chance(0.5) ? { markedNoShowAt: start + random.int(30, 60) } : {}),
        consult: consult(),
      });
    }
    const walkIns = random.int(0, 2);
    for (let w = 0; w < walkIns; w++) {
      const createdAt = random.int(MORNING.from, AFTERNOON.to - 60);
      const start = Math.ceil(createdAt / 5) * 5;
      patients.push({ id: `w-p${p}-${w}-${createdAt}`, practitioner: p, start, createdAt, walkIn: true, arrival: createdAt, consult: consult() });
    }
  });
  return { practitioners, patients };
}
