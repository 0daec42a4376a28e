import { BEFORE_ARRIVAL_STATUSES } from '@clinic-arrivals/plugin-kit';
import type { EngineAppointment } from './decisions.js';
import { dayIndexOf } from './calendar.js';
import { ARRIVED_STATUSES } from './facts.js';
import type { AppointmentProgress } from './progress.js';
import type { PassContext } from './pass.js';

const MINUTE = 60_000;

/** The visit was last seen waiting to be called in (booked, arrived, checked in), or the host knows the patient arrived. */
function wasWaiting(stored: AppointmentProgress, inProgressStatus: string): boolean {
  const last = stored.lastStatus;
  if (last === undefined) return stored.arrivedAt !== undefined;
  if (last === inProgressStatus) return false;
  return BEFORE_ARRIVAL_STATUSES.has(last) || ARRIVED_STATUSES.has(last);
}

/**
 * What the wait estimate needs recorded about one of today's visits, added to `patch`; true when
 * something was added (the caller then also records `lastStatus`).
 *
 * - `calledAt` when the PMS moved the visit to `workflow.inProgressStatus` and the stored status
 *   shows the host saw it waiting before: a visit first seen already in progress (the host
 *   started mid-morning) has no call time anyone could trust.
 * - `doneAt` when it became `fulfilled` (and that is not the in-progress status) from waiting or in progress.
 * - A booked visit with nothing stored yet, inside the screening window, is recorded
 *   once (its status), so that its call is an observed transition. Visits with texts to send are
 *   recorded by their screening step anyway; this covers the rest (no mobile, opted out) without
 *   writing every appointment on every pass, nor those hours away.
 */
export function queueTimingPatch(
  appointment: EngineAppointment,
  stored: AppointmentProgress | undefined,
  pass: PassContext,
  patch: Partial<AppointmentProgress>,
): boolean {
  const { status } = appointment;
  const { inProgressStatus, screeningMinutes } = pass.workflow;
  // The common case first, without the calendar: this runs for every appointment on every pass.
  if (stored ? status !== inProgressStatus && status !== 'fulfilled' : status !== 'booked') return false;
  if (dayIndexOf(pass.calendar, appointment.startMs) !== 0) return false;
  if (!stored) return pass.now >= appointment.startMs - screeningMinutes * MINUTE;
  if (status === inProgressStatus) {
    if (stored.calledAt !== undefined || !wasWaiting(stored, inProgressStatus)) return false;
    patch.calledAt = pass.now;
    return true;
  }
  if (status === 'fulfilled' && stored.doneAt === undefined) {
    if (!wasWaiting(stored, inProgressStatus) && stored.lastStatus !== inProgressStatus) return false;
    patch.doneAt = pass.now;
    return true;
  }
  return false;
}
