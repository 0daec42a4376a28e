import type { AppointmentProgress } from '../progress.js';
import type { QueueInput } from './practitioner-queue.js';

/** A visit the practitioner called in today, as the host saw it. */
export interface CalledVisit {
  appointmentId: string;
  scheduledMs: number;
  arrivedAt?: number;
  calledAt: number;
  doneAt?: number;
}

/** A patient still to be called in (booked, arrived or checked in, and not seen called). */
export interface WaitingVisit {
  appointmentId: string;
  scheduledMs: number;
  arrivedAt?: number;
}

/** One practitioner's day so far: who was called (in call order) and who still waits (in booked order). */
export interface PractitionerDay {
  practitionerId: string;
  called: CalledVisit[];
  waiting: WaitingVisit[];
}

const WAITING_STATUSES: ReadonlySet<string> = new Set(['booked', 'arrived', 'checked-in']);

/**
 * Sorts today's appointments into each practitioner's called and waiting visits. A visit counts
 * as called once the host recorded `calledAt` or the PMS shows the in-progress status; one in
 * that status without a recorded time (the host started mid-consult) is neither waiting nor a
 * measurable consult, so it is left out. Ignored practitioners are skipped, as everywhere else.
 */
export function practitionerDays(input: QueueInput): Map<string, PractitionerDay> {
  const days = new Map<string, PractitionerDay>();
  const dayOf = (practitionerId: string): PractitionerDay => {
    let day = days.get(practitionerId);
    if (!day) {
      day = { practitionerId, called: [], waiting: [] };
      days.set(practitionerId, day);
    }
    return day;
  };
  for (const appointment of input.appointments) {
    if (appointment.startMs < input.dayStartMs || appointment.startMs >= input.dayEndMs) continue;
    const practitionerId = appointment.practitioner?.id ?? '';
    if (input.practitioners.get(practitionerId)?.ignore) continue;
    const progress: AppointmentProgress | undefined = input.progress.get(appointment.id);
    const arrivedAt = progress?.arrivedAt;
    const calledAt = progress?.calledAt;
    if (calledAt !== undefined) {
      const visit: CalledVisit = { appointmentId: appointment.id, scheduledMs: appointment.startMs, calledAt };
      if (arrivedAt !== undefined) visit.arrivedAt = arrivedAt;
      if (progress?.doneAt !== undefined) visit.doneAt = progress.doneAt;
      dayOf(practitionerId).called.push(visit);
    } else if (WAITING_STATUSES.has(appointment.status) && appointment.status !== input.inProgressStatus) {
      const visit: WaitingVisit = { appointmentId: appointment.id, scheduledMs: appointment.startMs };
      if (arrivedAt !== undefined) visit.arrivedAt = arrivedAt;
      dayOf(practitionerId).waiting.push(visit);
    }
  }
  for (const day of days.values()) {
    day.called.sort((a, b) => a.calledAt - b.calledAt || a.scheduledMs - b.scheduledMs);
    day.waiting.sort((a, b) => a.scheduledMs - b.scheduledMs || a.appointmentId.localeCompare(b.appointmentId));
  }
  return days;
}
