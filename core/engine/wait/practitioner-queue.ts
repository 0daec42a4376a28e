import type { AppointmentProgress, PractitionerSettings } from '../progress.js';
import type { EngineAppointment } from '../decisions.js';
import type { RunningLateSettings } from '../workflow-settings.js';

/** One patient still to be called in by a practitioner today, with when the host expects that. */
export interface QueueEntry {
  appointmentId: string;
  /** The booked start (epoch ms). */
  scheduledMs: number;
  /** When the host knew the patient arrived (epoch ms); absent while they are still to come. */
  arrivedAt?: number;
  /** When the practitioner is expected to call this patient in (epoch ms), never before `scheduledMs`. */
  estimateMs: number;
  /** `estimateMs - scheduledMs` in whole minutes, at least 0. */
  delayMinutes: number;
}

/** A practitioner's live queue today and how far behind they run. */
export interface PractitionerQueue {
  practitionerId: string;
  /** Minutes behind now (reception's override when set, else the estimate's for the next patient), at least 0. */
  delayMinutes: number;
  source: 'estimate' | 'override';
  /** The consult length the estimate uses: the recent median today, or the configured default until there are enough. */
  consultMinutes: number;
  /** Consults measured today (what the median is from). */
  samples: number;
  /** The patient in with the practitioner now, when the host saw them called. */
  current?: { appointmentId: string; calledAt: number };
  /** Patients not yet called in (booked or arrived), in the order the estimate expects them called. */
  waiting: QueueEntry[];
  /** Reception muted running-late texts for today. */
  lateTextsMuted: boolean;
}

/** What the estimate reads: today's appointments and what the host saw happen to them. */
export interface QueueInput {
  /** Today's appointments (others are ignored). */
  appointments: readonly EngineAppointment[];
  progress: ReadonlyMap<string, AppointmentProgress>;
  practitioners: ReadonlyMap<string, PractitionerSettings>;
  now: number;
  /** The clinic date today, `YYYY-MM-DD` (overrides and mutes hold for one day). */
  today: string;
  /** Start and end of the clinic day (epoch ms). */
  dayStartMs: number;
  dayEndMs: number;
  /** The PMS status that means "called in" (`workflow.inProgressStatus`). */
  inProgressStatus: string;
  settings: RunningLateSettings;
}

/**
 * Every practitioner's queue today, keyed by practitioner id. Pure; the engine computes it once
 * per pass. (Placeholder until the estimate lands: every waiting patient is expected at their
 * booked start or now, whichever is later.)
 */
export function practitionerQueues(input: QueueInput): Map<string, PractitionerQueue> {
  const queues = new Map<string, PractitionerQueue>();
  for (const appointment of input.appointments) {
    if (appointment.startMs < input.dayStartMs || appointment.startMs >= input.dayEndMs) continue;
    if (appointment.status !== 'booked' && appointment.status !== 'arrived' && appointment.status !== 'checked-in') continue;
    const id = appointment.practitioner?.id ?? '';
    let queue = queues.get(id);
    if (!queue) {
      const practitioner = input.practitioners.get(id);
      queue = {
        practitionerId: id,
        delayMinutes: 0,
        source: 'estimate',
        consultMinutes: input.settings.defaultConsultMinutes,
        samples: 0,
        waiting: [],
        lateTextsMuted: practitioner?.lateTextsMutedOn === input.today,
      };
      queues.set(id, queue);
    }
    const estimateMs = Math.max(appointment.startMs, input.now);
    const arrivedAt = input.progress.get(appointment.id)?.arrivedAt;
    queue.waiting.push({
      appointmentId: appointment.id,
      scheduledMs: appointment.startMs,
      ...(arrivedAt !== undefined ? { arrivedAt } : {}),
      estimateMs,
      delayMinutes: Math.floor((estimateMs - appointment.startMs) / 60_000),
    });
  }
  for (const queue of queues.values()) queue.waiting.sort((a, b) => a.estimateMs - b.estimateMs);
  return queues;
}
