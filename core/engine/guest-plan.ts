import type { EngineMessage, EngineSettings, EngineState, TemplateName } from './decisions.js';
import { endOf } from './facts.js';
import type { IncomingOutcome, StepPlan } from './plan.js';
import type { Candidate } from './reply-routing.js';
import type { SendEffect } from './send-gate.js';

const HANDLED: IncomingOutcome = { state: 'handled' };

/** What the others in the call see: never the patient's name. */
export const GUEST_DISPLAY_NAME = 'Guest';

/** The key of the one text a GUEST message gets (its link, or why not). */
export function guestKey(message: EngineMessage): string {
  return `guest:${message.id}`;
}

function answer(message: EngineMessage, template: TemplateName, target?: Candidate): SendEffect {
  const send: SendEffect = { type: 'send', key: guestKey(message), to: message.from, template };
  if (target) send.appointment = target.appointment;
  return send;
}

/**
 * When a guest link stops working: when the room is closed (the appointment's end plus
 * `closeRoomsAfterMinutes`), or the room's own expiry if that is sooner.
 */
export function guestExpiry(target: Candidate, settings: EngineSettings): string {
  const closes = endOf(target.appointment) + settings.workflow.closeRoomsAfterMinutes * 60_000;
  const roomExpiry = Date.parse(target.synced.progress.room?.expiresAt ?? '');
  return new Date(Number.isFinite(roomExpiry) ? Math.min(closes, roomExpiry) : closes).toISOString();
}

/**
 * GUEST from a patient whose video invite is out: a grant (recorded first, then the provider's
 * link), the link texted, the grant marked sent. One clear answer and nothing created when
 * guests are off or the provider cannot make guest links (`GuestUnavailable`), or the consult
 * already has `video.maxGuests` live guests (`GuestLimit`). The patient's arrival is untouched.
 * The request key is the message id: the recorded reply plan resumes it after a crash.
 */
export function planGuest(target: Candidate, message: EngineMessage, state: EngineState, settings: EngineSettings): [StepPlan, IncomingOutcome] {
  const guests = settings.guests;
  if (!guests || guests.max <= 0 || !guests.linksAvailable) {
    return [{ step: 'guest', send: answer(message, 'GuestUnavailable', target) }, HANDLED];
  }
  const live = state.guestGrants?.get(target.appointment.id) ?? 0;
  if (live >= guests.max) return [{ step: 'guest', send: answer(message, 'GuestLimit', target) }, HANDLED];
  const requestKey = message.id;
  return [
    {
      step: 'guest',
      before: [{ type: 'grantGuest', appointment: target.appointment, requestKey, displayName: GUEST_DISPLAY_NAME, expiresAt: guestExpiry(target, settings) }],
      send: { ...answer(message, 'GuestLink', target), guestRequestKey: requestKey },
      after: [{ type: 'guestSent', requestKey }],
      onlyWithSend: true,
    },
    HANDLED,
  ];
}

/** GUEST with no video invite out: one clear answer, nothing created. */
export function planGuestNoVideo(message: EngineMessage): [StepPlan, IncomingOutcome] {
  return [{ step: 'guest', send: answer(message, 'GuestNoVideo') }, HANDLED];
}
