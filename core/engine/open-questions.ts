import type { ClinicCalendar } from './calendar.js';
import type { EngineMessage } from './decisions.js';
import type { IncomingOutcome, StepPlan } from './plan.js';
import type { ReplyWordLists } from './keyword-lists.js';
import { answerWithDay, isOnDay } from './reply-day.js';
import type { Candidate } from './reply-routing.js';
import type { Intent } from './workflow-settings.js';

/**
 * Which appointment a YES or NO means (issue 18). A phone's open yes/no questions are today's
 * screening questions (`ConsiderTeleHealth`, awaiting an answer) and the confirm questions of
 * coming days (`RegistrationConfirm`, unanswered). One open question: the answer is for it. More
 * than one: the reply may name the day ("YES TOMORROW"), which settles it when exactly one
 * question is on that day; otherwise one clarifying text lists them. Never a guess.
 */

/** An open yes/no question on the sender's phone. */
export interface OpenQuestion {
  kind: 'screening' | 'confirm';
  target: Candidate;
}

/** What a reply to the open questions comes to, when it is about them at all. */
export type QuestionRoute =
  | { kind: 'answer'; question: OpenQuestion; answer: 'yes' | 'no' }
  /** More than one question it may mean: list them (`choices`, earliest first). */
  | { kind: 'which-appointment'; choices: Candidate[] };

/**
 * The questions a reply may answer, earliest first.
 * @param today today's candidates (those awaiting a screening answer count)
 * @param confirms the coming days' appointments with an open confirm question
 */
export function openQuestions(today: readonly Candidate[], confirms: readonly Candidate[]): OpenQuestion[] {
  const questions: OpenQuestion[] = [
    ...today.filter((c) => c.waiting === 'screening-reply').map((target) => ({ kind: 'screening' as const, target })),
    ...confirms.map((target) => ({ kind: 'confirm' as const, target })),
  ];
  return questions.sort((a, b) => a.target.appointment.startMs - b.target.appointment.startMs);
}

/**
 * Routes a yes/no reply among the open questions, or undefined when it is not one this rule
 * settles (no open question; a reply that is neither YES nor NO, with or without a day; a lone
 * question's YES or NO naming another day).
 *
 * @param intent the reply as a whole, read with the reply words
 * @param body the raw text, read again for a day word when the whole is no reply word
 */
export function routeToQuestion(
  intent: Intent | undefined,
  body: string,
  questions: readonly OpenQuestion[],
  languages: readonly (string | undefined)[],
  lists: ReplyWordLists,
  calendar: ClinicCalendar,
): QuestionRoute | undefined {
  if (questions.length === 0) return undefined;
  let answer: 'yes' | 'no';
  let named = questions;
  if (intent === 'yes' || intent === 'no') {
    answer = intent;
  } else if (intent === undefined) {
    const withDay = answerWithDay(body, languages, lists);
    if (withDay?.intent !== 'yes' && withDay?.intent !== 'no') return undefined;
    answer = withDay.intent;
    named = questions.filter((q) => isOnDay(withDay.day, q.target.appointment.startMs, calendar));
    // One question, a day that is not its own: unclear, as any other word would be.
    if (questions.length === 1 && named.length === 0) return undefined;
  } else {
    return undefined;
  }
  if (named.length === 1) {
    return { kind: 'answer', question: named[0]!, answer };
  }
  const choices = named.length > 1 ? named : questions;
  return { kind: 'which-appointment', choices: choices.map((q) => q.target) };
}

/**
 * One clarifying text listing the open questions by day and time (`choices`; no names: a family
 * phone may be anyone's), kept for reception. In the patients' language when they share one.
 */
export function planWhichAppointment(choices: readonly Candidate[], message: EngineMessage): [StepPlan, IncomingOutcome] {
  const languages = new Set(choices.map((c) => c.appointment.language));
  const [language] = languages;
  return [
    {
      step: 'which-appointment',
      send: {
        type: 'send',
        key: `which-appointment:${message.id}`,
        to: message.from,
        template: 'WhichAppointment',
        times: { choices: choices.map((c) => c.appointment.startMs) },
        ...(languages.size === 1 && language !== undefined ? { language } : {}),
      },
    },
    { state: 'unprocessed', reason: 'which-appointment' },
  ];
}
