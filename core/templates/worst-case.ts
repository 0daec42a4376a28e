import { DateTime } from 'luxon';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { STAFF_REPLY_MAX_CHARS } from '../engine/staff-reply.js';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import { formatStart } from './variables.js';
import type { RenderContext } from './variables.js';

/**
 * The longest values a template can plausibly be rendered with. A template is checked on
 * these before it is accepted, so that "renders to at most N characters" holds for real
 * patients too (loops and repeats included: the render itself shows their cost).
 */
export const WORST_CASE_LENGTHS = Object.freeze({
  /** Given name. */
  firstName: 40,
  /** Full display name, e.g. `Alexandra-Maria Montgomery-Wellington`. */
  patientName: 80,
  /** With titles, e.g. `Associate Professor Dr …`. */
  practitionerName: 60,
  /** The practitioner's room text (the API takes at most 60). */
  room: 60,
  /** A video link with a signed token in it (a Jitsi JWT link runs to about 500). */
  url: 500,
  /** A staff reply from the inbox (the API takes at most STAFF_REPLY_MAX_CHARS). */
  text: STAFF_REPLY_MAX_CHARS,
  /** Alerts: `system`, e.g. `the PMS connection`. */
  system: 30,
  /** Alerts: an error code (CA_ERR_… or a provider's). */
  code: 60,
  /** Alerts: a failure's start in clinic time, e.g. `Wednesday 23 September, 10:30 am`. */
  since: 40,
  /** A booked guest's name (the API takes at most GUEST_NAME_MAX_CHARS). */
  guestName: 60,
  /** The longest guest kind in words. */
  guestKind: 11,
  /** Refused guests' names: two full-length names and a separator. */
  guestNames: 125,
  /** WhichAppointment: open questions on one phone listed at once (each a start at its longest). */
  choices: 3,
  /** A practitioner's delay in minutes, written out. */
  delay: 3,
  /** FHIR ids are at most 64 characters. */
  id: 64,
});

/** `text` repeated and cut to exactly `length` characters. */
function filled(text: string, length: number): string {
  return text.repeat(Math.ceil(length / text.length)).slice(0, length);
}

/**
 * An appointment start whose written forms (`Appointment.start`, `.date`, `.time`) are the
 * longest in this zone and locale: the longest weekday and month names, a two-digit day and
 * a two-digit hour. 12 months × 7 weekdays are tried.
 */
function longestStart(clinic: ClinicInfo): string {
  let best = { iso: '2026-09-23T10:30:00Z', length: -1 };
  for (let month = 1; month <= 12; month++) {
    for (let day = 22; day <= 28; day++) {
      const start = DateTime.fromObject({ year: 2026, month, day, hour: 10, minute: 30 }, { zone: clinic.timeZone });
      const iso = start.toISO();
      if (!iso) continue;
      const formatted = formatStart(iso, clinic.timeZone, clinic.locale);
      if (!formatted) continue;
      const length = formatted.full.length + formatted.date.length + formatted.time.length;
      if (length > best.length) best = { iso, length };
    }
  }
  return best.iso;
}

/** The worst-case render context for `clinic` (its own name and phone; everything else at its longest). */
export function worstCaseContext(clinic: ClinicInfo): RenderContext {
  const id = (prefix: string) => filled(`${prefix}-`, WORST_CASE_LENGTHS.id);
  const start = longestStart(clinic);
  const appointment: Appointment = {
    id: id('appointment'),
    start,
    status: 'entered-in-error',
    patient: {
      id: id('patient'),
      name: filled('Alexandra-Maria Montgomery-Wellington ', WORST_CASE_LENGTHS.patientName),
      firstName: filled('Alexandra-Maria ', WORST_CASE_LENGTHS.firstName),
      // Fifteen digits, the most E.164 allows.
      mobile: '+614915700061234',
    },
    practitioner: { id: id('practitioner'), name: filled('Associate Professor Dr Montgomery ', WORST_CASE_LENGTHS.practitionerName) },
    isVideo: true,
  };
  const url = `https://video.example.org/join/${filled('x', WORST_CASE_LENGTHS.url - 'https://video.example.org/join/'.length)}`;
  return {
    appointment,
    url,
    room: filled('Consulting room 12, first floor, ', WORST_CASE_LENGTHS.room),
    text: filled('Yes, that is fine, bring him along. ', WORST_CASE_LENGTHS.text),
    system: filled('the PMS connection ', WORST_CASE_LENGTHS.system),
    code: filled('CA_ERR_SOMETHING_', WORST_CASE_LENGTHS.code),
    since: filled('Wednesday 23 September, ', WORST_CASE_LENGTHS.since),
    minutes: '60',
    guestName: filled('Dr Alexandra Montgomery ', WORST_CASE_LENGTHS.guestName),
    guestKind: filled('interpreter', WORST_CASE_LENGTHS.guestKind),
    guestNames: filled('Dr Alexandra Montgomery, ', WORST_CASE_LENGTHS.guestNames),
    delay: '9'.repeat(WORST_CASE_LENGTHS.delay),
    // The longest start, once per open question on a family phone.
    times: { estimate: Date.parse(appointment.start), choices: Array<number>(WORST_CASE_LENGTHS.choices).fill(Date.parse(appointment.start)) },
  };
}
