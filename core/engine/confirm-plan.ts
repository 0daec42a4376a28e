import { BEFORE_ARRIVAL_STATUSES } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from './progress.js';
import type { EngineAppointment, EngineMessage, EngineSettings, TemplateName } from './decisions.js';
import { stepKey } from './facts.js';
import type { IncomingOutcome, StepPlan } from './plan.js';
import type { Candidate } from './reply-routing.js';
import type { ScheduledStepInput } from './scheduled-steps.js';
import type { SendEffect } from './send-gate.js';
import { confirmSettingsOf } from './workflow-settings.js';

/**
 * Confirm or cancel by reply (`workflow.confirm`, issue 18). The Registration text asks once;
 * the patient's answer is recorded in the host's store before the PMS is told (so a crash, or a
 * PMS that is down, never loses it), and an answer is never asked for again, whatever the PMS
 * shows (many PMSs mark every participant accepted at booking, so that is not an answer).
 */

/** The clinic asks, and its PMS plugin can record a confirmation. */
export function confirmAsked(settings: EngineSettings): boolean {
  return confirmSettingsOf(settings.workflow).ask && settings.pms?.canConfirm === true;
}

/** The Registration text asks to confirm: the clinic asks and the patient has not answered yet. */
export function shouldAskToConfirm(progress: AppointmentProgress, settings: EngineSettings): boolean {
  return confirmAsked(settings) && (progress.confirm === undefined || progress.confirm === 'asked');
}

/** A coming day's booked appointment whose confirm question is out and unanswered. */
export function hasOpenConfirmQuestion(appointment: EngineAppointment, progress: AppointmentProgress, day: number, settings: EngineSettings): boolean {
  return day >= 1 && appointment.status === 'booked' && progress.confirm === 'asked' && confirmAsked(settings);
}

const HANDLED: IncomingOutcome = { state: 'handled' };

function reply(message: EngineMessage, key: string, template: TemplateName, appointment: EngineAppointment): SendEffect {
  return { type: 'send', key, to: message.from, template, appointment };
}

/** The Cancellation text, under the scheduled cancellation's key: whichever path gets there first, the patient gets one. */
function cancellationText(appointment: EngineAppointment, to: string): SendEffect {
  return { type: 'send', key: stepKey(appointment, 'cancellation'), to, template: 'Cancellation', appointment };
}

/**
 * YES or NO to an open confirm question. YES: recorded, then the PMS records the confirmation,
 * then thanks. NO: with `onNo: cancel` (and a PMS that can cancel) recorded as `cancel`, the PMS
 * cancels, the Cancellation text; otherwise recorded as `wants-cancel` and kept for reception
 * (the message stays unprocessed, so it is in the inbox with the appointment).
 */
export function planConfirmAnswer(
  target: Candidate,
  answer: 'yes' | 'no',
  message: EngineMessage,
  settings: EngineSettings,
  now: number,
): [StepPlan, IncomingOutcome] {
  const { appointment } = target;
  const answered = { confirmAnsweredAt: now, replyUnclearAt: undefined };
  if (answer === 'yes') {
    return [
      {
        step: 'confirm-reply',
        recordFirst: { confirm: 'confirmed', ...answered },
        // Decided once, so a repeat after a crash writes the same time.
        before: [{ type: 'confirmInPms', appointment, confirmedAt: new Date(now).toISOString() }],
        send: reply(message, stepKey(appointment, 'confirm-reply'), 'ConfirmThanks', appointment),
      },
      HANDLED,
    ];
  }
  if (confirmSettingsOf(settings.workflow).onNo === 'cancel' && settings.pms?.canCancel) {
    return [
      {
        step: 'cancel',
        recordFirst: { confirm: 'cancel', ...answered },
        before: [{ type: 'cancelInPms', appointment }],
        send: cancellationText(appointment, message.from),
        patch: { confirm: 'cancelled', cancellationSentAt: now },
      },
      HANDLED,
    ];
  }
  return [
    {
      step: 'confirm-reply',
      recordFirst: { confirm: 'wants-cancel', ...answered },
      send: reply(message, stepKey(appointment, 'confirm-reply'), 'CancelRequested', appointment),
    },
    { state: 'unprocessed', reason: 'wants-cancel' },
  ];
}

/** A reply the host cannot read while a confirm question is the phone's only open one: asked again, flagged for reception. */
export function planConfirmUnclear(target: Candidate, message: EngineMessage, now: number): [StepPlan, IncomingOutcome] {
  const { appointment } = target;
  return [
    {
      step: 'confirm-reply',
      send: reply(message, `${stepKey(appointment, 'confirm-reply')}:${message.id}`, 'ConfirmDontUnderstand', appointment),
      patch: { replyUnclearAt: now },
    },
    { state: 'unprocessed', reason: 'reply-unclear' },
  ];
}

/**
 * A cancel recorded but not carried out yet (`confirm: 'cancel'`: reception's one-click cancel,
 * or a NO whose reply was cut short) while the visit is still before arrival: the PMS cancels,
 * then the Cancellation text (inside sending hours; outside them the PMS write goes first and the
 * text follows from the cancelled appointment, see `planClosed`). A visit already past arrival is
 * left alone: the patient came after all.
 */
export function planRecordedCancel(view: ScheduledStepInput): StepPlan | undefined {
  const { appointment, progress, settings, pass } = view;
  if (progress.confirm !== 'cancel' || !BEFORE_ARRIVAL_STATUSES.has(appointment.status) || !settings.pms?.canCancel) return undefined;
  const before = [{ type: 'cancelInPms' as const, appointment }];
  if (!pass.insideSendingHours) return { step: 'cancel', before };
  return {
    step: 'cancel',
    before,
    send: cancellationText(appointment, appointment.mobileE164!),
    patch: { confirm: 'cancelled', cancellationSentAt: pass.now },
  };
}

/**
 * The "reply unclear" flag is for reception while the question is still open. Read it through
 * this: an answer clears the field, but a reply plan finished after a restart comes back from the
 * store as JSON, where a cleared (undefined) field is simply absent, so the old time may remain.
 */
export function replyUnclearOpen(progress: AppointmentProgress | undefined): boolean {
  return progress?.replyUnclearAt !== undefined && progress.confirm === 'asked';
}

/** With the PMS showing the visit cancelled: a recorded cancel whose text is still owed. */
export function cancelRecorded(progress: AppointmentProgress): boolean {
  return progress.confirm === 'cancel';
}
