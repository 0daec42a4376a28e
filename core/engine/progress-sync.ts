import type { AppointmentProgress } from './progress.js';
import { clinicDateOf, dayIndexOf } from './calendar.js';
import type { EngineAppointment } from './decisions.js';
import { ARRIVED_STATUSES } from './facts.js';
import type { PassContext } from './pass.js';
import { queueTimingPatch } from './queue-timing.js';

/** Stored progress brought in line with what the PMS says now. */
export interface SyncedProgress {
  /** Stored progress with {@link patch} applied: what the steps decide from. */
  progress: AppointmentProgress;
  /** Changes to save even if no step runs (empty when there is nothing to save). */
  patch: Partial<AppointmentProgress>;
}

/** Shared empty patch; never mutated (frozen). */
const NO_CHANGES: Partial<AppointmentProgress> = Object.freeze({});

/**
 * Reconciles progress with the PMS read just now ("staff got there first"):
 * - a moved appointment resets the time-bound steps (screening, invite; registration when the
 *   clinic day changed) so they run again for the new time, unless the patient already arrived;
 * - an appointment the PMS shows arrived, without arrival in progress, is recorded as
 *   arrived by staff (today only), which later lets the doctor-ready text go out;
 * - `lastStatus` follows the PMS for appointments that already have progress;
 * - today, the wait estimate's inputs (see core/engine/queue-timing.ts): when the visit was seen
 *   called in or finished, and a first record of an unstored visit that may soon be called.
 * Patch keys set to `undefined` mean "clear this field".
 */
export function syncWithPms(appointment: EngineAppointment, stored: AppointmentProgress | undefined, pass: PassContext): SyncedProgress {
  const patch: Partial<AppointmentProgress> = {};
  let changed = false;
  // Same string, same start: the common case skips parsing (this runs for every appointment on every pass).
  if (stored?.plannedStart !== undefined && stored.plannedStart !== appointment.start) {
    const plannedMs = Date.parse(stored.plannedStart);
    if (plannedMs !== appointment.startMs) {
      changed = true;
      patch.plannedStart = appointment.start;
      if (stored.arrivedAt === undefined) {
        patch.screening = undefined;
        patch.screeningSentAt = undefined;
        patch.videoInviteSentAt = undefined;
        patch.joinCodeSentAt = undefined;
        const zone = pass.calendar.timeZone;
        if (!Number.isFinite(plannedMs) || clinicDateOf(plannedMs, zone) !== clinicDateOf(appointment.startMs, zone)) {
          patch.registrationSentAt = undefined;
        }
      }
    }
  }
  if (ARRIVED_STATUSES.has(appointment.status) && stored?.arrivedAt === undefined && dayIndexOf(pass.calendar, appointment.startMs) === 0) {
    patch.arrivedAt = pass.now;
    patch.arrivedBy = 'staff';
    changed = true;
  }
  if (queueTimingPatch(appointment, stored, pass, patch)) changed = true;
  if (changed || (stored && stored.lastStatus !== appointment.status)) {
    patch.lastStatus = appointment.status;
    if (!stored?.plannedStart) patch.plannedStart = appointment.start;
    changed = true;
  }
  // The common case (nothing changed) copies nothing.
  if (!changed) return { progress: stored ?? { appointmentId: appointment.id }, patch: NO_CHANGES };
  const progress: AppointmentProgress = stored ? { ...stored, ...patch } : { appointmentId: appointment.id, ...patch };
  return { progress, patch };
}
