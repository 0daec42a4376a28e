import type { AppointmentProgress } from './progress.js';
import type { IncomingRecord } from './incoming-record.js';
import type { Decision, Effect, EngineAppointment, EngineMessage, StepName } from './decisions.js';
import type { PassContext } from './pass.js';
import type { SyncedProgress } from './progress-sync.js';
import type { SendEffect } from './send-gate.js';

/**
 * What a step wants, before policy: the I/O that changes state elsewhere, at most one text,
 * and the progress to record. {@link toDecisions} turns it into ordered effects.
 */
export interface StepPlan {
  step: StepName;
  /** State-changing I/O, run before the text (ensureVideoRoom, recordVideoInPms, markArrived, closeVideoRoom). */
  before?: Effect[];
  send?: SendEffect;
  patch?: Partial<AppointmentProgress>;
  /**
   * Incoming steps only: progress recorded before the first effect, because later steps rely
   * on it whatever happens next (a patient's arrival by text, saved before the PMS is told,
   * so a crash or a reception quicker than the next poll cannot lose the doctor-ready text).
   */
  recordFirst?: Partial<AppointmentProgress>;
  /** Incoming steps only: effects right after the text, only when it goes out (e.g. mark a guest link sent). */
  after?: Effect[];
  /**
   * Incoming steps only: `before` and `after` make sense only with the text. When policy stops
   * the text, nothing is created (a guest link nobody receives must not exist).
   */
  onlyWithSend?: boolean;
  /** Scheduled steps only: what to do instead when policy suppresses the text (e.g. still close the room). */
  onSuppressed?: StepPlan;
}

/** How an incoming message ends up, written after everything else. */
export interface IncomingOutcome {
  state: IncomingRecord['state'];
  reason?: string;
}

/** Every step save records the start it was decided for and the PMS status as read (never a status we only asked for). */
function saveProgress(appointment: EngineAppointment, synced: SyncedProgress, patch: Partial<AppointmentProgress> | undefined): Effect {
  return {
    type: 'saveProgress',
    appointmentId: appointment.id,
    patch: {
      ...synced.patch,
      ...patch,
      plannedStart: appointment.start,
      lastStatus: appointment.status,
    },
  };
}

function hasKeys(patch: object): boolean {
  for (const _ in patch) return true;
  return false;
}

/** Adds a decision that only records what the PMS says, when there is something to record. */
export function pushStatusSync(out: Decision[], appointment: EngineAppointment, synced: SyncedProgress): void {
  if (!hasKeys(synced.patch)) return;
  out.push({ step: 'status-sync', appointmentId: appointment.id, effects: [{ type: 'saveProgress', appointmentId: appointment.id, patch: synced.patch }] });
}

/**
 * Scheduled steps (appended to `out`, which saves an array per appointment per pass). A suppressed text drops the whole step: its progress is not recorded, so
 * the step is decided again on a later pass (after an opt-in, the next day's cap, a whitelist
 * change); the PMS sync patch is still saved as a `status-sync` decision.
 */
export function pushScheduledDecisions(
  out: Decision[],
  appointment: EngineAppointment,
  plan: StepPlan | undefined,
  synced: SyncedProgress,
  pass: PassContext,
): void {
  if (!plan) {
    pushStatusSync(out, appointment, synced);
    return;
  }
  const checked = plan.send ? pass.gate.check(plan.send) : undefined;
  if (checked?.type === 'suppressed') {
    out.push({ step: plan.step, appointmentId: appointment.id, effects: [checked] });
    if (plan.onSuppressed) pushScheduledDecisions(out, appointment, plan.onSuppressed, synced, pass);
    else pushStatusSync(out, appointment, synced);
    return;
  }
  const effects: Effect[] = plan.before ? [...plan.before] : [];
  if (checked) effects.push(checked);
  effects.push(saveProgress(appointment, synced, plan.patch));
  out.push({ step: plan.step, appointmentId: appointment.id, effects });
}

/**
 * Incoming steps. A suppressed reply does not undo the rest (a patient who texts "arrived" is
 * still marked arrived even at the daily cap or after STOP), except in whitelist test mode,
 * where a message from a number outside the whitelist changes nothing and is kept for a person.
 */
export function incomingDecisions(
  message: EngineMessage,
  plan: StepPlan,
  outcome: IncomingOutcome,
  pass: PassContext,
  target?: { appointment: EngineAppointment; synced: SyncedProgress },
): Decision[] {
  const appointmentId = target?.appointment.id;
  const setIncoming = (state: IncomingRecord['state'], reason?: string): Effect => ({
    type: 'setIncomingState',
    messageId: message.id,
    state,
    ...(reason !== undefined ? { reason } : {}),
    ...(appointmentId !== undefined ? { appointmentId } : {}),
  });
  const base = appointmentId !== undefined ? { step: plan.step, appointmentId } : { step: plan.step };
  const checked = plan.send ? pass.gate.check(plan.send) : undefined;
  if (checked?.type === 'suppressed' && checked.reason === 'whitelist') {
    return [{ ...base, effects: [checked, setIncoming('unprocessed', outcome.state === 'unprocessed' ? outcome.reason : 'whitelist')] }];
  }
  if (checked?.type === 'suppressed' && plan.onlyWithSend) {
    return [{ ...base, effects: [checked, setIncoming(outcome.state, outcome.reason)] }];
  }
  const effects: Effect[] = [];
  if (target && plan.recordFirst) effects.push(saveProgress(target.appointment, target.synced, plan.recordFirst));
  effects.push(...(plan.before ?? []));
  if (checked) effects.push(checked);
  if (checked?.type === 'send') effects.push(...(plan.after ?? []));
  if (target && plan.patch) effects.push(saveProgress(target.appointment, target.synced, plan.patch));
  effects.push(setIncoming(outcome.state, outcome.reason));
  return [{ ...base, effects }];
}
