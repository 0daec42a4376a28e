import { dayIndexOf } from './calendar.js';
import type { Decision, EngineMessage, EngineSettings, EngineState, TemplateName } from './decisions.js';
import { canOfferVideo, stepKey, videoSetupEffects } from './facts.js';
import { appointmentIdOf, describeEngineError, type EngineFailureStep } from './failures.js';
import { replyIntent, replyWordListsOf } from './keyword-lists.js';
import { HELP_WORDS, normaliseReply, OPT_IN_WORDS, OPT_OUT_WORDS, OPTED_OUT_YES } from './keywords.js';
import { planGuest, planGuestNoVideo } from './guest-plan.js';
import { confirmAsked, hasOpenConfirmQuestion, planConfirmAnswer, planConfirmUnclear } from './confirm-plan.js';
import { openQuestions, planWhichAppointment, routeToQuestion } from './open-questions.js';
import { planJoinCodeNone, planJoinCodeReply } from './join-code-plan.js';
import { planRefuseGuest } from './booked-guest-plan.js';
import { startPass, type PassContext } from './pass.js';
import { incomingDecisions, type IncomingOutcome, type StepPlan } from './plan.js';
import { syncWithPms } from './progress-sync.js';
import { routeReply, waitingFor, type Candidate, type Route, type Waiting } from './reply-routing.js';
import type { SendEffect } from './send-gate.js';
import { planWaitReply } from './wait-reply-plan.js';

const HANDLED: IncomingOutcome = { state: 'handled' };

const DONT_UNDERSTAND: Record<Waiting, TemplateName> = {
  'screening-reply': 'ScreeningDontUnderstand',
  joined: 'VideoDontUnderstand',
  arrival: 'ArrivingDontUnderstand',
};

function reply(message: EngineMessage, key: string, template: TemplateName, target?: Candidate): SendEffect {
  const effect: SendEffect = { type: 'send', key, to: message.from, template };
  if (target) effect.appointment = target.appointment;
  return effect;
}

/** The plan for a routed reply, and how the message ends up. */
function planRoute(route: Route, message: EngineMessage, state: EngineState, settings: EngineSettings, now: number): [StepPlan, IncomingOutcome] {
  switch (route.kind) {
    case 'guest':
      return planGuest(route.target, message, state, settings);
    case 'guest-no-video':
      return planGuestNoVideo(message);
    case 'join-code':
      return planJoinCodeReply(route.target, message, state, settings);
    case 'join-code-none':
      return planJoinCodeNone(message);
    case 'screening-reply': {
      const { target } = route;
      const { appointment } = target;
      const key = stepKey(appointment, 'screening-reply');
      if (route.answer === 'no') {
        return [{ step: 'screening-reply', send: reply(message, key, 'ScreeningNoToVideo', target), patch: { screening: 'in-person' } }, HANDLED];
      }
      if (!canOfferVideo(settings, target.practitioner)) {
        // Video was switched off (or barred for this practitioner) after the question went out.
        return [{ step: 'screening-reply', send: reply(message, key, 'CantConsiderTeleHealth', target), patch: { screening: 'in-person' } }, HANDLED];
      }
      return [
        {
          step: 'screening-reply',
          before: videoSetupEffects(appointment, target.synced.progress, settings),
          send: reply(message, key, 'ScreeningYesToVideo', target),
          patch: { screening: 'video' },
        },
        HANDLED,
      ];
    }
    case 'joined': {
      const { appointment } = route.target;
      const send = reply(message, stepKey(appointment, 'joined'), 'VideoThanks', route.target);
      // Thanked once per appointment (the key): a repeated JOINED gets nothing new.
      if (route.alreadyArrived) return [{ step: 'joined', send, patch: {} }, HANDLED];
      const arrival = { arrivedAt: now, arrivedBy: 'text' as const };
      return [{ step: 'joined', recordFirst: arrival, before: [{ type: 'markArrived', appointment }], send, patch: arrival }, HANDLED];
    }
    case 'arrival': {
      const { appointment, synced } = route.target;
      const send = reply(message, stepKey(appointment, 'arrival'), 'ArrivedThanks', route.target);
      if (route.alreadyArrived) return [{ step: 'arrival', send, patch: {} }, HANDLED];
      const arrival = { arrivedAt: now, arrivedBy: 'text' as const };
      return [
        {
          step: 'arrival',
          recordFirst: arrival,
          before: [{ type: 'markArrived', appointment }],
          send,
          patch: {
            ...arrival,
            // An open screening question is moot once the patient is in the waiting room.
            ...(synced.progress.screening === 'asked' ? { screening: 'in-person' as const } : {}),
          },
        },
        HANDLED,
      ];
    }
    case 'dont-understand': {
      const { target } = route;
      const waiting = target.waiting!;
      const key = `${stepKey(target.appointment, waiting)}:${message.id}`;
      return [
        { step: waiting, send: reply(message, key, DONT_UNDERSTAND[waiting], target) },
        { state: 'unprocessed', reason: 'dont-understand' },
      ];
    }
    case 'too-many':
      return [
        { step: 'too-many-appointments', send: reply(message, `too-many-appointments:${message.id}`, 'TooManyAppointments') },
        { state: 'unprocessed', reason: 'too-many-appointments' },
      ];
    case 'unexpected':
      // Kept for a person: a question like "can I bring my son too?" must reach reception's inbox.
      return [
        { step: 'unexpected', send: reply(message, `unexpected:${message.id}`, 'Unexpected') },
        { state: 'unprocessed', reason: 'unexpected' },
      ];
  }
}

/**
 * The incoming half of the workflow: one message → the decisions it causes. Opt-out/opt-in/
 * help words come first and never act as workflow keywords (a YES from an opted-out number is
 * an opt-in, as the carrier treats it). Then the sender's appointments today decide what the
 * reply means (see `routeReply`), with coming days' open confirm questions for a YES or NO
 * (see `routeToQuestion`: more than one open question and no day that settles it get one
 * `WhichAppointment` text). Every message ends with a `setIncomingState` effect: `handled`, or
 * `unprocessed` with a reason (`dont-understand`, `unknown-phone`, `too-many-appointments`,
 * `which-appointment`, `wants-cancel`, `reply-unclear`, `whitelist`) so a person can follow up.
 *
 * "Known phone" means any appointment in the state (today or coming days); a known phone with
 * nothing waiting today gets `Unexpected`, a number with no appointment at all `UnknownPhone`.
 *
 * An appointment of the sender's that throws is left out of the candidates and reported in
 * `pass.failures`; the reply is decided from the others.
 *
 * @param pass share one context per pass (daily cap); a fresh one is built when omitted. Pass
 *   one in to read its `failures` afterwards.
 */
export function decideIncoming(
  state: EngineState,
  settings: EngineSettings,
  message: EngineMessage,
  pass: PassContext = startPass(state, settings),
): Decision[] {
  const word = normaliseReply(message.body ?? '');
  const handled = { type: 'setIncomingState', messageId: message.id, state: 'handled' } as const;
  if (OPT_OUT_WORDS.has(word)) {
    // No reply: the carrier confirms the opt-out itself.
    return [{ step: 'opt-out', effects: [{ type: 'setOptOut', phone: message.from, optedOut: true }, handled] }];
  }
  if (OPT_IN_WORDS.has(word) || (word === OPTED_OUT_YES && state.optedOut.has(message.from))) {
    return [{ step: 'opt-in', effects: [{ type: 'setOptOut', phone: message.from, optedOut: false }, handled] }];
  }
  if (HELP_WORDS.has(word)) {
    return incomingDecisions(message, { step: 'help', send: reply(message, `help:${message.id}`, 'Help') }, HANDLED, pass);
  }

  const mine = (pass.byPhone.get(message.from) ?? []).filter((a) => !state.practitioners.get(a.practitioner?.id ?? '')?.ignore);
  if (mine.length === 0) {
    const plan: StepPlan = { step: 'unknown-phone', send: reply(message, `unknown-phone:${message.from}:${pass.calendar.today}`, 'UnknownPhone') };
    return incomingDecisions(message, plan, { state: 'unprocessed', reason: 'unknown-phone' }, pass);
  }

  const candidates: Candidate[] = [];
  // Coming days' appointments whose confirm question is open (workflow.confirm).
  const confirms: Candidate[] = [];
  for (const appointment of mine) {
    let step: EngineFailureStep = 'read-record';
    try {
      const day = dayIndexOf(pass.calendar, appointment.startMs);
      // A coming day's appointment matters only for its confirm question.
      if (day < 0 || (day > 0 && !confirmAsked(settings))) continue;
      step = 'pms-sync';
      const synced = syncWithPms(appointment, state.progress.get(appointment.id), pass);
      const practitioner = state.practitioners.get(appointment.practitioner?.id ?? '');
      const candidate = { appointment, synced, practitioner, waiting: undefined as Waiting | undefined };
      if (day !== 0) {
        if (hasOpenConfirmQuestion(appointment, synced.progress, day, settings)) confirms.push(candidate);
        continue;
      }
      step = 'reply-routing';
      candidate.waiting = waitingFor(candidate);
      candidates.push(candidate);
    } catch (error) {
      // A malformed record cannot be the one the patient means; the others still count.
      pass.failures.push({
        phase: 'incoming',
        appointmentId: appointmentIdOf(appointment),
        messageId: message.id,
        step,
        error: describeEngineError(error),
        cause: error,
      });
    }
  }
  // Read in the language of the appointments it may be about (today's and open confirm questions, else any), then English.
  const open = [...candidates, ...confirms];
  const languages = (open.length > 0 ? open.map((c) => c.appointment) : mine).map((a) => a.language);
  const lists = replyWordListsOf(settings);
  const intent = replyIntent(message.body ?? '', languages, lists);
  if (intent === 'refuseGuest') {
    const [plan, outcome] = planRefuseGuest(candidates, message, state);
    const target = plan.send?.appointment ? candidates.find((c) => c.appointment.id === plan.send!.appointment!.id) : undefined;
    return incomingDecisions(message, plan, outcome, pass, target);
  }
  if (intent === 'wait') {
    const wait = planWaitReply(candidates, message, pass);
    if (wait) return incomingDecisions(message, wait.plan, wait.outcome, pass, wait.target);
  }
  const questions = openQuestions(candidates, confirms);
  const toQuestion = routeToQuestion(intent, message.body ?? '', questions, languages, lists, pass.calendar);
  if (toQuestion?.kind === 'which-appointment') {
    const [plan, outcome] = planWhichAppointment(toQuestion.choices, message);
    return incomingDecisions(message, plan, outcome, pass);
  }
  if (toQuestion?.question.kind === 'confirm') {
    const target = toQuestion.question.target;
    const [plan, outcome] = planConfirmAnswer(target, toQuestion.answer, message, settings, pass.now);
    return incomingDecisions(message, plan, outcome, pass, target);
  }
  const route: Route = toQuestion ? { kind: 'screening-reply', target: toQuestion.question.target, answer: toQuestion.answer } : routeReply(intent, candidates);
  if (route.kind === 'unexpected' && confirms.length === 1) {
    // Nothing waits today and one confirm question is open: this is a reply to it the host cannot read.
    const [plan, outcome] = planConfirmUnclear(confirms[0]!, message, pass.now);
    return incomingDecisions(message, plan, outcome, pass, confirms[0]);
  }
  const [plan, outcome] = planRoute(route, message, state, settings, pass.now);
  const target = 'target' in route ? route.target : undefined;
  return incomingDecisions(message, plan, outcome, pass, target);
}
