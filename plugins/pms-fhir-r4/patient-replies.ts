import { BEFORE_ARRIVAL_STATUSES } from '@clinic-arrivals/plugin-kit';
import { localReference } from './references.js';
import type { FhirPmsOptions } from './options.js';
import type { AppointmentChange } from './update.js';

/*
 * The changes a patient's text answer makes to an Appointment: a yes confirms, a no cancels.
 * Each edits the freshly read resource (see applyChange) and touches nothing else.
 */

/** R4's example code system for why an appointment was cancelled; `pat`: the patient cancelled. */
export const CANCELLATION_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason';

interface Participant {
  actor?: { reference?: string; type?: string };
  status?: string;
}

interface ReplyFields {
  status?: string;
  participant?: Participant[];
  extension?: Array<Record<string, unknown> & { url?: string }>;
  cancelationReason?: unknown;
}

/**
 * The patient's participation → `accepted`, and an extension (`confirmationExtensionUrl`) holding
 * the time of the text confirmation: many PMSs set every participant `accepted` at booking, so
 * the status alone cannot show that the patient confirmed. An appointment that already holds the
 * extension is left as it is, keeping the first confirmation's time.
 */
export function confirmChange(options: FhirPmsOptions, confirmedAt: string): AppointmentChange {
  const url = options.confirmationExtensionUrl;
  return (appointment) => {
    const a = appointment as ReplyFields;
    const extensions = a.extension ?? [];
    if (extensions.some((e) => e.url === url)) return false;
    // The same participant the listing reads as the patient: the first whose actor is a Patient.
    const patient = (a.participant ?? []).find((p) => isPatient(p.actor, options.baseUrl));
    if (patient) patient.status = 'accepted';
    a.extension = [...extensions, { url, valueDateTime: confirmedAt }];
    return true;
  };
}

/** `status: cancelled` with reason `pat` (the patient), only while the visit is still before arrival. */
export const cancelByPatientChange: AppointmentChange = (appointment) => {
  const a = appointment as ReplyFields;
  // Reception may have moved the visit on since the patient answered (see the contract).
  if (!(BEFORE_ARRIVAL_STATUSES as ReadonlySet<string>).has(a.status ?? '')) return false;
  a.status = 'cancelled';
  a.cancelationReason = { coding: [{ system: CANCELLATION_REASON_SYSTEM, code: 'pat', display: 'Patient' }] };
  return true;
};

function isPatient(actor: Participant['actor'], baseUrl: string): boolean {
  if (!actor) return false;
  const local = localReference(actor.reference, baseUrl);
  return local ? local.startsWith('Patient/') : actor.type === 'Patient';
}

/**
 * `confirmedAt` as a FHIR dateTime, which needs seconds and a zone: kept as given when it has
 * them, else written as UTC. Throws on a value that is not a time at all (a caller's mistake).
 */
export function fhirDateTime(confirmedAt: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(confirmedAt) && Number.isFinite(Date.parse(confirmedAt))) return confirmedAt;
  const ms = Date.parse(confirmedAt);
  if (!Number.isFinite(ms)) throw new TypeError(`confirmAppointment: confirmedAt must be an ISO 8601 time, got ${JSON.stringify(confirmedAt)}`);
  return new Date(ms).toISOString();
}
