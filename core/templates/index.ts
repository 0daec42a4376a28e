export { TemplateService, TemplateError, isTemplateName, type TemplateServiceOptions, type RenderContext } from './template-service.js';
export { DEFAULT_TEMPLATES, LAST_MESSAGE_NOTICE } from './defaults.js';
export { replyWordsIn, replyWordProblems, CARRIER_WORDS, OPT_OUT_WORDS } from './reply-words.js';
export { smsLength, type SmsLength } from './sms-length.js';
export { variablesFor, templateHasAppointment, stepVariablesFor, formatStart, firstNameOf, type FormattedStart } from './variables.js';
