import type { EngineAppointment, TemplateName } from '../engine/decisions.js';

/** Variables the executor hands a template: the appointment plus step variables. */
export interface RenderVariables {
  appointment?: EngineAppointment;
  /** The patient's video link, when the message carries one. */
  url?: string;
  /** Practitioner's room text (DoctorReady). */
  room?: string;
  /** Instants the template layer formats in the text's language (`SendEffect.times`). */
  times?: { estimate?: number; choices?: number[] };
  /** The language of a text about no one appointment (`SendEffect.language`); else the appointment's. */
  language?: string;
  [name: string]: unknown;
}

/**
 * What the executor needs from the template layer. The host adapts TemplateService to it,
 * so the executor stays testable with a one-line renderer.
 */
export interface MessageRenderer {
  /**
   * The text to send. The last check before the provider: a text that, with
   * {@link lastMessageNotice} appended, would be longer than an SMS can be (1,600 characters;
   * Twilio refuses more) must be refused here with a permanent, coded error naming the
   * template and the length but never the text (TemplateService.render throws
   * MessageTooLongError, CA_ERR_MESSAGE_TOO_LONG), so that it never reaches the provider.
   */
  render(name: TemplateName, variables: RenderVariables): string | Promise<string>;
  /** Text appended to the last message a number gets today (daily cap). */
  readonly lastMessageNotice: string;
}
