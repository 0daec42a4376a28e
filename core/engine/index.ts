/** The workflow engine: pure decisions from (appointments, progress, message, now). */
export * from './decisions.js';
export { buildEngineSettings } from './settings.js';
export { prepareAppointments } from './prepare.js';
export { decideScheduled } from './decide-scheduled.js';
export { decideIncoming } from './decide-incoming.js';
export { workflowStateOf, WORKFLOW_STATES, type WorkflowState } from './workflow-state.js';
export { clinicDayStart, clinicCalendar, dayIndexOf, insideWindow, clinicDateOf, type ClinicCalendar } from './calendar.js';
export { DEFAULT_KEYWORDS, OPT_OUT_WORDS, OPT_IN_WORDS, HELP_WORDS, normaliseReply, keywordProblems, acceptedWords, buildKeywordMap } from './keywords.js';
export { normaliseReplyFor } from './normalise-reply.js';
export { SHIPPED_KEYWORDS } from './keywords-by-language.js';
export { acceptedWordsIn, buildReplyWordLists, replyIntent, type KeywordsByLanguage, type ReplyWordLists } from './keyword-lists.js';
export { keywordsByLanguageProblems } from './keyword-list-problems.js';
export {
  decideStaffReply,
  staffReplyKey,
  STAFF_REPLY_MAX_CHARS,
  STAFF_REPLY_MAX_SEGMENTS,
  type StaffReplyDecision,
  type StaffReplyRefusal,
  type StaffReplyRequest,
} from './staff-reply.js';
export { describeEngineError, type EngineFailure, type EngineFailureStep } from './failures.js';
export { startPass, indexByPhone, type PassContext, type PhoneIndex } from './pass.js';
export { nextStepOf, nextSendingTime, type NextStep } from './next-step.js';
export { confirmAsked, replyUnclearOpen } from './confirm-plan.js';
export { answerWithDay, type AnswerWithDay, type NamedDay } from './reply-day.js';
export { stateTextOf, attentionOf, clinicClockTime, STATE_TEXTS, type StateTextKey, type LastTextFacts, type Attention } from './state-text.js';
export type { WorkflowSettings, Intent } from './workflow-settings.js';
