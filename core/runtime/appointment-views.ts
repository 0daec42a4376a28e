import type { AppointmentView } from '../api/host-api.js';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress, PractitionerSettings } from '../engine/progress.js';
import type { OutboxEntry } from '../store/store.js';
import type { EngineAppointment, EngineSettings } from '../engine/decisions.js';
import { nextStepOf } from '../engine/next-step.js';
import { isVideoConsult } from '../engine/facts.js';
import { attentionOf, clinicClockTime, stateTextOf } from '../engine/state-text.js';
import { workflowStateOf } from '../engine/workflow-state.js';
import { SEND_MAX_ATTEMPTS } from '../executor/send-backoff.js';

/** What {@link appointmentViews} reads; all loaded by the caller. */
export interface AppointmentViewInputs {
  appointments: readonly EngineAppointment[];
  progress: Map<string, AppointmentProgress>;
  practitioners: Map<string, PractitionerSettings>;
  /** Outbox entries recent enough to hold each appointment's latest text (any order). */
  outbox: readonly OutboxEntry[];
  settings: EngineSettings;
  now: number;
  /** Clinic midnight of `now`. */
  dayStart: number;
  /** Appointment ids with a live interpreter guest booked (clears the "interpreter needed" flag). */
  interpreterBooked?: ReadonlySet<string>;
}

/** The latest outbox entry per appointment (newest by creation, then id). */
export function latestTextPerAppointment(outbox: readonly OutboxEntry[]): Map<string, OutboxEntry> {
  const latest = new Map<string, OutboxEntry>();
  for (const entry of outbox) {
    if (entry.appointmentId === undefined) continue;
    const seen = latest.get(entry.appointmentId);
    if (!seen || entry.createdAt > seen.createdAt || (entry.createdAt === seen.createdAt && entry.id > seen.id)) latest.set(entry.appointmentId, entry);
  }
  return latest;
}

/** The engine's working copy without its derived fields. */
function plainAppointment(a: EngineAppointment): Appointment {
  const { mobileE164: _m, startMs: _s, endMs: _e, ...appointment } = a;
  return appointment;
}

/** Reception's rows, sorted by start: workflow state and its words, last text, next planned step. */
export function appointmentViews(inputs: AppointmentViewInputs): AppointmentView[] {
  const { progress, practitioners, settings, now, dayStart } = inputs;
  const { timeZone } = settings.clinic;
  const latest = latestTextPerAppointment(inputs.outbox);
  return [...inputs.appointments]
    .sort((a, b) => a.startMs - b.startMs)
    .map((a) => {
      const p = progress.get(a.id);
      const practitioner = practitioners.get(a.practitioner.id);
      const state = workflowStateOf(a, p, settings, now, practitioner, dayStart);
      const stored = latest.get(a.id);
      // A text whose retries ran out will not go: it has failed, whatever its outbox status says.
      const entry = stored && retriedOut(stored) ? { ...stored, status: 'failed' as const } : stored;
      const view: AppointmentView = {
        appointment: plainAppointment(a),
        state,
        startLocal: clinicClockTime(a.startMs, timeZone),
        stateText: stateTextOf(state, p, entry, timeZone),
      };
      if (p) view.progress = p;
      if (entry) {
        view.lastText = { template: entry.template, at: entry.updatedAt, status: entry.status };
        if (entry.deliveryStatus !== undefined) view.lastText.deliveryStatus = entry.deliveryStatus;
        if (entry.deliveryErrorCode !== undefined) view.lastText.deliveryErrorCode = entry.deliveryErrorCode;
        const attention = attentionOf(entry);
        if (attention) view.attention = attention;
        const problem = textProblemOf(stored!);
        if (problem) view.textProblem = problem;
      }
      const next = nextStepOf(a, p, settings, now, practitioner);
      if (next) view.nextStep = next;
      if (a.interpreterRequired && isVideoConsult(a, p) && !inputs.interpreterBooked?.has(a.id)) view.interpreterNeeded = true;
      return view;
    });
}

function retriedOut(entry: OutboxEntry): boolean {
  return entry.status === 'retry' && entry.attempts >= SEND_MAX_ATTEMPTS;
}

/**
 * The latest text's trouble, in codes: failed, outcome unknown, waiting for a retry, or retried
 * out. The code is the host's own (`CA_ERR_…`), never the provider's text.
 */
export function textProblemOf(entry: OutboxEntry): AppointmentView['textProblem'] {
  if (entry.status !== 'failed' && entry.status !== 'unknown' && entry.status !== 'retry') return undefined;
  if (entry.status === 'unknown' && entry.resolution) return undefined;
  const code = /^(CA_ERR_[A-Z0-9_]+)/.exec(entry.error ?? '')?.[1];
  return {
    status: retriedOut(entry) ? 'retried-out' : entry.status,
    ...(code ? { code } : {}),
    at: entry.updatedAt,
    attempts: entry.attempts,
  };
}
