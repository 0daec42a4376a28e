import type { Appointment } from '../contracts/appointment-source.js';

/** An appointment to seed; the backend may assign the id. */
export type SeedAppointment = Omit<Appointment, 'id'> & { id?: string };

export const HOUR = 3_600_000;

/*
 * Every test works in its own day so that a backend shared between tests (a FHIR server
 * started once per file) cannot leak appointments from one test into another's ranges.
 */
let dayCounter = 0;
export function freshDay(): number {
  dayCounter += 1;
  return Date.UTC(2031, 0, 1) + dayCounter * 24 * HOUR;
}

/** ISO timestamp of `ms` written with a fixed offset (minutes east of UTC), as a PMS would. */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/** A booked 15-minute visit at `ms` for contract patient `n`, with `overrides` on top. */
export function appointmentAt(ms: number, n: number, overrides: Partial<SeedAppointment> = {}): SeedAppointment {
  return {
    start: isoWithOffset(ms, 660),
    end: isoWithOffset(ms + 15 * 60_000, 660),
    status: 'booked',
    patient: { id: `contract-patient-${n}`, name: `Contract Patient${n}`, firstName: 'Contract', mobile: `+6141200000${n % 10}` },
    practitioner: { id: 'contract-practitioner-1', name: 'Dr Contract Tester' },
    isVideo: false,
    ...overrides,
  };
}

/** A copy of `a` without `keys`, for "this changed and nothing else" comparisons. */
export function withoutKeys(a: Appointment, keys: Array<keyof Appointment>): Partial<Appointment> {
  const copy: Partial<Appointment> = { ...a };
  for (const key of keys) delete copy[key];
  return copy;
}
