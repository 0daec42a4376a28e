/**
 * The appointment-source port: how the host reads and updates appointments in the
 * clinic's Practice Management System. Implemented by `pms-fhir-r4`, `pms-simulator`, …
 *
 * Errors are typed (see plugin/errors.ts and ERRORS.md): `UnreachableError` (retry), `AuthError`
 * (needs a person), `NotFoundError`, `ConflictError`.
 */

/** FHIR R4 Appointment.status values, which every PMS plugin maps onto. */
export const APPOINTMENT_STATUSES = [
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** True when `value` is one of the FHIR R4 appointment statuses. */
export function isAppointmentStatus(value: unknown): value is AppointmentStatus {
  return (APPOINTMENT_STATUSES as readonly unknown[]).includes(value);
}

/** The statuses {@link AppointmentSource.markArrived} moves to `arrived`; it leaves every other one alone. */
export const BEFORE_ARRIVAL_STATUSES: ReadonlySet<AppointmentStatus> = new Set(['proposed', 'pending', 'booked', 'waitlist']);

/** One appointment as the engine sees it. Plain data: no methods, no PMS-specific types. */
export interface Appointment {
  /** The PMS's own id for the appointment. */
  id: string;
  /** Start as an ISO 8601 timestamp with offset, e.g. `2026-11-23T09:30:00+11:00`. */
  start: string;
  /** End as an ISO 8601 timestamp with offset, when the PMS knows it. */
  end?: string;
  status: AppointmentStatus;
  patient: {
    id: string;
    /** Display name; first name is used in texts. Never logged at info level. */
    name: string;
    /** Given name, when the PMS separates it. */
    firstName?: string;
    /** Mobile number as the PMS holds it (any format); the host normalises it to E.164. */
    mobile?: string;
  };
  practitioner: {
    id: string;
    name: string;
  };
  /** True when the PMS already records this as a video (telehealth) consult. */
  isVideo: boolean;
  /** The video link the PMS holds, if any. */
  videoLink?: string;
  /**
   * The PMS says the patient needs an interpreter (e.g. FHIR's `patient-interpreterRequired`
   * extension). Absent means not known, read as not required. The reception app flags such a
   * video consult until an interpreter guest is booked. Since kit 2.2.0.
   */
  interpreterRequired?: boolean;
  /**
   * The patient's preferred language, a BCP 47 tag as the PMS gives it (`vi`, `zh-CN`, `ar`;
   * FHIR: `Patient.communication`, the `preferred` one, else the first). Texts, reply words and
   * the join page follow it; absent means the clinic's default language. Since kit 2.2.0.
   */
  language?: string;
  /** When the appointment was created (ISO), when the PMS knows it. */
  created?: string;
}

/** A half-open time range `[from, to)` in epoch milliseconds. */
export interface TimeRange {
  from: number;
  to: number;
}

/** What a poll returns: the appointments, and what had to be skipped and why. */
export interface AppointmentListing {
  appointments: Appointment[];
  /** Appointments the plugin could not use (no patient, unreadable data…), counted by reason. */
  skipped?: Record<string, number>;
}

export interface AppointmentSource {
  /** Appointments whose start lies in the range. Must not throw for one bad record: skip and count it. */
  listAppointments(range: TimeRange): Promise<AppointmentListing>;
  /**
   * Set the appointment's status to `arrived`, leaving everything else untouched, when it is
   * still before arrival (`proposed`, `pending`, `booked`, `waitlist`; see
   * {@link BEFORE_ARRIVAL_STATUSES}). Any other status is left as it is and the call succeeds:
   * the host may repeat the call when it finishes a reply cut short by a crash, and by then
   * reception may have moved the visit on (a `fulfilled` visit must not go back to `arrived`).
   */
  markArrived(appointmentId: string): Promise<void>;
  /** Record that the appointment is a video consult, with the practitioner's link. */
  recordVideoConsult(appointmentId: string, practitionerLink: string): Promise<void>;
  /**
   * Record that the patient confirmed the appointment by text at `confirmedAt` (ISO): the
   * patient's participation becomes accepted, and the confirmation is kept where the clinic can
   * see it (FHIR: an extension holding the time), because many PMSs mark every participant
   * accepted at booking. Nothing else changes; an appointment already holding a confirmation
   * keeps its first one and the call succeeds. Optional: without it the host does not offer
   * confirm by reply. Since kit 2.3.0.
   */
  confirmAppointment?(appointmentId: string, confirmedAt: string): Promise<void>;
  /**
   * Cancel the appointment because the patient asked to (FHIR: `status: cancelled`,
   * `cancelationReason` code `pat`), when it is still before arrival (see
   * {@link BEFORE_ARRIVAL_STATUSES}); any other status is left as it is and the call succeeds,
   * so the host may repeat it after a crash. Optional: without it a NO goes to reception.
   * Since kit 2.3.0.
   */
  cancelAppointment?(appointmentId: string): Promise<void>;
}
