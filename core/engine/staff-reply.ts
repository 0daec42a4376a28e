import { clinicCalendar, insideWindow } from './calendar.js';
import type { Decision, EngineAppointment, EngineSettings, EngineState } from './decisions.js';
import { SendGate, type SendEffect } from './send-gate.js';

/** Longest staff text accepted (before the template adds to it). */
export const STAFF_REPLY_MAX_CHARS = 640;
/** Most SMS segments a rendered staff reply may take (GSM-7: 459 characters; UCS-2: 201). */
export const STAFF_REPLY_MAX_SEGMENTS = 3;

/** What reception asked to send. */
export interface StaffReplyRequest {
  /** The client's id for this reply: a repeated request with the same id sends at most once. */
  requestId: string;
  /** E.164 number of the conversation. */
  to: string;
  /** The staff member's text, untrusted: it goes into the template as a variable, never as template source. */
  text: string;
  /** SMS segments of the text as rendered with the `StaffReply` template in effect. */
  renderedSegments: number;
  /** The appointment the conversation is matched to, recorded with the outbox entry. */
  appointment?: EngineAppointment;
}

/** Why a staff reply is not sent. Nothing is recorded for a refusal: the same request may be tried again later. */
export type StaffReplyRefusal = 'empty' | 'too-long' | 'quiet-hours' | 'whitelist' | 'opted-out' | 'daily-cap';

export type StaffReplyDecision = { kind: 'send'; decision: Decision } | { kind: 'refused'; reason: StaffReplyRefusal; key: string };

/** The outbox key of a staff reply: one send per request id, however often the request is repeated. */
export function staffReplyKey(requestId: string): string {
  return `staff-reply:${requestId}`;
}

/**
 * Decides a free-text reply from reception under the same rules as the workflow's texts:
 * the text must fit (`too-long` over {@link STAFF_REPLY_MAX_SEGMENTS} rendered segments), the
 * clinic's sending window applies (a reply is a person answering a person, but at 23:00 it
 * still wakes the patient; reception is told to send it in the morning), then the send gate:
 * test-mode whitelist, opt-out (STOP is the law, whoever writes), and the daily cap per number.
 * The last text allowed today is flagged so the executor appends the notice.
 */
export function decideStaffReply(
  state: Pick<EngineState, 'now' | 'sentToday' | 'optedOut'>,
  settings: Pick<EngineSettings, 'clinic' | 'workflow' | 'whitelist'>,
  request: StaffReplyRequest,
): StaffReplyDecision {
  const key = staffReplyKey(request.requestId);
  const refuse = (reason: StaffReplyRefusal): StaffReplyDecision => ({ kind: 'refused', reason, key });
  if (request.text.trim() === '') return refuse('empty');
  if (request.text.length > STAFF_REPLY_MAX_CHARS || request.renderedSegments > STAFF_REPLY_MAX_SEGMENTS) return refuse('too-long');
  const { minuteOfDay } = clinicCalendar(state.now, settings.clinic.timeZone, 0);
  if (!insideWindow(minuteOfDay, settings.workflow.quietHours)) return refuse('quiet-hours');

  const send: SendEffect = { type: 'send', key, to: request.to, template: 'StaffReply', vars: { text: request.text } };
  if (request.appointment) send.appointment = request.appointment;
  const checked = new SendGate(state, settings).check(send);
  if (checked.type === 'suppressed') return refuse(checked.reason);
  const decision: Decision = { step: 'staff-reply', effects: [checked] };
  if (request.appointment) decision.appointmentId = request.appointment.id;
  return { kind: 'send', decision };
}
