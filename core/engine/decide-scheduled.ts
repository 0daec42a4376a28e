import type { Decision, EngineSettings, EngineState } from './decisions.js';
import { appointmentIdOf, describeEngineError, type EngineFailureStep } from './failures.js';
import { startPass, type PassContext } from './pass.js';
import { pushBookedGuestDecisions } from './booked-guest-plan.js';
import { pushScheduledDecisions, pushStatusSync } from './plan.js';
import { dayIndexOf } from './calendar.js';
import { syncWithPms } from './progress-sync.js';
import { planScheduledStep, type ScheduledStepInput } from './scheduled-steps.js';

/**
 * The scheduled half of the workflow: for every appointment with a usable mobile whose
 * practitioner is not ignored, the step due now (registration, screening, video invite,
 * video join, doctor ready, running late, cancellation, room clean-up) or a `status-sync` that
 * records what the PMS says; for today's appointments without a mobile, only the `status-sync`
 * (the wait estimate counts their consults too). Pure: no I/O, no clock; same input, same decisions.
 *
 * One bad appointment is skipped, never thrown out of the pass: it is reported in
 * `pass.failures` (which step, the error's class) and decided again next pass.
 *
 * @param pass share one context with the `decideIncoming` calls of the same pass (daily cap);
 *   pass one in to read its `failures` afterwards.
 */
export function decideScheduled(state: EngineState, settings: EngineSettings, pass: PassContext = startPass(state, settings)): Decision[] {
  const decisions: Decision[] = [];
  // One view object, refilled per appointment: this loop runs 10,000 times per pass.
  const view: ScheduledStepInput = { appointment: undefined!, progress: undefined!, practitioner: undefined, state, settings, pass };
  for (const appointment of state.appointments) {
    let step: EngineFailureStep = 'read-record';
    try {
      if (!Number.isFinite(appointment.startMs)) continue;
      const practitioner = state.practitioners.get(appointment.practitioner?.id ?? '');
      if (practitioner?.ignore) continue;
      if (!appointment.mobileE164) {
        // No texts, but still in the practitioner's queue today: its call and finish times count for the estimate.
        step = 'pms-sync';
        if (dayIndexOf(pass.calendar, appointment.startMs) === 0) {
          pushStatusSync(decisions, appointment, syncWithPms(appointment, state.progress.get(appointment.id), pass));
        }
        continue;
      }
      step = 'pms-sync';
      const synced = syncWithPms(appointment, state.progress.get(appointment.id), pass);
      view.appointment = appointment;
      view.progress = synced.progress;
      view.practitioner = practitioner;
      step = 'plan-step';
      const plan = planScheduledStep(view);
      step = 'send-policy';
      const pushedFrom = decisions.length;
      pushScheduledDecisions(decisions, appointment, plan, synced, pass);
      // Guests reception booked get their links with the patient's invite (in its decision, after its text), or at once when it is out.
      step = 'booked-guests';
      const invite = decisions.slice(pushedFrom).find((d) => d.step === 'video-invite' && d.effects.some((e) => e.type === 'send'));
      pushBookedGuestDecisions(decisions, appointment, synced.progress, state, settings, pass, invite);
    } catch (error) {
      // A malformed record must not stop the clinic's other appointments; it is retried next
      // pass, and reported so that a planner bug skipping every appointment is seen.
      pass.failures.push({ phase: 'scheduled', appointmentId: appointmentIdOf(appointment), step, error: describeEngineError(error), cause: error });
    }
  }
  return decisions;
}
