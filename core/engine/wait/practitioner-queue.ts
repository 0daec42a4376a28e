import type { AppointmentProgress, PractitionerSettings } from '../progress.js';
import type { EngineAppointment } from '../decisions.js';
import type { RunningLateSettings } from '../workflow-settings.js';
import { consultLength, consultSamples } from './consult-durations.js';
import { currentVisit, freeAtMs } from './current-consult.js';
import { practitionerDays, type PractitionerDay } from './day-visits.js';
import { walkQueue, type WalkedVisit } from './queue-walk.js';

const MINUTE = 60_000;
/** The queue's delay is the next patient's among those due within this many minutes. */
export const DELAY_HORIZON_MINUTES = 60;

/** One patient still to be called in by a practitioner today, with when the host expects that. */
export interface QueueEntry {
  appointmentId: string;
  /** The booked start (epoch ms). */
  scheduledMs: number;
  /** When the host knew the patient arrived (epoch ms); absent while they are still to come. */
  arrivedAt?: number;
  /** When the practitioner is expected to call this patient in (epoch ms), never before `scheduledMs`. */
  estimateMs: number;
  /**
   * How late the practitioner is for this patient, in whole minutes, at least 0: `estimateMs`
   * minus the booked start, or, for a patient who came late, minus when they arrived (minus now
   * while they are late and not yet here): a patient's own lateness is not the practitioner's
   * delay. Under reception's override, the override's minutes.
   */
  delayMinutes: number;
  /** Not arrived well past their start: probably not coming, so they barely hold up the others. */
  likelyNoShow?: boolean;
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
  /** Patients called in so far today. */
  calledToday?: number;
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
 * Every practitioner's queue today, keyed by practitioner id: each practitioner with a patient
 * called or waiting today. Pure; the engine computes it once per pass. How the estimate works:
 * docs/wait-estimate.md.
 */
export function practitionerQueues(input: QueueInput): Map<string, PractitionerQueue> {
  const queues = new Map<string, PractitionerQueue>();
  for (const day of practitionerDays(input).values()) queues.set(day.practitionerId, queueOf(day, input));
  return queues;
}

function queueOf(day: PractitionerDay, input: QueueInput): PractitionerQueue {
  const practitioner = input.practitioners.get(day.practitionerId);
  const consult = consultLength(consultSamples(day.called), input.settings.defaultConsultMinutes);
  const walked = walkQueue(day.waiting, freeAtMs(day.called, consult.ms, input.now), consult.ms, input.now);
  const override = practitioner?.lateOverride?.day === input.today ? practitioner.lateOverride : undefined;
  const waiting = walked.map((visit) => entryOf(visit, override?.minutes, input.now));
  const current = currentVisit(day.called);
  return {
    practitionerId: day.practitionerId,
    delayMinutes: override ? Math.max(0, override.minutes) : queueDelay(waiting, input.now),
    source: override ? 'override' : 'estimate',
    consultMinutes: Math.round(consult.ms / MINUTE),
    samples: consult.samples,
    ...(current ? { current: { appointmentId: current.appointmentId, calledAt: current.calledAt } } : {}),
    waiting,
    lateTextsMuted: practitioner?.lateTextsMutedOn === input.today,
    calledToday: day.called.length,
  };
}

/**
 * One waiting patient's entry. Under reception's override every waiting patient is expected
 * exactly that many minutes after their booked start: reception knows things the host cannot
 * see (an emergency, a practitioner stuck in traffic), so its figure replaces the estimate
 * rather than adding to it, and every patient is told the same delay.
 */
function entryOf(visit: WalkedVisit, overrideMinutes: number | undefined, now: number): QueueEntry {
  const override = overrideMinutes !== undefined ? Math.max(0, overrideMinutes) : undefined;
  const estimateMs = override !== undefined ? visit.scheduledMs + override * MINUTE : visit.estimateMs;
  // Counted from when the patient could first be seen: their start, or later if they came (or still are) late.
  const readyMs = Math.max(visit.scheduledMs, visit.arrivedAt ?? now);
  const entry: QueueEntry = {
    appointmentId: visit.appointmentId,
    scheduledMs: visit.scheduledMs,
    estimateMs,
    delayMinutes: override ?? Math.max(0, Math.floor((estimateMs - readyMs) / MINUTE)),
  };
  if (visit.arrivedAt !== undefined) entry.arrivedAt = visit.arrivedAt;
  if (visit.likelyNoShow) entry.likelyNoShow = true;
  return entry;
}

/**
 * How far behind the practitioner runs: the delay of the next patient in line who is due
 * within the hour and not a likely no-show (what reception would say at the desk). 0 when no
 * one is due within the hour.
 */
function queueDelay(waiting: readonly QueueEntry[], now: number): number {
  const next = waiting.find((entry) => !entry.likelyNoShow && entry.scheduledMs <= now + DELAY_HORIZON_MINUTES * MINUTE);
  return next?.delayMinutes ?? 0;
}
