import { DateTime } from 'luxon';
import { CODES } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from './progress.js';
import type { WorkflowState } from './workflow-state.js';

/**
 * Where an appointment stands, in words for reception. Every phrase lives in
 * {@link STATE_TEXTS} (English), so a translation replaces one table; `{time}` is a clinic-time
 * "HH:MM" and `{reason}` one of the `reason.*` phrases.
 */
export const STATE_TEXTS = {
  ignored: 'practitioner ignored: no texts',
  'no-mobile': 'no mobile number: no texts',
  cancelled: 'cancelled',
  'cancelled.texted': 'cancelled, cancellation text sent {time}',
  upcoming: 'no texts yet',
  registered: 'registration text sent {time}',
  'awaiting-screening': 'not texted yet today',
  'awaiting-screening-reply': 'asked about video {time}, no answer yet',
  'in-person': 'coming in person, texted {time}',
  'video-pending-invite': 'video consult, link not sent yet',
  invited: 'video link sent {time}',
  arrived: 'arrived {time}',
  'arrived.text': 'arrived by text {time}',
  'arrived.video-join': 'joined the video {time}',
  'arrived.pms': 'arrived (marked in the PMS)',
  'doctor-ready': 'doctor-ready text sent {time}',
  'doctor-ready.unsent': 'with the doctor',
  done: 'done',
  'text.failed': 'text failed: {reason}',
  'text.unknown': 'text outcome unknown: did the patient get it?',
  'text.undelivered': 'text not delivered: {reason}',
  'text.retry': 'text not sent yet, retrying',
  'reason.invalid-number': 'number invalid',
  'reason.opted-out': 'patient opted out',
  'reason.auth': 'texting account rejected',
  'reason.other': 'not sent',
  'reason.undelivered': 'the phone did not receive it',
} as const;

export type StateTextKey = keyof typeof STATE_TEXTS;

/** The outbox's latest entry for the appointment, as far as the words need it. */
export interface LastTextFacts {
  status: 'pending' | 'sent' | 'failed' | 'retry' | 'unknown';
  /** Log-safe error, `CA_ERR_…: message` for typed errors (never shown: remote text is untrusted). */
  error?: string;
  /** From the provider's status callbacks, when known: queued, sent, delivered, undelivered, failed. */
  deliveryStatus?: string;
}

/** A row reception must not miss. */
export type Attention = 'failed' | 'unknown' | 'undelivered';

/** Failed or unknown texts, and texts the provider reports it could not deliver, stand out. */
export function attentionOf(last: LastTextFacts | undefined): Attention | undefined {
  if (!last) return undefined;
  if (last.status === 'failed') return 'failed';
  if (last.status === 'unknown') return 'unknown';
  if (last.deliveryStatus === 'undelivered' || last.deliveryStatus === 'failed') return 'undelivered';
  return undefined;
}

/** "HH:MM" (24 h) of an instant in the clinic's zone. */
export function clinicClockTime(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat('HH:mm');
}

/** Only our own error codes pick the words: the message after the code came from a remote system. */
function failureReason(error: string | undefined): StateTextKey {
  const code = /^(CA_ERR_[A-Z_]+)/.exec(error ?? '')?.[1];
  if (code === CODES.INVALID_NUMBER) return 'reason.invalid-number';
  if (code === CODES.OPTED_OUT) return 'reason.opted-out';
  if (code === CODES.AUTH) return 'reason.auth';
  return 'reason.other';
}

function fill(key: StateTextKey, values: { time?: number; reason?: StateTextKey }, timeZone: string): string {
  return STATE_TEXTS[key]
    .replace('{time}', values.time === undefined ? '' : clinicClockTime(values.time, timeZone))
    .replace('{reason}', values.reason === undefined ? '' : STATE_TEXTS[values.reason]);
}

/** The catalogue entry and its values for a state, from the stored progress. */
function stateEntry(state: WorkflowState, progress: AppointmentProgress | undefined): [StateTextKey, { time?: number }] {
  const p = progress;
  switch (state) {
    case 'cancelled':
      return p?.cancellationSentAt !== undefined ? ['cancelled.texted', { time: p.cancellationSentAt }] : ['cancelled', {}];
    case 'registered':
      return ['registered', { time: p?.registrationSentAt }];
    case 'awaiting-screening-reply':
    case 'in-person':
      return p?.screeningSentAt !== undefined ? [state, { time: p.screeningSentAt }] : ['awaiting-screening', {}];
    case 'invited':
      return ['invited', { time: p?.videoInviteSentAt }];
    case 'arrived':
      if (p?.arrivedAt === undefined) return ['arrived.pms', {}];
      if (p.arrivedBy === 'text') return ['arrived.text', { time: p.arrivedAt }];
      if (p.arrivedBy === 'video-join') return ['arrived.video-join', { time: p.arrivedAt }];
      return ['arrived', { time: p.arrivedAt }];
    case 'doctor-ready':
      return p?.doctorReadySentAt !== undefined ? ['doctor-ready', { time: p.doctorReadySentAt }] : ['doctor-ready.unsent', {}];
    default:
      return [state, {}];
  }
}

/**
 * Where an appointment stands, in words, at clinic time: "asked about video 09:12, no answer
 * yet", "arrived by text 10:02". A latest text that failed, is outcome-unknown, undelivered or
 * waiting to retry says so instead ("text failed: number invalid"), because that is what
 * reception must act on.
 */
export function stateTextOf(state: WorkflowState, progress: AppointmentProgress | undefined, lastText: LastTextFacts | undefined, timeZone: string): string {
  const attention = attentionOf(lastText);
  if (attention === 'failed') return fill('text.failed', { reason: failureReason(lastText?.error) }, timeZone);
  if (attention === 'unknown') return fill('text.unknown', {}, timeZone);
  if (attention === 'undelivered') return fill('text.undelivered', { reason: 'reason.undelivered' }, timeZone);
  if (lastText?.status === 'retry') return fill('text.retry', {}, timeZone);
  const [key, values] = stateEntry(state, progress);
  return fill(key, values, timeZone);
}
