import { ARRIVED_STATUSES, isVideoConsult, stepKey, wasArrived } from './facts.js';
import type { EngineAppointment } from './decisions.js';
import type { AppointmentProgress } from './progress.js';
import type { PassContext } from './pass.js';
import type { StepPlan } from './plan.js';
import type { ScheduledStepInput } from './scheduled-steps.js';
import type { QueueEntry } from './wait/practitioner-queue.js';
import { runningLateSettingsOf } from './workflow-settings.js';

const MINUTE = 60_000;
/** Booked patients due within this long count as waiting: they are on their way, or about to leave. */
export const DUE_SOON_MS = 60 * MINUTE;

/**
 * A delay as a text tells it: whole 5 minutes, rounded down, so a text never claims more than
 * the estimate shows ("about 30 minutes" for 33).
 */
export function toldDelayMinutes(delayMinutes: number): number {
  return Math.floor(Math.max(0, delayMinutes) / 5) * 5;
}

/** The patient is still waiting to be called in today: booked or arrived, not called, not done. */
export function isStillWaiting(appointment: EngineAppointment, progress: AppointmentProgress): boolean {
  if (appointment.status !== 'booked' && !ARRIVED_STATUSES.has(appointment.status)) return false;
  return progress.calledAt === undefined && progress.doneAt === undefined;
}

/** This patient's place in their practitioner's queue this pass, or undefined when not in it. */
export function queueEntryOf(appointment: EngineAppointment, pass: PassContext): QueueEntry | undefined {
  const queue = pass.queues().get(appointment.practitioner?.id ?? '');
  return queue?.waiting.find((entry) => entry.appointmentId === appointment.id);
}

/**
 * The running-late text (`workflow.runningLate.texts`), after every other step of the pass: to
 * a patient still waiting today (arrived, or booked and due within the hour) whose own estimated
 * call-in is `thresholdMinutes` past their start (the first text) or a further `stepMinutes`
 * past what the last text told (another), at most `maxTexts` per appointment; inside sending
 * hours; not when reception muted the practitioner's texts today; not to a video patient before
 * the invite (unless `videoBeforeInvite`). The text carries only this patient's own delay and
 * estimate. A called patient is in no queue, so gets the doctor-ready text and never a delay.
 * The count is kept when the appointment moves (a new time does not start the texts again).
 */
export function planRunningLate(view: ScheduledStepInput): StepPlan | undefined {
  const { appointment, progress, settings, pass } = view;
  const late = runningLateSettingsOf(settings.workflow);
  if (!late.texts || !pass.insideSendingHours) return undefined;
  const texts = progress.lateTexts ?? 0;
  if (texts >= late.maxTexts || !isStillWaiting(appointment, progress)) return undefined;
  const arrived = wasArrived(progress) || ARRIVED_STATUSES.has(appointment.status);
  if (!arrived && appointment.startMs > pass.now + DUE_SOON_MS) return undefined;
  if (!late.videoBeforeInvite && isVideoConsult(appointment, progress) && progress.videoInviteSentAt === undefined) return undefined;
  const queue = pass.queues().get(appointment.practitioner?.id ?? '');
  if (!queue || queue.lateTextsMuted) return undefined;
  const entry = queue.waiting.find((e) => e.appointmentId === appointment.id);
  if (!entry) return undefined;
  const due = texts === 0 ? late.thresholdMinutes : (progress.lateToldMinutes ?? 0) + late.stepMinutes;
  const told = toldDelayMinutes(entry.delayMinutes);
  if (entry.delayMinutes < due || told < 5) return undefined;
  const n = texts + 1;
  return {
    step: 'running-late',
    send: {
      type: 'send',
      key: `${stepKey(appointment, 'running-late')}:${n}`,
      to: appointment.mobileE164!,
      template: 'RunningLate',
      appointment,
      vars: { delay: String(told) },
      times: { estimate: entry.estimateMs },
    },
    patch: { lateTexts: n, lateToldMinutes: told },
  };
}
