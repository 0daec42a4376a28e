import type { EngineAppointment, TemplateName } from '../engine/decisions.js';

/** Variables the executor hands a template: the appointment plus step variables. */
export interface RenderVariables {
  appointment?: EngineAppointment;
  /** The patient's video link, when the message carries one. */
  url?: string;
  /** Practitioner's room text (DoctorReady). */
  room?: string;
  [name: string]: unknown;
}

/**
 * What the executor needs from the template layer. The host adapts TemplateService to it,
 * so the executor stays testable with a one-line renderer.
 */
export interface MessageRenderer {
  render(name: TemplateName, variables: RenderVariables): string | Promise<string>;
  /** Text appended to the last message a number gets today (daily cap). */
  readonly lastMessageNotice: string;
}
