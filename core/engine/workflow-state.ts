import type { AppointmentProgress, PractitionerSettings } from './progress.js';
import { clinicDayStart } from './calendar.js';
import type { EngineAppointment, EngineSettings } from './decisions.js';
import { ARRIVED_STATUSES, CLOSED_STATUSES, endOf, isVideoConsult, wasArrived } from './facts.js';

/** Workflow state names shown on the status page, in roughly the order an appointment moves through them. */
export const WORKFLOW_STATES = [
  'ignored',
  'no-mobile',
  'cancelled',
  'upcoming',
  'registered',
  'awaiting-screening',
  'awaiting-screening-reply',
  'in-person',
  'video-pending-invite',
  'invited',
  'arrived',
  'doctor-ready',
  'done',
] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

/** Clinic days last 23 to 25 hours, so only starts 23 h or more after midnight need the zone lookup. */
function isOnALaterDay(startMs: number, startOfToday: number, timeZone: string): boolean {
  return startMs >= startOfToday + 23 * 3_600_000 && clinicDayStart(startMs, timeZone) > startOfToday;
}

/**
 * Where an appointment stands, for people: derived from the PMS status and the stored
 * progress the same way the engine reads them.
 *
 * @param practitioner the practitioner's settings, to report `ignored` appointments.
 * @param startOfToday clinic midnight (see `clinicDayStart`); pass it when calling for many appointments.
 */
export function workflowStateOf(
  appointment: EngineAppointment,
  progress: AppointmentProgress | undefined,
  settings: EngineSettings,
  now: number,
  practitioner?: PractitionerSettings,
  startOfToday: number = clinicDayStart(now, settings.clinic.timeZone),
): WorkflowState {
  if (practitioner?.ignore) return 'ignored';
  if (CLOSED_STATUSES.has(appointment.status)) return 'cancelled';
  if (!appointment.mobileE164) return 'no-mobile';
  const { status } = appointment;
  const inProgress = settings.workflow.inProgressStatus;
  if (status === inProgress) return now < endOf(appointment) && wasArrived(progress) ? 'doctor-ready' : 'done';
  if (status === 'fulfilled') return 'done';
  if (ARRIVED_STATUSES.has(status) || progress?.arrivedAt !== undefined) return 'arrived';
  // Anything else that is not booked (proposed, pending, waitlist) has not started its workflow.
  if (status !== 'booked') return 'upcoming';
  if (isOnALaterDay(appointment.startMs, startOfToday, settings.clinic.timeZone)) return progress?.registrationSentAt !== undefined ? 'registered' : 'upcoming';
  if (isVideoConsult(appointment, progress)) return progress?.videoInviteSentAt !== undefined ? 'invited' : 'video-pending-invite';
  if (progress?.screening === 'asked') return 'awaiting-screening-reply';
  if (progress?.screening === 'in-person') return 'in-person';
  return 'awaiting-screening';
}
