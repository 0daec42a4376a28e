import type { BookedGuestFact, Decision, Effect, EngineAppointment, EngineMessage, EngineSettings, EngineState } from './decisions.js';
import { CLOSED_STATUSES, endOf, hasOpenRoom, isVideoConsult } from './facts.js';
import type { PassContext } from './pass.js';
import type { IncomingOutcome, StepPlan } from './plan.js';
import type { AppointmentProgress } from './progress.js';
import type { Candidate } from './reply-routing.js';
import type { SendEffect } from './send-gate.js';

/*
 * Guests booked by reception (an interpreter, an outside clinician): once the patient's video
 * invite is out, each booked guest is texted their own link (`GuestBooked`) and the patient is
 * told who joins (`GuestAdded`). A NO GUEST reply revokes them (`GuestRefused`).
 */

/** Key of the guest's own link text: once per grant. */
export function bookedGuestKey(grantId: string): string {
  return `booked-guest:${grantId}`;
}

/** Key of the patient's `GuestAdded` text: once per grant. */
export function guestAddedKey(grantId: string): string {
  return `guest-added:${grantId}`;
}

/** Key of the answer to a NO GUEST reply: once per message. */
export function refuseGuestKey(message: EngineMessage): string {
  return `refuse-guest:${message.id}`;
}

/** When a booked guest's link stops working: the room's close (end + `closeRoomsAfterMinutes`), or the room's own expiry if sooner. */
export function bookedGuestExpiry(appointment: EngineAppointment, progress: AppointmentProgress | undefined, settings: EngineSettings): string {
  const closes = endOf(appointment) + settings.workflow.closeRoomsAfterMinutes * 60_000;
  const roomExpiry = Date.parse(progress?.room?.expiresAt ?? '');
  return new Date(Number.isFinite(roomExpiry) ? Math.min(closes, roomExpiry) : closes).toISOString();
}

/** The booked guests may get their links now: guest links available, and the invite out with the room open (or going out in `invite`). */
function linksDue(appointment: EngineAppointment, progress: AppointmentProgress, settings: EngineSettings, inviting: boolean): boolean {
  if (!settings.guests?.linksAvailable || CLOSED_STATUSES.has(appointment.status)) return false;
  if (inviting) return true;
  return isVideoConsult(appointment, progress) && progress.videoInviteSentAt !== undefined && hasOpenRoom(progress);
}

function guestAddedSend(appointment: EngineAppointment, guest: BookedGuestFact): SendEffect {
  return {
    type: 'send',
    key: guestAddedKey(guest.grantId),
    to: appointment.mobileE164!,
    template: 'GuestAdded',
    appointment,
    vars: { guestName: guest.displayName, guestKind: guest.kind },
  };
}

/**
 * The effects for each booked guest still to be told about: the grant for the open room and its
 * link (recorded as each exists), the guest's text, the grant marked sent, then the patient's
 * text and the grant marked told. With `invite` (this pass's video-invite decision for the
 * appointment) they follow the invite in that decision, so they happen only once the invite
 * went out; otherwise each guest is a decision of its own, appended to `out`. Every text has a key of its grant, and
 * the store's state changes are guarded, so a pass repeated after a crash finishes the same
 * grant and sends nothing twice. A guest's text stopped by policy (whitelist, opt-out, the
 * guest's daily cap) makes nothing and is decided again next pass; a patient's text stopped by
 * policy is tried again next pass while the guest keeps their link.
 */
export function pushBookedGuestDecisions(
  out: Decision[],
  appointment: EngineAppointment,
  progress: AppointmentProgress,
  state: EngineState,
  settings: EngineSettings,
  pass: PassContext,
  invite?: Decision,
): void {
  const guests = state.bookedGuests?.get(appointment.id);
  if (!guests?.length || !linksDue(appointment, progress, settings, invite !== undefined)) return;
  const push = (effects: Effect[]) => {
    if (invite) invite.effects.push(...effects);
    else out.push({ step: 'booked-guest', appointmentId: appointment.id, effects });
  };
  for (const guest of guests) {
    if (guest.state === 'sent' && guest.patientTold) continue;
    const effects: Effect[] = [];
    if (guest.state !== 'sent') {
      const toGuest = pass.gate.check({
        type: 'send',
        key: bookedGuestKey(guest.grantId),
        to: guest.phone,
        template: 'GuestBooked',
        vars: { guestName: guest.displayName },
        guestRequestKey: guest.requestKey,
      });
      if (toGuest.type === 'suppressed') {
        push([{ ...toGuest, appointmentId: appointment.id }]);
        continue;
      }
      effects.push({ type: 'linkBookedGuest', appointment, grantId: guest.grantId, expiresAt: bookedGuestExpiry(appointment, progress, settings) }, toGuest, {
        type: 'guestSent',
        requestKey: guest.requestKey,
      });
    }
    const toPatient = pass.gate.check(guestAddedSend(appointment, guest));
    if (toPatient.type === 'send') effects.push(toPatient, { type: 'bookedGuestTold', grantId: guest.grantId });
    else effects.push(toPatient);
    push(effects);
  }
}

/** "Ana (interpreter)", "Ana (interpreter) and Dr Lee (clinician)", "A, B and C". */
export function guestNamesText(guests: readonly BookedGuestFact[]): string {
  const names = guests.map((guest) => `${guest.displayName} (${guest.kind})`);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

const HANDLED: IncomingOutcome = { state: 'handled' };

/**
 * NO GUEST from the patient: the guests reception booked for their consult today are revoked
 * (at the provider first, then recorded as revoked by `patient`) and the patient is told who
 * will not join. The revocation stands even when the answer cannot be sent (cap, opt-out). With
 * no booked guest a clear answer and nothing changed; with booked guests on two of the phone's
 * consults, nothing is guessed (`too-many`).
 */
export function planRefuseGuest(candidates: readonly Candidate[], message: EngineMessage, state: EngineState): [StepPlan, IncomingOutcome] {
  const withGuests = candidates.filter((c) => !CLOSED_STATUSES.has(c.appointment.status) && (state.bookedGuests?.get(c.appointment.id)?.length ?? 0) > 0);
  const key = refuseGuestKey(message);
  if (withGuests.length === 0) {
    return [{ step: 'refuse-guest', send: { type: 'send', key, to: message.from, template: 'GuestNoneToRefuse' } }, HANDLED];
  }
  if (withGuests.length > 1) {
    return [
      { step: 'too-many-appointments', send: { type: 'send', key: `too-many-appointments:${message.id}`, to: message.from, template: 'TooManyAppointments' } },
      { state: 'unprocessed', reason: 'too-many-appointments' },
    ];
  }
  const target = withGuests[0]!;
  const guests = state.bookedGuests!.get(target.appointment.id)!;
  return [
    {
      step: 'refuse-guest',
      before: [{ type: 'revokeGuests', appointmentId: target.appointment.id, grantIds: guests.map((g) => g.grantId), by: 'patient' }],
      send: { type: 'send', key, to: message.from, template: 'GuestRefused', appointment: target.appointment, vars: { guestNames: guestNamesText(guests) } },
    },
    HANDLED,
  ];
}
