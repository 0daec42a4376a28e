export { TemplateService, TemplateError, isTemplateName, type TemplateServiceOptions, type RenderContext } from './template-service.js';
export { DEFAULT_TEMPLATES, LAST_MESSAGE_NOTICE } from './defaults.js';
export { replyWordsIn, replyWordProblems, CARRIER_WORDS, OPT_OUT_WORDS } from './reply-words.js';
export { smsLength, type SmsLength } from './sms-length.js';
export { variablesFor, templateHasAppointment, stepVariablesFor, formatStart, firstNameOf, type FormattedStart } from './variables.js';
export { type TemplateProblem, formatTemplateProblem } from './template-error.js';
export { MAX_MESSAGE_LENGTH, MessageTooLongError, overLimit, type MessageLength } from './message-length.js';
export { worstCaseContext, WORST_CASE_LENGTHS } from './worst-case.js';
export type { TemplateView } from './template-view.js';
