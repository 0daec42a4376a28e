import type { EngineMessage } from './decisions.js';
import type { PassContext } from './pass.js';
import type { IncomingOutcome, StepPlan } from './plan.js';
import type { Candidate } from './reply-routing.js';
import { isStillWaiting, queueEntryOf, toldDelayMinutes } from './running-late-plan.js';

/** A WAIT is answered at most once per this long per appointment; a repeat within it gets no text. */
export const WAIT_ANSWER_EVERY_MS = 5 * 60_000;

/** Under this delay (minutes) the answer says the practitioner is on time. */
const ON_TIME_BELOW_MINUTES = 5;

/**
 * How a WAIT repeated within {@link WAIT_ANSWER_EVERY_MS} shows in the message log: handled
 * (nobody needs to act), with this reason and the appointment, and no text.
 */
export const WAIT_ANSWERED_RECENTLY = 'wait-answered-recently';

/** The WAIT answer's plan, how the message ends up, and the appointment it is about. */
export interface WaitReply {
  plan: StepPlan;
  outcome: IncomingOutcome;
  target: Candidate;
}

/**
 * WAIT (or "how long?") from a phone with an appointment today still waiting to be called in
 * (booked or arrived, not called, not closed): this patient's own estimate, `WaitEstimate` with
 * the delay when it is 5 minutes or more, else `WaitOnTime`; keyed by the message, so a crash or
 * a redelivery answers once. Several waiting today on one phone (a family): the earliest, whose
 * wait is the one the phone is living through now. At most one answer per appointment per
 * 5 minutes: a repeat sooner is handled without a text. Works whether or not running-late
 * texts are on. Undefined when nothing on the phone is waiting today: the caller answers as for
 * any other word (Unexpected, or UnknownPhone for a number with no appointment).
 */
export function planWaitReply(candidates: readonly Candidate[], message: EngineMessage, pass: PassContext): WaitReply | undefined {
  for (const target of candidates) {
    const { appointment } = target;
    const progress = target.synced.progress;
    if (!isStillWaiting(appointment, progress)) continue;
    const entry = queueEntryOf(appointment, pass);
    if (!entry) continue;
    const answeredAt = progress.waitAnsweredAt;
    if (answeredAt !== undefined && pass.now - answeredAt < WAIT_ANSWER_EVERY_MS && pass.now >= answeredAt) {
      return { plan: { step: 'wait-reply' }, outcome: { state: 'handled', reason: WAIT_ANSWERED_RECENTLY }, target };
    }
    const told = toldDelayMinutes(entry.delayMinutes);
    const late = entry.delayMinutes >= ON_TIME_BELOW_MINUTES;
    return {
      plan: {
        step: 'wait-reply',
        send: {
          type: 'send',
          key: `wait:${message.id}`,
          to: message.from,
          template: late ? 'WaitEstimate' : 'WaitOnTime',
          appointment,
          ...(late ? { vars: { delay: String(told) } } : {}),
          times: { estimate: entry.estimateMs },
        },
        patch: { waitAnsweredAt: pass.now },
        // No answer went out (opted out, daily cap): nothing to count the 5 minutes from.
        onlyWithSend: true,
      },
      outcome: { state: 'handled' },
      target,
    };
  }
  return undefined;
}
